// JSON responses for the function URL (payload format 2.0), and the error a
// request step throws to answer with a status and one clear sentence.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A rejected request: the handler answers `status` with {"error": message}. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function errorResponse(statusCode: number, message: string): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(statusCode, { error: message });
}
