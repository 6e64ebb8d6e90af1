// What the web app's API accepts (lab 4). Pure: every refusal is a 4xx with a
// one-line message, and nothing is stored.

export const MAX_AUTHOR_CHARS = 64;
/** Lab 1's notifications cut texts at 20,000 characters; the app keeps messages short. */
export const MAX_TEXT_CHARS = 2000;
export const MAX_BODY_BYTES = 16 * 1024;

export interface NewMessageInput {
  author: string;
  text: string;
  reply_to_message_id?: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request body as JSON: 413 when too large, 400 when not a JSON object. */
export function jsonBody(body: string | undefined, isBase64Encoded: boolean | undefined): Record<string, unknown> {
  const text = body === undefined ? '' : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function newMessage(body: Record<string, unknown>): NewMessageInput {
  const unknown = Object.keys(body).find((k) => !['author', 'text', 'reply_to_message_id'].includes(k));
  if (unknown) throw new HttpError(400, `unknown field "${unknown}"`);
  const author = typeof body['author'] === 'string' ? body['author'].trim() : '';
  const text = typeof body['text'] === 'string' ? body['text'].trim() : '';
  if (!author) throw new HttpError(400, '"author" is required');
  if (author.length > MAX_AUTHOR_CHARS) throw new HttpError(400, `"author" is longer than ${MAX_AUTHOR_CHARS} characters`);
  if (!text) throw new HttpError(400, '"text" is required');
  if (text.length > MAX_TEXT_CHARS) throw new HttpError(400, `"text" is longer than ${MAX_TEXT_CHARS} characters`);
  const reply = body['reply_to_message_id'];
  if (reply !== undefined && (typeof reply !== 'string' || reply.trim() === '' || reply.length > 100)) throw new HttpError(400, '"reply_to_message_id" must be a message id');
  return { author, text, ...(typeof reply === 'string' ? { reply_to_message_id: reply.trim() } : {}) };
}
