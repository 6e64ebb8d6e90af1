// Lab 4's web app API, as a script or test calls it: JSON in and out, the
// status and the body of every answer.
import type { Target } from '@streamlab/kit/target';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function callApi<T = Record<string, unknown>>(target: Target, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const url = new URL(`api/${path}`, target.lab4.web_app_url);
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { message: text };
  }
  return { status: response.status, body: parsed as T };
}

export interface ApiMessage {
  message_id: string;
  author: string;
  text: string;
  timestamp: string;
  thread_id: string;
  reply_to_message_id?: string;
}

/** Posts a message through the web app; throws with the API's message on a refusal. */
export async function postMessage(target: Target, message: { author: string; text: string; reply_to_message_id?: string }): Promise<ApiMessage> {
  const { status, body } = await callApi<{ message: ApiMessage; message_?: string }>(target, 'POST', 'messages', message);
  if (status !== 201) throw new Error(`POST /api/messages answered ${status}: ${JSON.stringify(body)}`);
  return body.message;
}
