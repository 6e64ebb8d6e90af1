import { createHmac } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sign, verifySignature } from './signature.ts';

const body = '{"phone_number":"+14155550100","text_body":"hi"}';

test('sign is sha256= plus the hex HMAC-SHA256 of the body', () => {
  const expected = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
  assert.is(sign('s3cret', body), expected);
  assert.is(sign('s3cret', body).length, 7 + 64);
  assert.is(sign('s3cret', Buffer.from(body)), expected);
});

test('a valid signature verifies', () => {
  assert.ok(verifySignature('s3cret', body, sign('s3cret', body)));
});

test('a signature made with another secret does not', () => {
  assert.not.ok(verifySignature('s3cret', body, sign('other', body)));
});

test('a tampered body does not verify', () => {
  assert.not.ok(verifySignature('s3cret', body.replace('hi', 'hI'), sign('s3cret', body)));
});

test('a missing header does not verify', () => {
  assert.not.ok(verifySignature('s3cret', body, undefined));
});

test('a value of another length is rejected without throwing', () => {
  const good = sign('s3cret', body);
  assert.not.ok(verifySignature('s3cret', body, good.slice(0, -1)));
  assert.not.ok(verifySignature('s3cret', body, `${good}0`));
  assert.not.ok(verifySignature('s3cret', body, ''));
  assert.not.ok(verifySignature('s3cret', body, good.replace('sha256=', '')));
});

test.run();
