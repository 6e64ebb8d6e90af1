import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { routeFunctionUrl } from './function-url.ts';

const awsUrl = 'https://abcdef0123456789abcdef0123456789.lambda-url.us-east-1.on.aws/';

test('an AWS function URL goes to AWS unless the rehearsal maps it', () => {
  assert.equal(routeFunctionUrl(awsUrl, undefined), { url: awsUrl, headers: {} });
});

test('the rehearsal sends an AWS function URL to the runtime with its host forwarded', () => {
  assert.equal(routeFunctionUrl(`${awsUrl}hooks?x=1`, 'http://127.0.0.1:4712'), {
    url: 'http://127.0.0.1:4712/hooks?x=1',
    headers: { 'x-forwarded-host': 'abcdef0123456789abcdef0123456789.lambda-url.us-east-1.on.aws' },
  });
});

test('a local function URL is used as it is, even in the rehearsal', () => {
  const local = 'http://127.0.0.1:4568/lambda-url/streamlab-local-webhook-handler/';
  assert.equal(routeFunctionUrl(local, 'http://127.0.0.1:4712'), { url: local, headers: {} });
});

test.run();
