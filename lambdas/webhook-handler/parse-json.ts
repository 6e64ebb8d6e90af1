// A web client's message (application/json):
// {"phone_number": "+1...", "text_body": "...", "media_items": [{"url", "content_type"}]}.
// Checks that it is JSON with the right types; validateIngestMessage applies
// the common rules (E.164, lengths, https, text or media).
import { InvalidIngestMessageError, type IngestMessage } from '../commons/ingest-message.ts';

/** Parses the body into a not yet validated IngestMessage with client_type "web". */
export function parseJson(rawBody: string): IngestMessage {
  let input: unknown;
  try {
    input = JSON.parse(rawBody);
  } catch {
    throw new InvalidIngestMessageError('The body is not valid JSON.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidIngestMessageError('The body must be a JSON object.');
  }
  const { phone_number, text_body = '', media_items = [] } = input as Record<string, unknown>;
  if (typeof phone_number !== 'string') throw new InvalidIngestMessageError('phone_number must be a string.');
  if (typeof text_body !== 'string') throw new InvalidIngestMessageError('text_body must be a string.');
  if (!Array.isArray(media_items)) throw new InvalidIngestMessageError('media_items must be a list.');
  // Item types are checked by validateIngestMessage, which names the bad index.
  return { phone_number, client_type: 'web', media_items, text_body };
}
