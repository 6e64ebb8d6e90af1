// Lab 1 end to end: a message and a reply go in the table; both notifications
// must reach the test queue with the right content. Shared by
// scripts/end-to-end-test.ts and scripts/demo.ts.
import type { ScriptClients } from '@streamlab/kit/clients';
import { putMessage, type StoredMessage } from './messages.ts';
import { waitForNotifications, type ReceivedNotification } from './notifications.ts';
import { emptyQueue } from '@streamlab/kit/queues';
import type { Target } from '@streamlab/kit/target';

export interface CheckResult {
  ok: boolean;
  lines: string[];
  latenciesMs: number[];
}

function expectEqual(problems: string[], what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function checkNotification(n: ReceivedNotification, message: StoredMessage, original?: StoredMessage): string[] {
  const problems: string[] = [];
  const type = original ? 'reply_created' : 'message_created';
  expectEqual(problems, 'event_type', n.document.event_type, type);
  expectEqual(problems, 'event_type attribute', n.attributes['event_type'], type);
  expectEqual(problems, 'author attribute', n.attributes['author'], message.author);
  expectEqual(problems, 'author', n.document.message.author, message.author);
  expectEqual(problems, 'text', n.document.message.text, message.text);
  if (original) {
    expectEqual(problems, 'in_reply_to.found', n.document.in_reply_to?.found, true);
    expectEqual(problems, 'in_reply_to author', n.document.in_reply_to?.message?.author, original.author);
    expectEqual(problems, 'in_reply_to text', n.document.in_reply_to?.message?.text, original.text);
  }
  if (!n.subject?.includes(message.author)) problems.push(`subject "${n.subject}" does not name the author`);
  return problems;
}

export async function runLab1Check(target: Target, clients: ScriptClients, timeoutMs: number): Promise<CheckResult> {
  const lines: string[] = [];
  const { messages_table: table, test_queue_url: queue } = target.lab1;
  const tag = new Date().toISOString().slice(11, 19);

  // Drain first, then time: a backlog would otherwise be timed as latency.
  const drained = await emptyQueue(clients, queue);
  if (drained > 0) lines.push(`(${drained} older notification(s) on the test queue removed first, so the timing is this check's alone)`);
  const t0 = Date.now();
  const original = await putMessage(clients, table, { author: 'alice', text: `End-to-end check ${tag}: is the stream on?` });
  const first = await waitForNotifications(clients, queue, [original.message_id], timeoutMs);
  const reply = { t: Date.now(), message: await putMessage(clients, table, { author: 'bob', text: `Loud and clear (${tag}).`, reply_to_message_id: original.message_id }) };
  const second = await waitForNotifications(clients, queue, [reply.message.message_id], timeoutMs);

  const results: [string, StoredMessage, number, ReceivedNotification | undefined, StoredMessage | undefined][] = [
    ['message', original, t0, first.found.get(original.message_id), undefined],
    ['reply  ', reply.message, reply.t, second.found.get(reply.message.message_id), original],
  ];
  let ok = true;
  const latenciesMs: number[] = [];
  for (const [label, message, sentAt, notification, context] of results) {
    if (!notification) {
      ok = false;
      lines.push(`✗ ${label} ${message.message_id}: no notification within ${timeoutMs / 1000}s`);
      continue;
    }
    const latency = notification.receivedAt - sentAt;
    latenciesMs.push(latency);
    const problems = checkNotification(notification, message, context);
    if (problems.length > 0) ok = false;
    lines.push(`${problems.length ? '✗' : '✓'} ${label} ${message.author}: "${message.text}" → notification in ${latency} ms`);
    if (context && notification.document.in_reply_to?.message) {
      lines.push(`    in reply to ${notification.document.in_reply_to.message.author}: "${notification.document.in_reply_to.message.text}"`);
    }
    for (const p of problems) lines.push(`    mismatch: ${p}`);
  }
  const ignored = first.ignored + second.ignored;
  if (ignored > 0) lines.push(`  (${ignored} older notification(s) on the test queue were read and removed)`);
  return { ok, lines, latenciesMs };
}
