import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

const KEY = 'shudi.console.token';

/** A token from the sign-in link (`/console/#token=…`), moved into storage and out of the address bar. */
export function takeTokenFromLink(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!m) return null;
  const token = decodeURIComponent(m[1]!);
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return token;
}

export const storedToken = (): string | null => localStorage.getItem(KEY);
export const storeToken = (token: string | null) => (token ? localStorage.setItem(KEY, token) : localStorage.removeItem(KEY));

export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Read-your-writes with read replicas: every write's answer carries the primary's WAL position in this header;
 * the console keeps the newest it has seen and sends it with every request, so a read after a write is served
 * by a replica that has replayed it (or by the primary). Without replicas the server sends none.
 */
const WAL_HEADER = 'x-shudi-wal-position';
let walPosition: string | null = null;
const lsnValue = (p: string) => p.split('/').reduce((n, part) => n * 2 ** 32 + parseInt(part, 16), 0);

/** `fetch` that sends back the newest write position seen and keeps the one an answer carries. */
export const trackedFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  if (walPosition && !headers.has(WAL_HEADER)) headers.set(WAL_HEADER, walPosition);
  const res = await fetch(input, { ...init, headers });
  const seen = res.headers.get(WAL_HEADER);
  if (seen && (!walPosition || lsnValue(seen) > lsnValue(walPosition))) walPosition = seen;
  return res;
};

/** One client per token: a normalised cache keyed by each object's global id (the API's Node ids). */
export function createClient(token: string | null) {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', headers: authHeaders(token), fetch: trackedFetch }),
    cache: new InMemoryCache({
      possibleTypes: {
        Node: [
          'Jurisdiction',
          'Body',
          'Item',
          'Catalogue',
          'CatalogueEntry',
          'Assignment',
          'Flag',
          'CatalogueVersion',
          'Adjustment',
          'Dispute',
        ],
      },
    }),
  });
}

export interface Viewer {
  subject: string | null;
  role: string | null;
  mayWrite: string[];
  scope: { code: string; name: string; level: string } | null;
}

export const may = (viewer: Viewer | null, entity: string) => !!viewer?.mayWrite.includes(entity);
