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

/** One client per token: a normalised cache keyed by each object's global id (the API's Node ids). */
export function createClient(token: string | null) {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', headers: authHeaders(token) }),
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
