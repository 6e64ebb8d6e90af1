// Imports a package that only the layer holds (ES module resolution from layers: Node.js 18 and later).
import { greet } from 'greeting';

export const handler = async (event) => ({ message: greet(event.name) });
