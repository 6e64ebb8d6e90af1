// The console server's pure helpers: trace counts, names, error text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shortName } from './pipelines.ts';
import { errorText, newestErrorLine } from './readers.ts';
import { traceCounts } from './trace.ts';

test('traceCounts counts retries, bisects, hand-offs and records per function', () => {
  const fn = 'arn:aws:lambda:us-east-1:123456789012:function:streamlab-local-message-stream-processor';
  const counts = traceCounts([
    { time: '', kind: 'invoke', function: fn, batchSize: 10 },
    { time: '', kind: 'bisect', function: fn },
    { time: '', kind: 'invoke', function: fn, batchSize: 5 },
    { time: '', kind: 'retry', function: fn },
    { time: '', kind: 'on-failure', function: fn },
    { time: '', kind: 'invoke', function: 'streamlab-local-webhook-handler' },
  ]);
  assert.equal(counts.get('streamlab-local-message-stream-processor'), { retries: 1, bisects: 1, onFailure: 1, records: 15, throttled: 0 });
  assert.equal(counts.get('streamlab-local-webhook-handler')?.records, 0);
});

test('shortName drops the deployment prefix, whatever the instance', () => {
  assert.is(shortName('streamlab-local-OrderTopic'), 'OrderTopic');
  assert.is(shortName('streamlab-docs-readme-webhook-handler'), 'webhook-handler');
  assert.is(shortName('streamlab-test-message-notifications-test-dlq'), 'message-notifications-test-dlq');
  assert.is(shortName('other-name'), 'other-name');
});

test('errorText reads Powertools JSON errors and plain lines', () => {
  assert.is(errorText(JSON.stringify({ level: 'ERROR', message: 'Order failed', error: { name: 'InvalidOrderError', message: 'quantity must be a positive integer' } })), 'InvalidOrderError: quantity must be a positive integer');
  assert.is(errorText('2026-12-02T00:00:00Z\tabc\tERROR\tboom'), 'boom');
  assert.is(errorText('2026-12-02T00:00:00Z\tabc\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"bad input","stack":["TypeError: bad input"]}'), 'TypeError: bad input');
});

test("the newest error line to show is the application's own, not the runtime's Invoke Error after it", () => {
  const app = { message: JSON.stringify({ level: 'ERROR', error: { name: 'InvalidOrderError', message: 'quantity must be a positive integer' } }) };
  const runtime = { message: '2026-12-02T00:00:00Z\tabc\tERROR\tInvoke Error \t{"errorType":"FullBatchFailureError","errorMessage":"All records failed processing."}' };
  assert.is(newestErrorLine([runtime, app]), app);
  assert.is(newestErrorLine([runtime]), runtime);
});

test.run();
