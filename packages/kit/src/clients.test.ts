import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from './target.ts';

// In a process of its own: this process's other tests load SDK packages too.
const probe = `
import { createRequire } from 'node:module';
import { clientsFor } from '@streamlab/kit/clients';
const require = createRequire(import.meta.url);
const loaded = (name) => Object.keys(require.cache).some((path) => path.includes('/node_modules/@aws-sdk/' + name + '/'));
const clients = clientsFor({ name: 'local', instance: 'x', stateDir: '/tmp', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' } });
const before = ['client-sqs', 'client-cloudwatch', 'client-lambda'].filter(loaded);
const sqs = clients.sqs;
console.log(JSON.stringify({
  before,
  sqsLoaded: loaded('client-sqs'),
  cloudwatchLoaded: loaded('client-cloudwatch'),
  same: clients.sqs === sqs,
  sameClass: clients.dynamodb.constructor === require('@aws-sdk/client-dynamodb').DynamoDBClient,
  region: await clients.dynamodb.config.region(),
}));
`;

test('a client is made on first use, once, and only its own SDK package is loaded', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: join(REPO_ROOT, 'scripts'), encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  const seen = JSON.parse(out) as Record<string, unknown>;
  assert.equal(seen['before'], [], 'no client package loaded before a client is asked for');
  assert.is(seen['sqsLoaded'], true);
  assert.is(seen['cloudwatchLoaded'], false, 'a client never asked for is never loaded');
  assert.is(seen['same'], true, 'one client per script');
  assert.is(seen['sameClass'], true, 'the class the scripts import');
  assert.is(seen['region'], 'us-east-1');
});

test.run();
