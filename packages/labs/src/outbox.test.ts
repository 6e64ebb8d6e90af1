import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEml } from './outbox.ts';

test('headers, folded lines and encoded-word subjects are decoded', () => {
  const raw = [
    'To: learner@example.com',
    'Subject: =?utf-8?q?New_message_from_alice=3A_caf=C3=A9?=',
    'X-Streamlab-Kind: Notification',
    'X-Streamlab-Topic-Arn:',
    ' arn:aws:sns:us-east-1:123456789012:topic',
    '',
    'Hello',
    '',
  ].join('\n');
  const mail = parseEml('a.eml', raw);
  assert.is(mail.headers['subject'], 'New message from alice: café');
  assert.is(mail.headers['x-streamlab-topic-arn'], 'arn:aws:sns:us-east-1:123456789012:topic');
  assert.is(mail.body, 'Hello\n');
});

test('base64 bodies are decoded', () => {
  const body = Buffer.from('Grüße aus dem Stream').toString('base64');
  const mail = parseEml('b.eml', `To: x@example.com\nContent-Transfer-Encoding: base64\n\n${body}\n`);
  assert.is(mail.body, 'Grüße aus dem Stream');
});

test.run();
