// A module resolve hook for a function's ES modules (registered by
// bootstrap.cjs): a bare specifier the task's own node_modules do not hold is
// looked up in the layers' node_modules, then in the runtime's AWS SDK, as
// Lambda's Node.js 18+ runtimes resolve them. The function's own copy wins.
//
// Two forms of one rule: `fallbackHooks` runs in the function's own thread
// (module.registerHooks, Node 22.15 and later); `initialize` and `resolve`
// run in the loader thread that module.register starts (Node 20), which costs
// each cold start about 40 ms of CPU and 18 MB.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Resolving from a file beside a node_modules folder searches that folder
// first, then its parents' node_modules: only an answer from inside the
// folder counts, so nothing of the machine's leaks into the function.
function foldersFor(paths) {
  return paths.map((dir) => ({
    parentURL: pathToFileURL(join(dirname(dir), '__lambda_resolve__.mjs')).href,
    inside: pathToFileURL(join(dir, '/')).href,
  }));
}

const BARE = /^(?![./]|[a-z]+:)/i;

/** Whether a failed resolution may fall back: an import of a bare name (a require keeps NODE_PATH). */
function mayFallBack(error, specifier) {
  return error?.code === 'ERR_MODULE_NOT_FOUND' && BARE.test(specifier);
}

/** Hooks for module.registerHooks: the same rule, synchronously, in the function's thread. */
export function fallbackHooks(paths) {
  const folders = foldersFor(paths);
  return {
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (!mayFallBack(error, specifier)) throw error;
        for (const { parentURL, inside } of folders) {
          try {
            const found = nextResolve(specifier, { ...context, parentURL });
            if (found.url.startsWith(inside)) return found;
          } catch {
            // not in this one: try the next
          }
        }
        throw error;
      }
    },
  };
}

let folders = [];

export function initialize(data) {
  folders = foldersFor(data?.paths ?? []);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!mayFallBack(error, specifier)) throw error;
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
