import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../common/crypto/secrets';
import { AppEntity } from '../entities/app.entity';

/** The `client_id` of Party's own first-party client (no secret; every user scope). */
export const FIRST_PARTY_CLIENT_ID = 'party';
export const SMS_GRANT_TYPE = 'urn:party:params:oauth:grant-type:sms';

const FIRST_PARTY_GRANTS = ['password', SMS_GRANT_TYPE, 'refresh_token'];
const APP_GRANTS = [...FIRST_PARTY_GRANTS, 'authorization_code', 'client_credentials'];

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

/** `client_id:client_secret` from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts). */
export function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}
