// Bring your own trigger: examples written from AWS's documentation, each with
// its own Terraform, deployed as docs/your-own-function.md says and judged by
// their effect: an EventBridge Scheduler schedule, S3 → Lambda, S3 → SQS →
// Lambda, and an HTTP API over DynamoDB with a Cognito JWT authorizer. (EventBridge rules → Lambda and →
// SNS → SQS are in examples.test.ts.)
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AdminCreateUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { until } from '../support.ts';
import { clientConfig, deployAll, type Deployed } from './deploy.ts';

const dynamodb = new DynamoDBClient(clientConfig);
const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
let deployed: Map<string, Deployed>;
let deployError: Error | undefined; // uvu does not report a failing hook: every test does

const item = (table: string, key: string, value: string) => async () => (await dynamodb.send(new GetItemCommand({ TableName: table, Key: { [key]: { S: value } } }))).Item;
const outputs = (example: string) => {
  if (deployError) throw deployError;
  return deployed.get(example)!.outputs;
};

test.before(async () => {
  deployed = await deployAll(['scheduler', 's3-lambda', 's3-sqs', 'http-api']).catch((error: Error) => {
    deployError = error;
    return new Map();
  });
});

test('an EventBridge Scheduler at() schedule invokes its function once, with its execution role', async () => {
  outputs('scheduler');
  const stored = await until('the reminder in byo-reminders', 90_000, item('byo-reminders', 'id', 'reminder-1'));
  assert.is(stored['text']?.S, 'stretch your legs');
  assert.match(stored['schedule']?.S ?? '', /^arn:aws:scheduler:us-east-1:\d{12}:schedule\/byo-reminders\/byo-reminder-once$/, 'the context attribute was filled in');
});

test('S3 → Lambda: a new object under the prefix invokes the function with its record; others do not', async () => {
  const bucket = outputs('s3-lambda')['bucket']!;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/report 1.txt', Body: 'hello' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/skip.txt', Body: 'no' }));
  const stored = await until('the object in byo-s3-lambda-objects', 30_000, item('byo-s3-lambda-objects', 'key', 'uploads/report 1.txt'));
  assert.equal([stored['size']?.N, stored['event']?.S, stored['bucket']?.S], ['5', 'ObjectCreated:Put', bucket]);
  assert.is(await item('byo-s3-lambda-objects', 'key', 'elsewhere/skip.txt')(), undefined, 'the prefix filter kept it out');
});

test('S3 → SQS → Lambda: objects with the suffix are queued and recorded; the test event is skipped', async () => {
  const bucket = outputs('s3-sqs')['bucket']!;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sales/2026-12.csv', Body: 'a,b\n1,2\n' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sales/readme.md', Body: 'no' }));
  const stored = await until('the object in byo-s3-sqs-objects', 30_000, item('byo-s3-sqs-objects', 'key', 'sales/2026-12.csv'));
  assert.is(stored['size']?.N, '8');
  assert.is(await item('byo-s3-sqs-objects', 'key', 'sales/readme.md')(), undefined, 'the suffix filter kept it out');
});

test('an HTTP API: POST /items stores an item, GET /items/{id} reads it, bad input is a 400', async () => {
  const api = outputs('http-api')['api_url']!;
  assert.match(api, /^http:\/\/127\.0\.0\.1:\d+\/_aws\/execute-api\/[a-z0-9]+$/, 'api_endpoint is a local address');
  const posted = await fetch(`${api}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'i-1', name: 'lamp' }) });
  assert.is(posted.status, 201);
  const read = await fetch(`${api}/items/i-1`);
  assert.is(read.status, 200);
  assert.equal(await read.json(), { id: 'i-1', name: 'lamp' });
  assert.is((await fetch(`${api}/items/none`)).status, 404);
  const bad = await fetch(`${api}/items`, { method: 'POST', body: 'not json' });
  assert.is(bad.status, 400);
  assert.equal(await bad.json(), { message: 'the body must be JSON' });
  assert.is((await item('byo-http-items', 'id', 'i-1')())?.['name']?.S, 'lamp');
});

test("an HTTP API's JWT authorizer: GET /me answers a Cognito user's ID token with its username, and 401 without one", async () => {
  const { api_url: api, user_pool_id: UserPoolId, client_id: ClientId } = outputs('http-api');
  const cognito = new CognitoIdentityProviderClient(clientConfig);
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: 'byo-learner' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'byo-learner', Password: 'Correct-horse-1', Permanent: true }));
  const { AuthenticationResult } = await cognito.send(
    new AdminInitiateAuthCommand({ UserPoolId, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'byo-learner', PASSWORD: 'Correct-horse-1' } }),
  );
  const anonymous = await fetch(`${api}/me`);
  assert.equal([anonymous.status, await anonymous.json()], [401, { message: 'Unauthorized' }]);
  const me = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${AuthenticationResult!.IdToken}` } });
  assert.equal([me.status, await me.json()], [200, { username: 'byo-learner' }]);
});

test.run();
