// An ES module handler (index.mjs), as the Lambda console creates it.
export const handler = async (event) => {
  const response = { statusCode: 200, body: JSON.stringify(`Hello from Lambda, ${event.name}!`) };
  return response;
};
