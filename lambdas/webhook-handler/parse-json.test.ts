import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateIngestMessage } from '../commons/ingest-message.ts';
import { parseJson } from './parse-json.ts';

const parse = (body: unknown) => validateIngestMessage(parseJson(typeof body === 'string' ? body : JSON.stringify(body)));

test('a web message with media', () => {
  const media_items = [
    { url: 'https://cdn.example.com/1.png', content_type: 'image/png' },
    { url: 'https://cdn.example.com/2.mp4', content_type: 'video/mp4' },
  ];
  assert.equal(parse({ phone_number: '+14155550100', text_body: 'look', media_items, extra: true }), {
    phone_number: '+14155550100',
    client_type: 'web',
    media_items,
    text_body: 'look',
  });
});

test('media_items and text_body are optional, but one of them is needed', () => {
  assert.equal(parse({ phone_number: '+14155550100', text_body: 'hi' }).media_items, []);
  assert.is(parse({ phone_number: '+14155550100', media_items: [{ url: 'https://a.example.com/x.png', content_type: 'image/png' }] }).text_body, '');
  assert.throws(() => parse({ phone_number: '+14155550100' }), /needs a text or at least one media item/);
});

test('invalid JSON and non-objects are rejected', () => {
  assert.throws(() => parse('{"phone_number": '), /The body is not valid JSON/);
  assert.throws(() => parse('[1,2]'), /must be a JSON object/);
  assert.throws(() => parse('null'), /must be a JSON object/);
});

test('wrong types are rejected', () => {
  assert.throws(() => parse({ phone_number: 14155550100, text_body: 'hi' }), /phone_number must be a string/);
  assert.throws(() => parse({ phone_number: '+14155550100', text_body: 7 }), /text_body must be a string/);
  assert.throws(() => parse({ phone_number: '+14155550100', text_body: 'hi', media_items: 'x' }), /media_items must be a list/);
  assert.throws(() => parse({ phone_number: '+14155550100', text_body: 'hi', media_items: ['x'] }), /media_items\[0\] must be an object/);
});

test('phone numbers must be E.164', () => {
  for (const phone_number of ['14155550100', '+0155550100', '+1 415 555 0100', '+12345', '+1234567890123456']) {
    assert.throws(() => parse({ phone_number, text_body: 'hi' }), /E\.164/, phone_number);
  }
  assert.is(parse({ phone_number: '+1234567', text_body: 'hi' }).phone_number, '+1234567');
});

test('media must be https with a type/subtype content type, at most 10', () => {
  const item = { url: 'https://cdn.example.com/1.png', content_type: 'image/png' };
  assert.throws(() => parse({ phone_number: '+14155550100', media_items: [{ ...item, url: 'http://cdn.example.com/1.png' }] }), /media_items\[0\]\.url must be an https URL/);
  assert.throws(() => parse({ phone_number: '+14155550100', media_items: [item, { ...item, content_type: 'png' }] }), /media_items\[1\]\.content_type must be a type\/subtype/);
  assert.throws(() => parse({ phone_number: '+14155550100', media_items: Array(11).fill(item) }), /at most 10 media items/);
  assert.is(parse({ phone_number: '+14155550100', media_items: Array(10).fill(item) }).media_items.length, 10);
});

test('text is at most 4096 characters (not bytes)', () => {
  assert.is(parse({ phone_number: '+14155550100', text_body: 'é'.repeat(4096) }).text_body.length, 4096);
  assert.throws(() => parse({ phone_number: '+14155550100', text_body: 'a'.repeat(4097) }), /at most 4096 characters/);
});

test.run();
