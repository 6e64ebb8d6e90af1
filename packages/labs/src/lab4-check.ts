// Lab 4's end-to-end check (make demo): the web app's page and API, a thread
// whose reply notifies with its chain, the filtered subscription, the search
// index and the analytics window. It leaves subscribers' preferences alone.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ScriptClients } from '@streamlab/kit/clients';
import type { Target } from '@streamlab/kit/target';
import { poll } from '@streamlab/kit/wait';
import type { CheckResult } from './lab1-check.ts';
import { waitForNotifications } from './notifications.ts';
import { callApi, postMessage } from './web-app.ts';

export async function runLab4Check(target: Target, clients: ScriptClients, timeoutMs: number): Promise<CheckResult> {
  const lab4 = target.lab4;
  const lines: string[] = [];
  let ok = true;
  const step = (passed: boolean, line: string) => {
    ok &&= passed;
    lines.push(`${passed ? '✓' : '✗'} ${line}`);
  };

  const page = await fetch(lab4.web_app_url);
  step(page.status === 200 && (page.headers.get('content-type') ?? '').startsWith('text/html'), `the web app answers at ${lab4.web_app_url} (${page.status})`);

  const tag = new Date().toISOString().slice(11, 19).replaceAll(':', '');
  const author = `alice`;
  const root = await postMessage(target, { author, text: `Lab 4 check ${tag}: who has tried tumbling windows?` });
  const reply = await postMessage(target, { author: 'bob', text: `Me, and the search index (${tag}).`, reply_to_message_id: root.message_id });
  const thread = await callApi<{ messages: { message_id: string }[] }>(target, 'GET', `threads/${root.message_id}`);
  step(thread.status === 200 && thread.body.messages?.length === 2, `POST /api/messages twice, GET /api/threads/${root.message_id.slice(0, 8)}…: a thread of ${thread.body.messages?.length ?? 0}`);

  const notified = await waitForNotifications(clients, target.lab1.test_queue_url, [reply.message_id], timeoutMs);
  const chain = notified.found.get(reply.message_id)?.document.thread;
  step(chain?.depth === 1 && chain.chain[0]?.message_id === root.message_id, `the reply's notification shows its thread: ${chain ? chain.chain.map((e) => e.author).join(' → ') : '?'} → bob`);

  const filtered = await waitForNotifications(clients, lab4.filtered_queue_url, [root.message_id], timeoutMs);
  step(filtered.missing.length === 0, `the filtered subscription let alice's message through (author, text_length ≥ 20, no spoiler)`);

  const hits = await poll(async () => {
    const answer = await callApi<{ hits?: { message_id: string }[] }>(target, 'GET', 'search?q=tumbling+windows');
    return answer.body.hits?.some((h) => h.message_id === root.message_id) ? answer.body.hits.length : undefined;
  }, timeoutMs, 500);
  step(hits !== undefined, `GET /api/search?q=tumbling+windows finds it (${hits ?? 0} hit${hits === 1 ? '' : 's'})`);

  const windowMs = lab4.analytics_window_seconds * 1000;
  const row = await poll(async () => {
    const { Items = [] } = await clients.dynamodb.send(
      new QueryCommand({ TableName: lab4.analytics_table, KeyConditionExpression: 'author = :a AND window_start >= :s', ExpressionAttributeValues: marshall({ ':a': author, ':s': new Date(Date.parse(root.timestamp) - windowMs).toISOString().replace(/\.\d+Z$/, 'Z') }) }),
    );
    return Items.length > 0 ? unmarshall(Items.at(-1)!) : undefined;
  }, windowMs + timeoutMs, 500);
  step(row !== undefined, row ? `the analytics window ${String(row['window_start']).slice(11)} counted ${row['message_count']} message(s) by alice (tumbling window of ${lab4.analytics_window_seconds} s)` : `no analytics row within ${(windowMs + timeoutMs) / 1000} s`);
  return { ok, lines, latenciesMs: [] };
}
