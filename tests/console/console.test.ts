// The lab console in a real browser, on the test instance: the learner's path
// through it. Each test names what it proves; each can fail (a count that does
// not move, a link that does not confirm, a DLQ that does not empty).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ListSubscriptionsByTopicCommand, PublishCommand, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { portsOf } from '../../local/runtime/protocol.ts';
import { REPO_ROOT } from '@streamlab/kit/target';
import { clients, target } from '../integration/harness.ts';
import { until as untilSettled } from '../support.ts';
import { closeBrowser, hopCount, openPage, screenshot } from './browser.ts';
import { resourceName } from '@streamlab/kit/arn';

const port = Number(new URL(target.endpoint!).port);
const base = `http://127.0.0.1:${portsOf(port).console}`;
const run = Date.now().toString(36);
let empty: ChildProcess | undefined;

/** Waits with the page: a locator read while the page re-renders is "not yet". */
const until = <T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>) => untilSettled(what, timeoutMs, probe, { retryErrors: true, intervalMs: 500 });

/** PurgeQueue (in-flight messages too), waiting out SQS's one purge per 60 s when a re-run on the same instance purged just before. */
async function purge(url: string): Promise<void> {
  await until(`a purge of ${url}`, 70_000, async () => {
    try {
      await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
      return true;
    } catch (error) {
      if ((error as Error).name.includes('PurgeQueueInProgress')) return undefined;
      throw error;
    }
  });
}

test('with nothing deployed, the console says to run make apply', async () => {
  // A console for an instance that has no outputs.json: what a learner sees after `make up` alone.
  const emptyPort = port + 7;
  empty = spawn(process.execPath, [join(REPO_ROOT, '.streamlab', target.instance, 'console', 'server.mjs')], {
    env: { ...process.env, STREAMLAB_ROOT: REPO_ROOT, STREAMLAB_INSTANCE: `console-empty-${run}`, STREAMLAB_CONSOLE_PORT: String(emptyPort) },
    stdio: 'ignore',
  });
  const emptyBase = `http://127.0.0.1:${emptyPort}`;
  await until('the empty console to answer', 10_000, () => fetch(`${emptyBase}/api/about`).then((r) => r.ok));
  const page = await openPage(emptyBase);
  const notice = page.getByTestId('not-deployed');
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text!, 'Nothing is deployed yet');
  assert.match(text!, 'run `make apply`');
  assert.is(await page.locator('svg.diagram').count(), 0, 'no diagram without a deployment');
  await screenshot(page, 'not-deployed');
  await page.close();
});

test('a pending subscription is confirmed by clicking the link in the mailbox, and shows confirmed', async () => {
  const email = `console-${run}@example.com`;
  const topic = target.lab1.notifications_topic_arn;
  await clients.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: email }));
  const page = await openPage(base, '/#/topics');
  await page.getByTestId(`topic-${resourceName(topic)}`).click();
  const row = page.locator(`tr[data-endpoint="${email}"]`);
  await assert.is(await row.getByTestId('sub-status').textContent(), 'Pending confirmation');

  await page.goto(`${base}/#/mail`);
  await page.locator('[data-testid="mail-list"] li[data-kind="SubscriptionConfirmation"]', { hasText: email }).first().click();
  await page.getByTestId('mail').getByText(email).first().waitFor();
  await screenshot(page, 'mailbox-confirmation');
  const link = page.getByTestId('mail').getByTestId('mail-link').filter({ hasText: 'Confirm subscription' });
  await link.click();
  await page.getByTestId('confirmed').waitFor();
  assert.match((await page.getByTestId('confirmed').textContent())!, 'Subscription confirmed');

  await page.goto(`${base}/#/topics`);
  await page.getByTestId(`topic-${resourceName(topic)}`).click();
  await until('the subscription to show confirmed', 10_000, async () => (await page.locator(`tr[data-endpoint="${email}"]`).getByTestId('sub-status').textContent()) === 'Confirmed');
  await screenshot(page, 'topics-confirmed');
  await page.close();

  // The API agrees: the subscription has a real ARN now, so it can be removed.
  const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
  const mine = Subscriptions.find((s) => s.Endpoint === email);
  assert.ok(mine?.SubscriptionArn?.startsWith('arn:'), `confirmed through the API too (${mine?.SubscriptionArn})`);
  await clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: mine!.SubscriptionArn }));
});

