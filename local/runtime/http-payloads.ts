// The HTTP events Lambda receives and the responses it may return, for
// function URLs and API Gateway HTTP APIs: payload format 2.0 (both) and 1.0
// (HTTP APIs), as "Working with AWS Lambda proxy integrations for HTTP APIs"
// defines them, and the CORS headers both add.
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { InvokeResult } from './function-host.ts';

// Bodies of these types reach the function as text; all others base64-encoded.
const TEXT_TYPES = [/^text\//, /^application\/(json|xml|javascript|x-www-form-urlencoded)/, /\+(json|xml)$/];

export interface Cors {
  AllowOrigins?: string[];
  AllowMethods?: string[];
  AllowHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

/**
 * The CORS headers of a Cors configuration for this request, as Lambda and API
 * Gateway add them: only for an allowed Origin. A preflight (OPTIONS with
 * Access-Control-Request-Method) is answered without invoking the function.
 */
export function corsHeaders(cors: Cors | undefined, req: IncomingMessage): { preflight: boolean; headers: Record<string, string> } {
  const origin = req.headers['origin'];
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!cors || typeof origin !== 'string') return { preflight: preflight && cors !== undefined, headers: {} };
  const origins = cors.AllowOrigins ?? [];
  if (!origins.includes('*') && !origins.includes(origin)) return { preflight, headers: {} };
  const headers: Record<string, string> = { 'access-control-allow-origin': origins.includes('*') && !cors.AllowCredentials ? '*' : origin };
  if (cors.AllowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (preflight) {
    if (cors.AllowMethods?.length) headers['access-control-allow-methods'] = cors.AllowMethods.join(',');
    if (cors.AllowHeaders?.length) headers['access-control-allow-headers'] = cors.AllowHeaders.join(',');
    if (cors.MaxAge !== undefined) headers['access-control-max-age'] = String(cors.MaxAge);
  } else if (cors.ExposeHeaders?.length) {
    headers['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  }
  return { preflight, headers };
}

/** A request's headers, lower-cased, repeated ones joined with commas (as Lambda passes them). */
export function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function bodyOf(headers: Record<string, string>, body: Buffer): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim();
  const isText = TEXT_TYPES.some((pattern) => pattern.test(contentType));
  return { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText };
}

export interface RouteContext {
  /** The path as the client sent it (with a named stage's prefix, as API Gateway keeps it). */
  rawPath: string;
  routeKey: string;
  stage: string;
  apiId: string;
  accountId: string;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
}

/** Payload format 2.0 (function URLs, HTTP APIs). */
export function toEventV2(req: IncomingMessage, url: URL, body: Buffer, route: RouteContext) {
  const headers = headersOf(req);
  const cookies = headers['cookie']?.split(/;\s*/).filter(Boolean);
  delete headers['cookie'];
  const now = new Date();
  const query = url.search ? Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k).join(',')])) : undefined;
  const domainName = headers['host'] ?? 'localhost';
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: route.rawPath,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: route.accountId,
      apiId: route.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: { method: req.method ?? 'GET', path: route.rawPath, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: route.stage,
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(route.pathParameters && Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    ...(route.stageVariables && Object.keys(route.stageVariables).length ? { stageVariables: route.stageVariables } : {}),
    ...bodyOf(headers, body),
  };
}

/** Payload format 1.0 (HTTP APIs that ask for it; REST APIs' format). */
export function toEventV1(req: IncomingMessage, url: URL, body: Buffer, route: RouteContext & { resource: string }) {
  const headers = headersOf(req);
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.split(',')]));
  const keys = [...new Set(url.searchParams.keys())];
  const now = new Date();
  const method = req.method ?? 'GET';
  const domainName = headers['host'] ?? 'localhost';
  return {
    version: '1.0',
    resource: route.resource,
    path: route.rawPath,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: keys.length ? Object.fromEntries(keys.map((k) => [k, url.searchParams.getAll(k).at(-1)!])) : null,
    multiValueQueryStringParameters: keys.length ? Object.fromEntries(keys.map((k) => [k, url.searchParams.getAll(k)])) : null,
    requestContext: {
      accountId: route.accountId,
      apiId: route.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0],
      extendedRequestId: randomUUID(),
      httpMethod: method,
      identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      path: route.rawPath,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: route.routeKey,
      resourcePath: route.resource,
      stage: route.stage,
    },
    pathParameters: route.pathParameters && Object.keys(route.pathParameters).length ? route.pathParameters : null,
    stageVariables: route.stageVariables && Object.keys(route.stageVariables).length ? route.stageVariables : null,
    body: null as string | null, // a 1.0 event has body null (and isBase64Encoded false) without one
    ...bodyOf(headers, body),
  };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What a function URL answers when the function fails. */
export const FUNCTION_ERROR: HttpResponse = { status: 502, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ Message: 'Internal Server Error' })) };
/** API Gateway's own answers: a status and {"message": "..."}. */
export const jsonMessage = (status: number, message: string): HttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message })) });
/** What an HTTP API answers when the integration fails (a function error, a refused invocation, a malformed 1.0 response). */
export const INTEGRATION_ERROR = jsonMessage(500, 'Internal Server Error');

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

function fromProxyResult(r: ProxyResult): HttpResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(r.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v.join(',');
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (r.cookies?.length) headers['set-cookie'] = r.cookies.join(', ');
  return { status: r.statusCode, headers, body: Buffer.from(r.body ?? '', r.isBase64Encoded ? 'base64' : 'utf8') };
}

/**
 * Payload format 2.0's response: `failed` for a function error; a result with
 * statusCode is used as is; any other result is a 200 JSON body.
 */
export function toResponseV2(result: InvokeResult, failed: HttpResponse = FUNCTION_ERROR): HttpResponse {
  if (!result.ok) return failed;
  const payload = result.payload;
  if (payload !== null && typeof payload === 'object' && 'statusCode' in payload) return fromProxyResult(payload as ProxyResult);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)) };
}

/** Payload format 1.0's response: it must have a numeric statusCode, or API Gateway answers 500. */
export function toResponseV1(result: InvokeResult): HttpResponse {
  if (!result.ok) return INTEGRATION_ERROR;
  const payload = result.payload as ProxyResult | null;
  if (payload === null || typeof payload !== 'object' || typeof payload.statusCode !== 'number') return INTEGRATION_ERROR;
  return fromProxyResult(payload);
}
