// Lab 3 end to end, run once per delivery mode (local/test.sh applies sns, runs
// this, then rolls back to delivery_mode=sqs with scripts/migrate.ts and runs it again): 200 webhooks, each
// delivered 3 times — half of them concurrently while the first delivery is
// processing, half replayed after it completed — give exactly 200 submissions
// and exactly 200 replies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLab3Check } from '@streamlab/labs/lab3-check';
import { readReplies } from '@streamlab/labs/replies';
import { allSubmissions, waitForCompleted } from '@streamlab/labs/submissions';
import { clients, lab, redeliverAll, sendBurst, target, waitUntilSettled } from './harness.ts';

test.before(async () => {
  await readReplies(clients, lab.replies_queue_url, { quietMs: 0, timeoutMs: 5000 });
});

test(`[${lab.delivery_mode}] the happy path: webhook → submission → reply; a replayed duplicate is skipped`, async () => {
  const result = await runLab3Check(target, clients, 30_000);
  assert.ok(result.ok, result.lines.join('\n'));
});

test(`[${lab.delivery_mode}] 200 webhooks × 3 deliveries (half concurrent) → exactly 200 submissions and 200 replies`, async () => {
  const before = new Set((await allSubmissions(clients, lab.submissions_table)).map((s) => s.message_id));
  const accepted = await sendBurst(200);
  const concurrent = accepted.slice(0, 100);
  const replayed = accepted.slice(100);
  await redeliverAll(concurrent, 2, true); // while the first deliveries are processing
  const done = await waitForCompleted(clients, lab.submissions_table, accepted.map((a) => a.messageId), 180_000);
  assert.is(done.size, 200, 'every message completed');
  await redeliverAll(replayed, 2, false); // after completion
  await waitUntilSettled(240_000);

  const ours = (await allSubmissions(clients, lab.submissions_table)).filter((s) => !before.has(s.message_id));
  assert.is(ours.length, 200, 'exactly 200 submissions');
  assert.ok(ours.every((s) => s.status === 'completed'));
  const replies = await readReplies(clients, lab.replies_queue_url, { quietMs: 3000, timeoutMs: 60_000, atLeast: 200 });
  const ids = new Set(accepted.map((a) => a.messageId));
  const ourReplies = replies.filter((r) => ids.has(r.message_id));
  assert.is(ourReplies.length, 200, 'exactly 200 replies');
  assert.is(new Set(ourReplies.map((r) => r.message_id)).size, 200, 'one reply per message_id');

  const first = ours.find((s) => s.message_id === accepted[0]!.messageId)!;
  assert.is(first.phone_number, accepted[0]!.message.phone_number);
  assert.equal(first.media_items, accepted[0]!.message.media_items, 'media references stored');
  assert.type(first.processing_time_ms, 'number');
});

test.run();
