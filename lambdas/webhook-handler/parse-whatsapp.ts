// A WhatsApp message as Twilio posts it (application/x-www-form-urlencoded):
// From, Body, NumMedia and MediaUrl0..N-1 / MediaContentType0..N-1. Only the
// shape is checked here; validateIngestMessage applies the common rules.
import { InvalidIngestMessageError, MAX_MEDIA_ITEMS, type IngestMessage, type MediaItem } from '../commons/ingest-message.ts';

const MEDIA_URL_FIELD = /^MediaUrl(\d+)$/;

function parseNumMedia(value: string | null): number {
  if (value === null) return 0;
  if (!/^\d{1,2}$/.test(value.trim()) || Number(value) > MAX_MEDIA_ITEMS) {
    throw new InvalidIngestMessageError(`NumMedia must be an integer from 0 to ${MAX_MEDIA_ITEMS}.`);
  }
  return Number(value);
}

function parseMedia(form: URLSearchParams, count: number): MediaItem[] {
  const urlFields = [...new Set([...form.keys()].filter((key) => MEDIA_URL_FIELD.test(key)))];
  const expected = Array.from({ length: count }, (_, i) => `MediaUrl${i}`);
  if (urlFields.length !== count || !expected.every((field) => form.has(field))) {
    throw new InvalidIngestMessageError(`NumMedia is ${count} but the form carries ${urlFields.length} MediaUrl field(s) (${urlFields.join(', ') || 'none'}).`);
  }
  return expected.map((_, i) => {
    const url = form.get(`MediaUrl${i}`) ?? '';
    const contentType = form.get(`MediaContentType${i}`);
    if (contentType === null) throw new InvalidIngestMessageError(`MediaContentType${i} is missing for MediaUrl${i}.`);
    let https = false;
    try {
      https = new URL(url).protocol === 'https:';
    } catch {
      // not a URL at all
    }
    if (!https) throw new InvalidIngestMessageError(`MediaUrl${i} must be an https URL.`);
    return { url, content_type: contentType };
  });
}

/** Parses the form into a not yet validated IngestMessage with client_type "whatsapp". */
export function parseWhatsApp(rawBody: string): IngestMessage {
  const form = new URLSearchParams(rawBody);
  const from = form.get('From');
  if (from === null || from.trim() === '') throw new InvalidIngestMessageError('From is required.');
  return {
    phone_number: from.trim().replace(/^whatsapp:/i, ''),
    client_type: 'whatsapp',
    media_items: parseMedia(form, parseNumMedia(form.get('NumMedia'))),
    text_body: form.get('Body') ?? '',
  };
}
