// Reports the Node.js version the function runs on, and a callback handler (allowed up to Node.js 22).
exports.handler = (event, context, callback) => {
  callback(null, { version: process.version, executionEnv: process.env.AWS_EXECUTION_ENV });
};
