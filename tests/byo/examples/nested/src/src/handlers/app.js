// A handler in a nested folder, under "type": "module": the handler setting is src/handlers/app.handler.
export const handler = async (event) => ({ nested: true, items: event.items.length });
