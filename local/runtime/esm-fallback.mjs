// A module resolve hook for a function's ES modules (registered by
// bootstrap.cjs): a bare specifier the task's own node_modules do not hold is
// looked up in the layers' node_modules, then in the runtime's AWS SDK, as
// Lambda's Node.js 18+ runtimes resolve them. The function's own copy wins.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let folders = [];

export function initialize(data) {
  // Resolving from a file beside a node_modules folder searches that folder
  // first, then its parents' node_modules: only an answer from inside the
  // folder counts, so nothing of the machine's leaks into the function.
  folders = (data?.paths ?? []).map((dir) => ({
    parentURL: pathToFileURL(join(dirname(dir), '__lambda_resolve__.mjs')).href,
    inside: pathToFileURL(join(dir, '/')).href,
  }));
}

const BARE = /^(?![./]|[a-z]+:)/i;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !BARE.test(specifier)) throw error;
    for (const { parentURL, inside } of folders) {
      try {
        const found = await nextResolve(specifier, { ...context, parentURL });
        if (found.url.startsWith(inside)) return found;
      } catch {
        // not in this one: try the next
      }
    }
    throw error;
  }
}
