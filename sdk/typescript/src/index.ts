import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** Party's API, typed from its OpenAPI document: `client.GET('/api/party/user')`. */
export type PartyClient = Client<paths>;

/** The request and response bodies by name: `Schemas['MessageDto']`. */
export type Schemas = components['schemas'];

/**
 * A client of the Party server at `baseUrl` (its origin, e.g. `https://party.example.com`; the
 * paths carry `/api/party/` and `/oauth/`). With a `token`, every request sends it as
 * `Authorization: Bearer`.
 */
export function createPartyClient(baseUrl: string, token?: string): PartyClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
}
