// How API Gateway picks the route (HTTP APIs) or resource and method (REST
// APIs) for a request, and which function a Lambda proxy integration names.
// Pure rules, shared by http-apis.ts and rest-apis.ts ("Working with routes
// for HTTP APIs"; REST resources match the same way).

/** A route key's path as a pattern: literal segments, {name} and a final {name+}; with a score for specificity. */
function matchRoute(routePath: string, path: string): { params: Record<string, string>; score: number } | undefined {
  const want = routePath.split('/').slice(1);
  const have = path.split('/').slice(1);
  const params: Record<string, string> = {};
  let score = 0;
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      // {proxy+} takes one segment or more: never the bare root "/".
      if (i !== want.length - 1 || have.length <= i || have.slice(i).join('/') === '') return undefined;
      params[greedy[1]!] = decodeURIComponent(have.slice(i).join('/'));
      return { params, score: score * 10 + 1 };
    }
    if (have[i] === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) {
      if (have[i] === '') return undefined;
      params[param[1]!] = decodeURIComponent(have[i]!);
      score = score * 10 + 2;
    } else if (segment === have[i]) {
      score = score * 10 + 3;
    } else {
      return undefined;
    }
  }
  return have.length === want.length ? { params, score: score * 10 + 9 } : undefined;
}

/** The route API Gateway picks for this method and path, with its path parameters. */
export function selectRoute<R extends { RouteKey: string }>(routes: R[], method: string, path: string): { route: R; params: Record<string, string> } | undefined {
  let best: { route: R; params: Record<string, string>; rank: number[] } | undefined;
  for (const route of routes) {
    if (route.RouteKey === '$default') continue;
    const [routeMethod = '', routePath = ''] = route.RouteKey.split(' ');
    if (routeMethod !== 'ANY' && routeMethod !== method) continue;
    const match = matchRoute(routePath, path);
    if (!match) continue;
    const rank = [match.score, routeMethod === 'ANY' ? 0 : 1];
    if (!best || rank[0]! > best.rank[0]! || (rank[0] === best.rank[0] && rank[1]! > best.rank[1]!)) best = { route, params: match.params, rank };
  }
  if (best) return { route: best.route, params: best.params };
  const fallback = routes.find((r) => r.RouteKey === '$default');
  return fallback ? { route: fallback, params: {} } : undefined;
}

/** The function in API Gateway's Lambda invocation URI (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations), the form an authorizer's URI must take. */
export function functionOfInvocationUri(uri = ''): string | undefined {
  return /functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1];
}

/** The function an AWS_PROXY integration invokes: its URI is the function ARN or API Gateway's invocation path around it. */
export function functionOfUri(uri = ''): string | undefined {
  return functionOfInvocationUri(uri) ?? (uri.includes(':lambda:') ? uri : undefined);
}
