import { timingSafeEqual } from 'node:crypto';
import { InvalidClientError } from '@node-oauth/oauth2-server';
import { sha256Hex } from '../../common/crypto/secrets';
import { AppEntity } from '../entities/app.entity';

/** The `client_id` of Party's own first-party client (no secret; every user scope). */
export const FIRST_PARTY_CLIENT_ID = 'party';
export const SMS_GRANT_TYPE = 'urn:party:params:oauth:grant-type:sms';

/** Grants Party's first-party client uses, without any client credentials. */
export const FIRST_PARTY_GRANTS = ['password', SMS_GRANT_TYPE, 'refresh_token'];
/** Every grant the token endpoint knows (all of them open to apps). */
export const APP_GRANTS = [...FIRST_PARTY_GRANTS, 'authorization_code', 'client_credentials'];

/** The client as @node-oauth/oauth2-server sees it; `app` is null for the first-party client. */
export interface OAuthClient {
  id: string;
  clientId: string;
  grants: string[];
  redirectUris: string[];
  app: AppEntity | null;
}

export const FIRST_PARTY_CLIENT: OAuthClient = {
  id: FIRST_PARTY_CLIENT_ID,
  clientId: FIRST_PARTY_CLIENT_ID,
  grants: FIRST_PARTY_GRANTS,
  redirectUris: [],
  app: null,
};

export function clientOf(app: AppEntity): OAuthClient {
  return {
    id: app.id,
    clientId: app.clientId,
    grants: APP_GRANTS,
    redirectUris: app.redirectUris,
    app,
  };
}

/** Constant-time check of a presented client secret against the stored SHA-256. */
export function secretMatches(app: AppEntity, secret: string): boolean {
  const presented = Buffer.from(sha256Hex(secret));
  const stored = Buffer.from(app.clientSecretHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * `client_id:client_secret` from HTTP Basic. RFC 6749 §2.3.1 form-url-encodes each part before
 * Base64 (`openid-client` sends `party%5F...`), so both are decoded here. Null when there is no
 * Basic header, or when it is empty (`Basic Og==`, i.e. `:`, what Swagger UI sends): no
 * credentials. A header that cannot be decoded, or whose client id holds a `:`, names no client
 * Party has: `invalid_client` (401).
 */
export function basicCredentials(header: string | undefined): BasicCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const invalid = () =>
    new InvalidClientError('Invalid client: malformed HTTP Basic credentials', { code: 401 });
  if (colon < 0) throw invalid();
  if (decoded === ':') return null;
  let credentials: BasicCredentials;
  try {
    credentials = {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalid();
  }
  if (credentials.clientId.includes(':')) throw invalid();
  return credentials;
}

function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** The same credentials as a Basic header of plain (decoded) parts, as the library reads it. */
export function plainBasicHeader(credentials: BasicCredentials): string {
  const pair = `${credentials.clientId}:${credentials.clientSecret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
