// message-api (lab 4): the web app's page and its JSON API, behind an API
// Gateway HTTP API (Lambda proxy integration, payload format 2.0). The route
// key API Gateway matched picks the handler; every refusal is a 4xx with a
// one-line {"message"} and stores nothing.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '../commons/logger.ts';
import { ROUTES } from './routes.ts';
import { HttpError } from './validate.ts';

function respond(statusCode: number, body: unknown, html = false): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json', 'cache-control': 'no-store' },
    body: html ? String(body) : JSON.stringify(body),
  };
}

export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  const route = ROUTES[event.routeKey];
  if (!route) return respond(404, { message: `no route ${event.routeKey}` });
  try {
    const reply = await route(event);
    return respond(reply.statusCode, reply.body, reply.html);
  } catch (error) {
    if (error instanceof HttpError) {
      logger.info('Request refused', { route: event.routeKey, status: error.statusCode, reason: error.message });
      return respond(error.statusCode, { message: error.message });
    }
    throw error; // API Gateway answers 500 {"message":"Internal Server Error"}
  }
};
