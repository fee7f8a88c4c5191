import OAuth2Server, { AbstractGrantType, InvalidRequestError } from '@node-oauth/oauth2-server';
import { OAuthClient } from './oauth-client';
import { PartyOAuthModel } from './oauth.model';

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * `grant_type=urn:party:params:oauth:grant-type:sms`: `mobile` (+ `phone_code`) and a
 * `verify_code` sent with purpose `login`, an RFC 6749 §4.5 extension grant.
 */
export class SmsGrantType extends AbstractGrantType {
  private readonly party: PartyOAuthModel;

  constructor(options: OAuth2Server.TokenOptions & { model: unknown }) {
    super(options);
    this.party = options.model as PartyOAuthModel;
  }

  async handle(
    request: OAuth2Server.Request,
    client: OAuth2Server.Client,
  ): Promise<OAuth2Server.Token> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const mobile = field(body, 'mobile');
    const code = field(body, 'verify_code');
    if (!mobile) throw new InvalidRequestError('Missing parameter: `mobile`');
    if (!code) throw new InvalidRequestError('Missing parameter: `verify_code`');
    const scope = this.getScope(request);
    const user = await this.party.getUserBySms(field(body, 'phone_code'), mobile, code);
    const validated = await this.validateScope(user, client, scope);
    const saved = await this.party.saveToken(
      { scope: validated || undefined },
      client as unknown as OAuthClient,
      user,
    );
    return saved;
  }
}
