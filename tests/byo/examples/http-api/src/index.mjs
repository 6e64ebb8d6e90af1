// GET /items/{id} reads an item, POST /items stores one, GET /me answers who
// signed in: the route key says which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

const table = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const handler = async (event) => {
  if (event.routeKey === 'GET /items/{id}') {
    const { Item } = await table.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.pathParameters.id } }));
    return Item ? json(200, Item) : json(404, { message: `no item ${event.pathParameters.id}` });
  }
  if (event.routeKey === 'POST /items') {
    let item;
    try {
      item = JSON.parse(event.body ?? '');
    } catch {
      return json(400, { message: 'the body must be JSON' });
    }
    if (typeof item.id !== 'string' || typeof item.name !== 'string') return json(400, { message: 'an item needs a string id and name' });
    await table.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id: item.id, name: item.name } }));
    return json(201, { id: item.id });
  }
  if (event.routeKey === 'GET /me') {
    // The JWT authorizer let the request in; its claims say who it is.
    return json(200, { username: event.requestContext.authorizer.jwt.claims['cognito:username'] });
  }
  return json(404, { message: 'no such route' });
};
