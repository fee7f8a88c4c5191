import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SecuritySchemeObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { COMPAT_VENDOR_MODULES } from './compat/compat.module';
import { CompatVendor } from './config/app-config';
import { stringify } from 'yaml';
import { SCOPES } from './common/http/request-principal';
import { EVENT_DATA_MODELS, addEventSchemas } from './events/event-schemas';

export const SCOPE_DESCRIPTIONS: Record<(typeof SCOPES)[number], string> = {
  party_user: 'Your profile, user search, your apps and your notification center',
  party_contact:
    'Your friends, friend requests, blocks, friend lists, address book and contact list',
  party_group: 'Your groups, their members, merge requests, announcements, notices and banners',
  party_message: 'Send and read your messages, broadcasts, attachments and merged histories',
  party_file: "Your groups' shared files",
  party_notify: 'Push notifications to users and groups (app tokens)',
  party_admin: 'System-wide reads and broadcasts (app tokens of system apps)',
};

const DESCRIPTION = `Party is a self-hostable chat open platform. Apps act for users who granted them OAuth 2.0
scopes (or for themselves, with app tokens), under \`/api/party/\`.

* **Errors** answer \`{"error", "code", "details"}\` with real status codes, localized by \`Accept-Language\`
  (\`en\`, \`zh-CN\`). \`/oauth/*\` answers in RFC 6749 form instead.
* **Times** are ISO 8601 UTC; each has a \`<field>_string\` sibling in the reader's language and time zone.
* **Lists** take \`page\` and \`per_page\` (default 30, max 100) and answer \`{data, page, per_page, total_count}\`
  with \`Link\` and \`X-Total-Count\`.
* **Rate limit**: 5,000 requests an hour per token (per IP without one), \`X-RateLimit-*\` on every response of a route (health is not limited),
  429 with \`Retry-After\` past it.`;

/** Builds the OpenAPI document from the app's controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Party API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'Bearer tokens from `/oauth/token`; each route lists the scopes it needs.',
        flows: {
          authorizationCode: {
            authorizationUrl: '/oauth/authorize',
            tokenUrl: '/oauth/token',
            refreshUrl: '/oauth/token',
            scopes: SCOPE_DESCRIPTIONS,
          },
          password: {
            tokenUrl: '/oauth/token',
            refreshUrl: '/oauth/token',
            scopes: SCOPE_DESCRIPTIONS,
          },
          clientCredentials: { tokenUrl: '/oauth/token', scopes: SCOPE_DESCRIPTIONS },
        },
      },
      'oauth2',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: 'Paste an access token (user or app token).',
      },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
    extraModels: EVENT_DATA_MODELS,
    include: nativeModules(app),
  });
  addEventSchemas(document);
  return document;
}

/** Every module of the app but the vendor wire formats, which have documents of their own. */
function nativeModules(app: INestApplication): (abstract new (...args: never[]) => unknown)[] {
  const vendorModules = new Set<unknown>(Object.values(COMPAT_VENDOR_MODULES));
  return [...app.get(ModulesContainer).values()]
    .map((module) => module.metatype)
    .filter((metatype) => !vendorModules.has(metatype));
}

const COMPAT_TITLES: Record<CompatVendor, string> = {
  catchchat: 'CatchChat API v4 (seed 004)',
  xuanxuan: 'Xuanxuan chat server API (seed 001)',
  yunzhijia: 'Yunzhijia group open API (seed 002)',
  agora: 'Agora Chat REST API: group announcement and shared files (seed 003)',
};

interface CompatTokens {
  /** The sentence of the document's description. */
  text: string;
  bearer: string;
  oauth2: Pick<SecuritySchemeObject, 'description' | 'flows'>;
}

const APP_TOKENS: CompatTokens = {
  text: 'Tokens are Party app tokens of a system app.',
  bearer: 'An app token.',
  oauth2: {
    description: 'App tokens from `/oauth/token` (client credentials of a system app).',
    flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: SCOPE_DESCRIPTIONS } },
  },
};

/** Who holds the tokens a vendor's clients send: apps for the server APIs, users for CatchChat. */
const COMPAT_TOKENS: Record<CompatVendor, CompatTokens> = {
  catchchat: {
    text: 'Tokens are Party user tokens (from `POST /api/auth/token_by_login` or OAuth), sent as `Authorization: Token token="..."` or `Bearer`.',
    bearer: 'A user token.',
    oauth2: {
      description: 'User tokens from `/oauth/token`.',
      flows: {
        authorizationCode: {
          authorizationUrl: '/oauth/authorize',
          tokenUrl: '/oauth/token',
          scopes: SCOPE_DESCRIPTIONS,
        },
        password: { tokenUrl: '/oauth/token', scopes: SCOPE_DESCRIPTIONS },
      },
    },
  },
  xuanxuan: APP_TOKENS,
  yunzhijia: APP_TOKENS,
  agora: APP_TOKENS,
};

/**
 * The OpenAPI document of one vendor wire format (served at `/docs/compat/<vendor>.json`,
 * committed as `docs/compat/<vendor>.openapi.yaml`); null when the vendor has no module here.
 */
export function buildCompatOpenApiDocument(
  app: INestApplication,
  vendor: CompatVendor,
): OpenAPIObject | null {
  const module = COMPAT_VENDOR_MODULES[vendor];
  if (!module) return null;
  const tokens = COMPAT_TOKENS[vendor];
  const config = new DocumentBuilder()
    .setTitle(`Party: ${COMPAT_TITLES[vendor]}`)
    .setDescription(
      `The vendor's own paths, parameters and envelopes, answered by Party's native services (see \`docs/compat/${vendor}.md\`). ${tokens.text}`,
    )
    .setVersion('1.0')
    .addOAuth2({ type: 'oauth2', ...tokens.oauth2 }, 'oauth2')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: tokens.bearer,
      },
      'bearer',
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
    include: [module],
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The committed `openapi.yaml`: keys sorted so that the same code always yields the same file. */
export function toDeterministicYaml(document: OpenAPIObject): string {
  // Written with YAML 1.1's rules so that strings such as times (`2026-11-22T08:10:30Z`) or
  // `yes` are quoted: 1.1 loaders (PyYAML, older js-yaml) would read them as other types.
  return stringify(sortKeys(document), { lineWidth: 0, version: '1.1' });
}
