import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidIngestMessageError, validateIngestMessage } from '../commons/ingest-message.ts';
import { parseWhatsApp } from './parse-whatsapp.ts';
import { formBody } from './test-fixtures.ts';

const parse = (fields: Record<string, string>) => validateIngestMessage(parseWhatsApp(formBody(fields)));

test('a text message: whatsapp: prefix stripped, no media', () => {
  assert.equal(parse({ From: 'whatsapp:+14155550100', Body: 'Hello', NumMedia: '0', MessageSid: 'SM1' }), {
    phone_number: '+14155550100',
    client_type: 'whatsapp',
    media_items: [],
    text_body: 'Hello',
  });
});

test('a From without the prefix is accepted as is', () => {
  assert.is(parse({ From: '+447700900123', Body: 'Hi', NumMedia: '0' }).phone_number, '+447700900123');
});

test('media fields are aggregated in index order, with an empty Body', () => {
  const msg = parse({
    From: 'whatsapp:+14155550100',
    Body: '',
    NumMedia: '3',
    MediaUrl2: 'https://media.example.com/c.pdf',
    MediaContentType2: 'application/pdf',
    MediaUrl0: 'https://media.example.com/a.jpg',
    MediaContentType0: 'image/jpeg',
    MediaUrl1: 'https://media.example.com/b.ogg',
    MediaContentType1: 'audio/ogg',
  });
  assert.equal(msg.media_items, [
    { url: 'https://media.example.com/a.jpg', content_type: 'image/jpeg' },
    { url: 'https://media.example.com/b.ogg', content_type: 'audio/ogg' },
    { url: 'https://media.example.com/c.pdf', content_type: 'application/pdf' },
  ]);
  assert.is(msg.text_body, '');
});

test('NumMedia must match the MediaUrl fields present', () => {
  const media = { MediaUrl0: 'https://m.example.com/a.jpg', MediaContentType0: 'image/jpeg' };
  assert.throws(() => parse({ From: '+14155550100', Body: 'x', NumMedia: '2', ...media }), /NumMedia is 2 but the form carries 1 MediaUrl/);
  assert.throws(() => parse({ From: '+14155550100', Body: 'x', NumMedia: '0', ...media }), /NumMedia is 0 but the form carries 1/);
  assert.throws(() => parse({ From: '+14155550100', Body: 'x', NumMedia: '1', MediaUrl1: 'https://m.example.com/a.jpg', MediaContentType1: 'image/jpeg' }), /NumMedia is 1/);
});

test('NumMedia must be an integer from 0 to 10', () => {
  for (const NumMedia of ['11', '-1', 'two', '1.5']) {
    assert.throws(() => parse({ From: '+14155550100', Body: 'x', NumMedia }), /NumMedia must be an integer from 0 to 10/);
  }
});

test('a missing From is rejected', () => {
  assert.throws(() => parseWhatsApp(formBody({ Body: 'hi', NumMedia: '0' })), (e: Error) => e instanceof InvalidIngestMessageError && e.message === 'From is required.');
});

test('a From that is not E.164 is rejected', () => {
  assert.throws(() => parse({ From: 'whatsapp:4155550100', Body: 'hi', NumMedia: '0' }), /phone_number must be an E.164 number/);
});

test('a non-https MediaUrl is rejected', () => {
  assert.throws(
    () => parse({ From: '+14155550100', Body: '', NumMedia: '1', MediaUrl0: 'http://m.example.com/a.jpg', MediaContentType0: 'image/jpeg' }),
    /MediaUrl0 must be an https URL/,
  );
});

test('a MediaUrl without its content type is rejected', () => {
  assert.throws(() => parse({ From: '+14155550100', Body: '', NumMedia: '1', MediaUrl0: 'https://m.example.com/a.jpg' }), /MediaContentType0 is missing/);
});

test('no text and no media is rejected', () => {
  assert.throws(() => parse({ From: '+14155550100', Body: '  ', NumMedia: '0' }), /needs a text or at least one media item/);
});

test.run();
