import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError, jsonBody, newMessage } from './validate.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    assert.instance(error, HttpError);
    return `${(error as HttpError).statusCode} ${(error as Error).message}`;
  }
}

test('a message: author and text trimmed; a reply keeps its original id', () => {
  assert.equal(newMessage({ author: ' alice ', text: ' hi there ' }), { author: 'alice', text: 'hi there' });
  assert.equal(newMessage({ author: 'bob', text: 'yes', reply_to_message_id: 'm-1' }), { author: 'bob', text: 'yes', reply_to_message_id: 'm-1' });
});

test('missing fields, oversized text and unknown fields are 400s that name the field', () => {
  assert.is(refusal(() => newMessage({ text: 'x' })), '400 "author" is required');
  assert.is(refusal(() => newMessage({ author: 'a', text: '   ' })), '400 "text" is required');
  assert.is(refusal(() => newMessage({ author: 'a', text: 'x'.repeat(2001) })), '400 "text" is longer than 2000 characters');
  assert.is(refusal(() => newMessage({ author: 'a'.repeat(65), text: 'x' })), '400 "author" is longer than 64 characters');
  assert.is(refusal(() => newMessage({ author: 'a', text: 'x', colour: 1 })), '400 unknown field "colour"');
  assert.is(refusal(() => newMessage({ author: 'a', text: 'x', reply_to_message_id: 7 })), '400 "reply_to_message_id" must be a message id');
});

test('bodies: JSON objects only, 16 KB at most, base64 understood', () => {
  assert.is(refusal(() => jsonBody('not json', false)), '400 the body must be JSON');
  assert.is(refusal(() => jsonBody('[1]', false)), '400 the body must be a JSON object');
  assert.is(refusal(() => jsonBody(undefined, false)), '400 the body must be JSON');
  assert.is(refusal(() => jsonBody(JSON.stringify({ text: 'x'.repeat(17_000) }), false)), '413 the body is larger than 16 KB');
  assert.equal(jsonBody(Buffer.from('{"a":1}').toString('base64'), true), { a: 1 });
});

test.run();
