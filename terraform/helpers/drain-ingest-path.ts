// Run by Terraform (a destroy-time local-exec of lab 3's drain guards) before
// an ingest path is deleted: waits until nothing publishes to it, nothing waits
// in it and its DLQ is empty; exits 1, saying why, otherwise. Terraform then
// stops before deleting the path, and a later apply tries again.
//   usage: tsx drain-ingest-path.ts sns|sqs <topic-arn|queue-url> <dlq-url> <publisher,...>
// STREAMLAB_DRAIN=skip deletes without waiting (make destroy: everything goes).
// STREAMLAB_DRAIN_TIMEOUT_SECONDS (default 300: a failing message takes up to
// 3 × the 60 s visibility timeout to reach the DLQ).
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { drainPath } from './ingest-drain.ts';
import { ingestProbe, type IngestPath } from './ingest-probe.ts';

const [path, address, dlqUrl, publishers] = process.argv.slice(2);
if ((path !== 'sns' && path !== 'sqs') || !address || !dlqUrl || !publishers) {
  console.error('usage: drain-ingest-path.ts sns|sqs <topic-arn|queue-url> <dlq-url> <publisher,...>');
  process.exit(2);
}
const name = address.split(/[/:]/).at(-1);
if (process.env['STREAMLAB_DRAIN'] === 'skip') {
  console.log(`${name}: STREAMLAB_DRAIN=skip, deleting without the drain check`);
  process.exit(0);
}
const timeoutSeconds = Number(process.env['STREAMLAB_DRAIN_TIMEOUT_SECONDS'] ?? 300);
const probe = ingestProbe({ path: path as IngestPath, address, dlqUrl, publisherNames: publishers.split(',') }, { lambda: new LambdaClient({}), sqs: new SQSClient({}) });
const result = await drainPath(probe, {
  timeoutMs: timeoutSeconds * 1000,
  pollMs: 1000,
  emptyReads: 3,
  now: Date.now,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  log: (line) => console.log(`${name}: ${line}`),
});
if (!result.ok) {
  console.error(`error: ${result.problem} (STREAMLAB_DRAIN=skip deletes the path without this check)`);
  process.exit(1);
}
console.log(`${name}: drained (nothing publishes to it, nothing waits in it, its DLQ is empty) after ${(result.waitedMs / 1000).toFixed(1)} s`);
