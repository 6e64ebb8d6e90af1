// Rules from the API Gateway developer guide page http-api-develop-routes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { functionOfUri, selectRoute } from './api-routes.ts';

const routes = ['GET /items/{id}', 'GET /items/special', 'ANY /items/{id}', 'ANY /{proxy+}', '$default'].map((RouteKey) => ({ RouteKey }));

test('the most specific route wins: a literal before {param} before {proxy+}, a method before ANY, then $default', () => {
  assert.equal(selectRoute(routes, 'GET', '/items/special'), { route: { RouteKey: 'GET /items/special' }, params: {} });
  assert.equal(selectRoute(routes, 'GET', '/items/42'), { route: { RouteKey: 'GET /items/{id}' }, params: { id: '42' } });
  assert.equal(selectRoute(routes, 'DELETE', '/items/42'), { route: { RouteKey: 'ANY /items/{id}' }, params: { id: '42' } });
  assert.equal(selectRoute(routes, 'GET', '/a/b/c'), { route: { RouteKey: 'ANY /{proxy+}' }, params: { proxy: 'a/b/c' } });
  assert.equal(selectRoute(routes.slice(0, 3), 'GET', '/other'), undefined);
  assert.equal(selectRoute(routes.slice(0, 4), 'GET', '/'), undefined, '{proxy+} does not take the root');
  assert.equal(selectRoute([{ RouteKey: '$default' }], 'POST', '/x'), { route: { RouteKey: '$default' }, params: {} });
});

test("a Lambda proxy integration's function: a bare ARN, or inside API Gateway's invocation path", () => {
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:echo';
  assert.is(functionOfUri(arn), arn);
  assert.is(functionOfUri(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`), arn);
  assert.is(functionOfUri('https://example.com'), undefined);
});

test.run();
