// make reset: every table and queue of the labs is empty afterwards, the
// outbox keeps only confirmation emails, and the deployment still works.
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { putMessage } from '@streamlab/labs/messages';
import { emptyTable, labQueues, labTables } from '@streamlab/labs/reset';
import { outboxDir, readOutbox, type Email } from '@streamlab/labs/outbox';
import { REPO_ROOT } from '@streamlab/kit/target';
import { clients, sleep, target } from './harness.ts';

test('make reset empties the tables, queues and notification emails, and keeps confirmations', async () => {
  await clients.dynamodb.send(new PutItemCommand({ TableName: target.lab2.orders_table, Item: marshall({ orderId: 'reset-test', status: 'x' }) }));
  await putMessage(clients, target.lab1.messages_table, { author: 'reset', text: 'deleted by make reset' }); // its deletion is notified, then emptied too
  // Lab 4's analytics writes a window's counts when the window ends, and no reset
  // can stop a window in flight: wait for this message's (every earlier window is final by then).
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
    const { Count = 0 } = await clients.dynamodb.send(new QueryCommand({ TableName: target.lab4.analytics_table, KeyConditionExpression: 'author = :a', ExpressionAttributeValues: marshall({ ':a': 'reset' }) }));
    if (Count > 0) break;
  }
  await clients.sqs.send(new SendMessageCommand({ QueueUrl: target.lab2.order_dlq_url, MessageBody: 'reset test' }));
  const confirmations = readOutbox(outboxDir(target.stateDir)).filter((m) => /Subscription Confirmation/i.test(m.headers['subject'] ?? '')).length;

  const resetStarted = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/reset.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, STREAMLAB_INSTANCE: target.instance } });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout.trim(), /^✓ reset local: \d+ item\(s\) from 6 tables, about \d+ message\(s\) from \d+ queues, \d+ notification email\(s\) from the outbox, the trace\.$/, r.stdout);

  for (const table of labTables(target)) assert.is(await emptyTable(clients, table), 0, `${table} is empty`);
  for (const url of labQueues(target)) {
    const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
    assert.is(Messages.length, 0, `${url} is empty`);
  }
  // An alarm changes state on its own clock: one that changes while the reset
  // runs emails then, after the outbox was emptied (a make test run on a loaded
  // machine saw lab 3's failed-deliveries alarm return to OK mid-reset). That
  // email is news, not a leftover.
  const alarmNews = (m: Email) => /^(ALARM|OK|INSUFFICIENT_DATA): "/.test(m.headers['subject'] ?? '') && statSync(m.file).mtimeMs >= resetStarted;
  const left = readOutbox(outboxDir(target.stateDir)).filter((m) => !alarmNews(m));
  assert.is(left.length, confirmations, `only the confirmation emails are left: ${left.map((m) => m.headers['subject']).join(' | ')}`);
});

test.run();
