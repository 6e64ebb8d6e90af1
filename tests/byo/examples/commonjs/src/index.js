// A CommonJS handler, as in "Define Lambda function handler in Node.js" (AWS Lambda Developer Guide).
exports.handler = async (event, context) => {
  console.log('EVENT:', JSON.stringify(event));
  return { greeting: `Hello, ${event.name}`, function: context.functionName };
};
