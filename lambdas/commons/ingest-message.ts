// The message the webhook accepts and hands to the background processor (lab 3),
// its validation, and the message attributes that travel with it. Shared by the
// webhook, the background processor (which validates what it receives) and the
// stale-message processor (which republishes with the same shape).
import type { MessageAttributeValue as SnsAttributeValue } from '@aws-sdk/client-sns';
import type { MessageAttributeValue as SqsAttributeValue } from '@aws-sdk/client-sqs';

export const CLIENT_TYPES = ['whatsapp', 'web'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export interface MediaItem {
  url: string;
  content_type: string;
}

export interface IngestMessage {
  /** E.164, e.g. +14155550100. */
  phone_number: string;
  client_type: ClientType;
  media_items: MediaItem[];
  /** May be empty when there is at least one media item. */
  text_body: string;
}

export const MAX_TEXT_CHARS = 4096;
export const MAX_MEDIA_ITEMS = 10;
const E164 = /^\+[1-9]\d{6,14}$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** A message that breaks the rules below; the webhook answers it with 400. */
export class InvalidIngestMessageError extends Error {
  override name = 'InvalidIngestMessageError';
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function validateMediaItem(input: unknown, index: number): MediaItem {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidIngestMessageError(`media_items[${index}] must be an object with url and content_type.`);
  }
  const { url, content_type } = input as Record<string, unknown>;
  if (typeof url !== 'string' || !isHttpsUrl(url)) {
    throw new InvalidIngestMessageError(`media_items[${index}].url must be an https URL.`);
  }
  if (typeof content_type !== 'string' || !CONTENT_TYPE.test(content_type)) {
    throw new InvalidIngestMessageError(`media_items[${index}].content_type must be a type/subtype string such as image/png.`);
  }
  return { url, content_type };
}

/**
 * Validates a parsed value as an IngestMessage: an E.164 phone number, a known
 * client type, at most 4096 characters of text, at most 10 https media items
 * with a type/subtype content type, and text or media (or both). Extra fields
 * are dropped. The error message is one sentence naming the first problem.
 */
export function validateIngestMessage(input: unknown): IngestMessage {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidIngestMessageError('The message must be a JSON object.');
  }
  const o = input as Record<string, unknown>;
  const { phone_number, client_type, text_body } = o;
  const media = o['media_items'] ?? [];
  if (typeof phone_number !== 'string' || !E164.test(phone_number)) {
    throw new InvalidIngestMessageError('phone_number must be an E.164 number such as +14155550100.');
  }
  if (!CLIENT_TYPES.includes(client_type as ClientType)) {
    throw new InvalidIngestMessageError(`client_type must be one of ${CLIENT_TYPES.join(', ')}.`);
  }
  if (typeof text_body !== 'string') {
    throw new InvalidIngestMessageError('text_body must be a string.');
  }
  if ([...text_body].length > MAX_TEXT_CHARS) {
    throw new InvalidIngestMessageError(`text_body must be at most ${MAX_TEXT_CHARS} characters.`);
  }
  if (!Array.isArray(media)) {
    throw new InvalidIngestMessageError('media_items must be a list.');
  }
  if (media.length > MAX_MEDIA_ITEMS) {
    throw new InvalidIngestMessageError(`A message may carry at most ${MAX_MEDIA_ITEMS} media items.`);
  }
  const media_items = media.map(validateMediaItem);
  if (text_body.trim() === '' && media_items.length === 0) {
    throw new InvalidIngestMessageError('The message needs a text or at least one media item.');
  }
  return { phone_number, client_type: client_type as ClientType, media_items, text_body };
}

/** The message body as it is published: JSON with a fixed key order. */
export function ingestBody(msg: IngestMessage): string {
  const { phone_number, client_type, media_items, text_body } = msg;
  return JSON.stringify({ phone_number, client_type, media_items, text_body });
}

/** The message attributes, all strings; the processor reads message_id from them. */
export interface IngestAttributes {
  message_id: string;
  client_type: ClientType;
  phone_number: string;
  /** ISO 8601 time of this (re)publication. */
  timestamp: string;
  [name: string]: string;
}

export function ingestAttributes(messageId: string, msg: IngestMessage, timestamp: string): IngestAttributes {
  return { message_id: messageId, client_type: msg.client_type, phone_number: msg.phone_number, timestamp };
}

export function toSnsAttributes(attributes: Record<string, string>): Record<string, SnsAttributeValue> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
}

export function toSqsAttributes(attributes: Record<string, string>): Record<string, SqsAttributeValue> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
}

/** A phone number safe to log: every digit but the last 4 masked (+14155550100 → +*******0100). */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '*'));
}
