// The web app's API routes (lab 4), one function each, behind an API Gateway
// HTTP API with a Lambda proxy integration (payload format 2.0).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { keywordsOf } from '../commons/keywords.ts';
import { logger } from '../commons/logger.ts';
import { parsePreferences } from '../commons/preferences.ts';
import { PAGE } from './page.ts';
import * as store from './store.ts';
import { HttpError, jsonBody, newMessage } from './validate.ts';

export interface Reply {
  statusCode: number;
  body: unknown;
  /** text/html for the page; JSON otherwise. */
  html?: true;
}

type Route = (event: APIGatewayProxyEventV2) => Promise<Reply>;

const ok = (body: unknown, statusCode = 200): Reply => ({ statusCode, body });
const param = (event: APIGatewayProxyEventV2, name: string) => decodeURIComponent(event.pathParameters?.[name] ?? '');
const intParam = (event: APIGatewayProxyEventV2, name: string, fallback: number, max: number) => {
  const value = Number(event.queryStringParameters?.[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new HttpError(400, `"${name}" must be a whole number from 1 to ${max}`);
  return value;
};

export const ROUTES: Record<string, Route> = {
  'GET /': async () => ({ statusCode: 200, body: PAGE, html: true }),

  'GET /api/messages': async (event) => ok({ messages: await store.recentMessages(intParam(event, 'limit', 20, 100)) }),

  'POST /api/messages': async (event) => {
    const input = newMessage(jsonBody(event.body, event.isBase64Encoded));
    const original = input.reply_to_message_id ? await store.getMessage(input.reply_to_message_id) : undefined;
    if (input.reply_to_message_id && !original) throw new HttpError(404, `no message ${input.reply_to_message_id} to reply to`);
    const stored = await store.putMessage(input, original);
    logger.info('Message stored', { message_id: stored.message_id, thread_id: stored.thread_id, reply_to_message_id: stored.reply_to_message_id });
    return ok({ message: stored }, 201);
  },

  'GET /api/threads/{thread_id}': async (event) => {
    const id = param(event, 'thread_id');
    const messages = (await store.threadMessages(id)).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    if (messages.length === 0) throw new HttpError(404, `no thread ${id}`);
    return ok({ thread_id: id, messages });
  },

  'GET /api/preferences/{subscriber}': async (event) => {
    const subscriber = param(event, 'subscriber').toLowerCase();
    const parsed = parsePreferences(subscriber, {});
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    const saved = await store.getPreferences(subscriber);
    return ok({ preferences: saved ?? parsed.value, saved: saved !== undefined });
  },

  'PUT /api/preferences/{subscriber}': async (event) => {
    const parsed = parsePreferences(param(event, 'subscriber'), jsonBody(event.body, event.isBase64Encoded));
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    return ok({ preferences: await store.putPreferences(parsed.value) });
  },

  'GET /api/analytics': async (event) => {
    const minutes = intParam(event, 'minutes', 60, 24 * 60);
    const rows = await store.analyticsSince(new Date(Date.now() - minutes * 60_000).toISOString());
    const windows = new Map<string, { start: string; end: string; total: number; authors: Record<string, number> }>();
    const authors = new Map<string, number>();
    for (const row of rows) {
      const w = windows.get(row.window_start) ?? { start: row.window_start, end: row.window_end, total: 0, authors: {} };
      if (row.author === '*') w.total = row.message_count;
      else {
        w.authors[row.author] = row.message_count;
        authors.set(row.author, (authors.get(row.author) ?? 0) + row.message_count);
      }
      windows.set(row.window_start, w);
    }
    return ok({
      minutes,
      windows: [...windows.values()].sort((a, b) => a.start.localeCompare(b.start)),
      top_authors: [...authors.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([author, count]) => ({ author, count })),
    });
  },

  'GET /api/search': async (event) => {
    const words = keywordsOf(event.queryStringParameters?.['q'] ?? '', 5);
    if (words.length === 0) throw new HttpError(400, 'the query has no searchable word (3 or more letters, not a common word)');
    const lists = await Promise.all(words.map((w) => store.messagesWithWord(w)));
    // Every word must match: intersect by message id.
    const [first = [], ...rest] = lists;
    const hits = first.filter((hit) => rest.every((list) => list.some((h) => h.message_id === hit.message_id)));
    return ok({ words, hits: hits.sort((a, b) => b.timestamp.localeCompare(a.timestamp)).slice(0, 50) });
  },
};
