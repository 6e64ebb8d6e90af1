// A function behind a function URL with AuthType AWS_IAM ("Control access to Lambda function URLs").
export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ caller: event.requestContext.authorizer?.iam?.userArn ?? null, path: event.rawPath }),
});
