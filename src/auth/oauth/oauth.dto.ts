import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `POST /oauth/token` parameters (form or JSON); which ones apply depends on `grant_type`. */
export class TokenRequestDto {
  @ApiProperty({
    enum: [
      'password',
      'refresh_token',
      'client_credentials',
      'authorization_code',
      'urn:party:params:oauth:grant-type:sms',
    ],
    example: 'password',
  })
  grant_type!: string;

  @ApiPropertyOptional({ description: 'password: username, email or mobile', example: 'lilei2024' })
  username?: string;

  @ApiPropertyOptional({ description: 'password', example: 'correct horse battery' })
  password?: string;

  @ApiPropertyOptional({ description: 'sms: national number (or E.164)', example: '15158166372' })
  mobile?: string;

  @ApiPropertyOptional({ description: 'sms: country calling code', example: '86' })
  phone_code?: string;

  @ApiPropertyOptional({ description: 'sms: the `login` verify code', example: '472913' })
  verify_code?: string;

  @ApiPropertyOptional({
    description: 'refresh_token: the refresh token (rotated on use)',
    example: 'r8Jb1gkq0wXc2mZl7Qv9sT4uYp3nE6dH',
  })
  refresh_token?: string;

  @ApiPropertyOptional({
    description: 'authorization_code: the code from the redirect',
    example: 'Sp1xl0MnQ9cZ4vT7bR2wK8yJ5hF3dG6a',
  })
  code?: string;

  @ApiPropertyOptional({
    description: 'authorization_code: the redirect URI used to get the code',
    example: 'https://cal.example.com/cb',
  })
  redirect_uri?: string;

  @ApiPropertyOptional({
    description: 'authorization_code: the PKCE verifier (public clients)',
    example: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  })
  code_verifier?: string;

  @ApiPropertyOptional({
    description:
      'Omit for Party’s first-party client (password, sms, refresh_token); HTTP Basic also works',
    example: 'party',
  })
  client_id?: string;

  @ApiPropertyOptional({
    description: "A confidential app's secret (none for the first-party client)",
    example: 'xJ3l0oQ9cW1bq7fK2m8yZ5rV4tN6uP0sA1dE2gH3iJ4',
  })
  client_secret?: string;

  @ApiPropertyOptional({
    description: 'Space-separated scopes; default: all the client may get',
    example: 'party_user party_message',
  })
  scope?: string;

  @ApiPropertyOptional({
    description:
      'Seconds the access token lives; 0 = never (no `expires_in` in the answer). Defaults: password 1 year, sms 7 days, app tokens and authorization codes 2 hours, refresh = the lifetime of the token refreshed.',
    example: 3600,
  })
  expires_in?: number;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'pW3x0Q1j9yT1k2Jp0nXW0Yc0oX6i3l7fA9s8d7f6g5h' })
  access_token!: string;

  @ApiProperty({ example: 'Bearer' })
  token_type!: string;

  @ApiPropertyOptional({ description: 'Absent when the token never expires', example: 3600 })
  expires_in?: number;

  @ApiPropertyOptional({ description: 'User tokens only', example: 'r8Jb1gkq0w...' })
  refresh_token?: string;

  @ApiProperty({ example: 'party_user party_contact party_group party_message party_file' })
  scope!: string;
}

export class OAuthErrorDto {
  @ApiProperty({ example: 'invalid_grant' })
  error!: string;

  @ApiProperty({ example: 'Invalid grant: user credentials are invalid' })
  error_description!: string;
}

export class TokenParamsDto {
  @ApiProperty({
    description: 'The access or refresh token',
    example: 'a3f1c9e07b5d4e2f8c6a1b0d9e7f5c3a',
  })
  token!: string;

  @ApiPropertyOptional({ enum: ['access_token', 'refresh_token'], example: 'access_token' })
  token_type_hint?: string;

  @ApiPropertyOptional({
    description: 'The app (or `party`), unless sent in HTTP Basic',
    example: 'party',
  })
  client_id?: string;

  @ApiPropertyOptional({
    description: "A confidential app's secret, unless sent in HTTP Basic",
    example: 'xJ3l0oQ9cW1bq7fK2m8yZ5rV4tN6uP0sA1dE2gH3iJ4',
  })
  client_secret?: string;
}

export class IntrospectionDto {
  @ApiProperty({ example: true })
  active!: boolean;

  @ApiPropertyOptional({ example: 'party_user party_message' })
  scope?: string;

  @ApiPropertyOptional({ example: 'party' })
  client_id?: string;

  @ApiPropertyOptional({ example: 'lilei2024' })
  username?: string;

  @ApiPropertyOptional({
    description: 'The user id',
    example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  })
  sub?: string;

  @ApiPropertyOptional({ example: 'Bearer' })
  token_type?: string;

  @ApiPropertyOptional({ example: 1795334703 })
  exp?: number;

  @ApiPropertyOptional({ example: 1795331103 })
  iat?: number;
}

/** RFC 8414 authorization-server metadata (`GET /.well-known/oauth-authorization-server`). */
export class AuthorizationServerMetadataDto {
  @ApiProperty({
    description: 'PUBLIC_URL when configured, else the origin the request reached',
    example: 'https://party.example.com',
  })
  issuer!: string;

  @ApiProperty({ example: 'https://party.example.com/oauth/authorize' })
  authorization_endpoint!: string;

  @ApiProperty({ example: 'https://party.example.com/oauth/token' })
  token_endpoint!: string;

  @ApiProperty({ example: 'https://party.example.com/oauth/revoke' })
  revocation_endpoint!: string;

  @ApiProperty({ example: 'https://party.example.com/oauth/introspect' })
  introspection_endpoint!: string;

  @ApiProperty({
    type: [String],
    example: ['party_user', 'party_contact', 'party_group', 'party_message', 'party_file'],
  })
  scopes_supported!: string[];

  @ApiProperty({ type: [String], example: ['code'] })
  response_types_supported!: string[];

  @ApiProperty({
    type: [String],
    example: [
      'password',
      'urn:party:params:oauth:grant-type:sms',
      'refresh_token',
      'authorization_code',
      'client_credentials',
    ],
  })
  grant_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post', 'none'] })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post', 'none'] })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post'] })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], example: ['S256'] })
  code_challenge_methods_supported!: string[];
}