test('a poison order published from the console is watched hop by hop into the DLQ, followed in the timeline, and redriven with the button', async () => {
  const orderId = `order-console-${run}`;
  // Lab 2's queues start empty, so the DLQ's one message is this order (an earlier test may leave orders behind).
  for (const url of [target.lab2.order_queue_url, target.lab2.order_dlq_url]) await purge(url);
  const page = await openPage(base, '/#/topics');
  await page.getByTestId(`topic-${resourceName(target.lab2.order_topic_arn)}`).click();
  await page.getByTestId('publish-message').fill(JSON.stringify({ orderId, userId: 'user-42', itemName: 'Wireless Mouse', quantity: 0, status: 'PENDING', timestamp: new Date().toISOString() }));
  await page.getByTestId('publish').click();
  assert.match((await page.getByTestId('action-result').textContent())!, /Publish .*OrderTopic: MessageId/);

  await page.goto(`${base}/#/lab/2`);
  await page.getByTestId('diagram-lab2').waitFor();
  // Hop by hop: the function fails (turns red with the order's own error), then SQS moves the order to the DLQ after 3 receives (30 s visibility each).
  // The processor may still be red from an earlier test's failure (the suites share the instance), so wait for this order's error.
  const processorReason = async () => (await page.getByTestId('reasons').locator('li[data-hop="processor"]').textContent({ timeout: 1000 }).catch(() => '')) ?? '';
  await until('OrderProcessor to turn red with the order\'s error', 60_000, async () => (await page.locator('g[data-hop="processor"]').getAttribute('data-state')) === 'failed' && (await processorReason()).includes('quantity must be a positive integer'));
  await until('the order to reach the DLQ', 150_000, async () => (await hopCount(page, 'dlq', 'visible')) === 1);
  assert.is(await page.locator('g[data-hop="dlq"]').getAttribute('data-state'), 'failed');
  assert.match((await page.getByTestId('reasons').locator('li[data-hop="dlq"]').textContent())!, `order ${orderId}: quantity must be a positive integer`);
  await screenshot(page, 'lab2-poison-in-dlq');

  await page.goto(`${base}/#/timeline/${orderId}`);
  await until('three failed attempts and the DLQ in the timeline', 30_000, async () => (await page.getByTestId('attempt').count()) >= 3 && (await page.getByTestId('ended').textContent())?.includes('in the DLQ'));
  const attempts = await page.getByTestId('attempt').allTextContents();
  assert.ok(attempts.slice(0, 3).every((a) => a.includes('OrderProcessor') && a.includes('✗') && a.includes('quantity must be a positive integer')), attempts.join('\n'));
  await screenshot(page, 'timeline-poison-order');

  await page.goto(`${base}/#/queues`);
  const dlqRow = page.locator(`tr[data-queue="${target.lab2.order_dlq_url.split('/').at(-1)}"]`);
  await until('the DLQ row to show the order', 10_000, async () => Number(await dlqRow.getByTestId('visible').textContent()) === 1);
  // An earlier redrive of this queue (a re-run on the same instance) shows its own task: wait for a new one.
  const earlier = (await dlqRow.getByTestId('move-task').count()) > 0 ? await dlqRow.getByTestId('move-task').textContent() : null;
  await dlqRow.getByTestId('redrive').click();
  assert.match((await page.getByTestId('action-result').textContent())!, 'StartMessageMoveTask');
  const task = await until('the redrive task to complete', 20_000, async () => {
    const text = await dlqRow.getByTestId('move-task').textContent();
    return text !== earlier && text?.includes('COMPLETED') ? text : undefined;
  });
  assert.match(task, /COMPLETED, 1 of 1 moved/);
  await until('the DLQ row to show it empty', 10_000, async () => Number(await dlqRow.getByTestId('visible').textContent()) === 0);
  await screenshot(page, 'queues-redrive');
  await page.close();
  // The order is back on OrderQueue and would fail again: clear both queues for the tests that follow.
  for (const url of [target.lab2.order_queue_url, target.lab2.order_dlq_url]) await purge(url);
});

test('the Invocations graph moves after a burst of 20 orders', async () => {
  const page = await openPage(base, '/#/metrics');
  const chart = page.locator('[data-testid="chart"][data-title="Invocations (Sum)"]');
  await chart.waitFor();
  await until('the first metrics', 10_000, async () => (await chart.getAttribute('data-total')) !== null);
  const before = Number(await chart.getAttribute('data-total'));
  for (let i = 0; i < 20; i += 1) {
    const order = { orderId: `order-burst-${run}-${i}`, userId: 'user-7', itemName: 'USB Cable', quantity: 1, status: 'PENDING', timestamp: new Date().toISOString() };
    await clients.sns.send(new PublishCommand({ TopicArn: target.lab2.order_topic_arn, Message: JSON.stringify(order) }));
  }
  const after = await until('the graph to count the burst', 60_000, async () => {
    const total = Number(await chart.getAttribute('data-total'));
    return total > before ? total : undefined;
  });
  assert.ok(after > before, `Invocations went from ${before} to ${after}`);
  await screenshot(page, 'metrics-after-burst');
  await page.close();
});

test('each lab\'s pipeline is drawn with live counts (screenshots for the lab docs)', async () => {
  await clients.dynamodb.send(new PutItemCommand({ TableName: target.lab1.messages_table, Item: { message_id: { S: `console-${run}` }, author: { S: 'alice' }, text: { S: 'Hello from the console test' }, timestamp: { S: new Date().toISOString() } } }));
  const page = await openPage(base, '/#/lab/1');
  await until('the stream processor to count an invocation', 30_000, async () => (await hopCount(page, 'processor', 'invocations')) >= 1);
  assert.ok((await hopCount(page, 'messages', 'items')) >= 1);
  await screenshot(page, 'lab1-pipeline');
  await page.goto(`${base}/#/lab/3`);
  await page.getByTestId('diagram-lab3').waitFor();
  assert.ok((await page.locator('svg[data-testid="diagram-lab3"] g.hop').count()) >= 8, 'lab 3 has its hops');
  await screenshot(page, 'lab3-pipeline');
  await page.close();
});

test.after(async () => {
  await closeBrowser();
  empty?.kill();
});
test.run();
