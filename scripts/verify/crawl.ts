// Follows the links a signed-in person can see, from their home page, to find
// a real URL (with real ids) for each GET route and every page with a form.
// Reading pages changes nothing (no state change on GET), so crawling is safe.

export interface RoutePattern {
  method: string;
  url: string;
}

export interface CrawlResult {
  /** Route pattern -> the first URL found for it. */
  byRoute: Map<string, string>;
  /** Pages holding a POST form (other than signing out), one per route pattern. */
  formPages: Map<string, string>;
  pagesRead: number;
}

/** '/children/:childId/notes' -> a regular expression matching a concrete path. */
export function routeMatcher(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/?#]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

const LINK = /href="(\/[^"#]*)"/g;
const POST_FORM = /<form[^>]*method="post"[^>]*>/gi;

export async function crawl(
  baseUrl: string,
  cookie: string,
  routes: readonly RoutePattern[],
  options: { maxPages: number; start: readonly string[]; inspect?: (path: string, body: string) => void },
): Promise<CrawlResult> {
  // Static segments win over parameters, as in the router: /children/search is not a child called "search".
  const parameters = (url: string) => url.split('/').filter((part) => part.startsWith(':')).length;
  const getRoutes = routes
    .filter((r) => r.method === 'GET')
    .sort((a, b) => parameters(a.url) - parameters(b.url))
    .map((r) => ({ url: r.url, matcher: routeMatcher(r.url) }));
  const byRoute = new Map<string, string>();
  const formPages = new Map<string, string>();
  const seen = new Set<string>();
  const routeOf = (path: string) => getRoutes.find((r) => r.matcher.test(path.split('?')[0]!));
  /**
   * Links to a route not yet read go first, so the page budget reaches every
   * route (each record's deeper forms) before reading more of the same kind.
   */
  const unmet: string[] = [...options.start];
  const queue: string[] = [];
  const enqueue = (path: string) => {
    const route = routeOf(path);
    if (route && !byRoute.has(route.url)) unmet.push(path);
    else queue.push(path);
  };
  /** Pages of one route are many (every child's summary): read only the first few of each, enough to meet a child in each state. */
  const perRoute = new Map<string, number>();
  let pagesRead = 0;
  while ((unmet.length || queue.length) && pagesRead < options.maxPages) {
    const fromUnmet = unmet.length > 0;
    const path = fromUnmet ? unmet.shift()! : queue.shift()!;
    if (seen.has(path)) continue;
    const route = routeOf(path);
    if (fromUnmet && route && byRoute.has(route.url)) {
      queue.push(path); // met meanwhile: wait with the rest
      continue;
    }
    seen.add(path);
    if (!route) continue;
    const count = perRoute.get(route.url) ?? 0;
    if (count >= 8) continue;
    perRoute.set(route.url, count + 1);
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    const location = response.headers.get('location');
    if (location?.startsWith('/')) enqueue(location);
    if (response.status !== 200) {
      await response.arrayBuffer();
      continue;
    }
    pagesRead += 1;
    if (!byRoute.has(route.url)) byRoute.set(route.url, path);
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/html')) {
      options.inspect?.(path, await response.text());
      continue;
    }
    const html = await response.text();
    options.inspect?.(path, html);
    const forms = [...html.matchAll(POST_FORM)].filter((m) => !/action="\/sign-out"/.test(m[0]));
    if (forms.length && !formPages.has(route.url)) formPages.set(route.url, path);
    for (const match of html.matchAll(LINK)) {
      const href = match[1]!.replace(/&amp;/g, '&');
      if (!seen.has(href) && !href.startsWith('/assets/') && !href.startsWith('/public/')) enqueue(href);
    }
  }
  return { byRoute, formPages, pagesRead };
}
