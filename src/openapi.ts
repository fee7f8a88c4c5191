import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  OpenAPIObject,
  SwaggerCustomOptions,
  SwaggerModule,
} from '@nestjs/swagger';
import type {
  SecuritySchemeObject,
  TagObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { stringify } from 'yaml';
import { AccessPolicy } from './auth/access.decorator';
import { FIRST_PARTY_CLIENT_ID } from './auth/oauth/oauth-client';
import { routePolicies } from './auth/route-policies';
import { SCOPES } from './common/http/request-principal';
import { errorCodes } from './common/i18n/messages';
import { COMPAT_VENDOR_MODULES } from './compat/compat.module';
import { AppConfig, CompatVendor } from './config/app-config';
import { EVENT_DATA_MODELS, addEventSchemas } from './events/event-schemas';
import { applyOpenApiConventions } from './openapi-conventions';

/** Where Party's own API lives; its errors use the `{error, code, details}` envelope. */
const API_PATH_PREFIX = '/api/party/';

/**
 * The spec's tags, one per area, in the order the docs show them. A controller's `@ApiTags`
 * names one of these; a module that adds a tag adds it here (a test holds every used tag to be
 * defined).
 */
export const API_TAGS: TagObject[] = [
  { name: 'auth', description: 'Registration, verify codes and availability checks' },
  {
    name: 'oauth',
    description: 'OAuth 2.0 authorization server (RFC 6749 errors, not the envelope)',
  },
  { name: 'users', description: 'Your profile and other people' },
  { name: 'apps', description: 'The OAuth apps you registered' },
  { name: 'friend-requests', description: 'Friend requests you sent and received' },
  { name: 'friendships', description: 'Your friends, their remarks and order' },
  { name: 'friend-lists', description: 'Your named lists of friends' },
  { name: 'blocks', description: 'People you blocked' },
  { name: 'address-book', description: "Your phone's address book matched against Party" },
  { name: 'contact-list', description: 'Your conversations list: pins, unread counts, archive' },
  { name: 'groups', description: 'Groups, their members and merges' },
  {
    name: 'group content',
    description: "A group's announcement, notices, banners and shared files",
  },
  { name: 'messages', description: 'Messages, history, broadcasts, attachments, merged histories' },
  {
    name: 'notifications',
    description: 'Notifications pushed by apps, and your notification center',
  },
  { name: 'events', description: 'Realtime events: long polling, server-sent events, WebSocket' },
  {
    name: 'webhooks',
    description: "Your apps' webhook endpoints, their deliveries and the before-send hook",
  },
  { name: 'admin', description: 'System-wide reads for system apps' },
  { name: 'health', description: 'Liveness for load balancers' },
];

export interface OpenApiDocumentOptions {
  /** The server the document names: PUBLIC_URL when configured, else relative (`/`). */
  publicUrl?: string | null;
}

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
export function buildOpenApiDocument(
  app: INestApplication,
  options: OpenApiDocumentOptions = {},
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Party API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
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
  const policies = new Map<string, AccessPolicy>();
  for (const route of routePolicies(app)) {
    if (route.policy) policies.set(route.handler, route.policy);
  }
  applyOpenApiConventions(document, {
    serverUrl: options.publicUrl?.replace(/\/+$/, '') || '/',
    tags: API_TAGS,
    policies,
    errorCodes: errorCodes(),
    envelopePrefix: API_PATH_PREFIX,
  });
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
/** Where Swagger UI is served (outside the API prefix), and its OAuth 2.0 redirect page in it. */
export const DOCS_PATH = '/docs';
export const DOCS_OAUTH2_REDIRECT_PAGE = `${DOCS_PATH}/oauth2-redirect.html`;

/**
 * What Swagger UI is told: the first-party client id preset (the password flow works as is),
 * PKCE on the authorization-code flow, and the redirect URI it sends, which must be registered
 * on the app used for that flow (docs/auth.md). With PUBLIC_URL it is named outright; without,
 * Swagger UI derives it from the page's own address (`<origin>/docs/oauth2-redirect.html` once
 * the page is at `/docs/`, which `serveApiDocs` makes sure of).
 */
export function swaggerUiOptions(config: Pick<AppConfig, 'publicUrl'>): SwaggerCustomOptions {
  const origin = config.publicUrl?.replace(/\/+$/, '');
  return {
    jsonDocumentUrl: 'docs-json',
    useGlobalPrefix: false,
    customSiteTitle: 'Party API',
    swaggerOptions: {
      initOAuth: { clientId: FIRST_PARTY_CLIENT_ID, usePkceWithAuthorizationCodeGrant: true },
      ...(origin ? { oauth2RedirectUrl: `${origin}${DOCS_OAUTH2_REDIRECT_PAGE}` } : {}),
    },
  };
}

/**
 * Serves Swagger UI at `/docs/` (with swagger-ui-dist's files, `oauth2-redirect.html` among them)
 * and the document at `/docs-json`. `/docs` without the slash is redirected to `/docs/`: Swagger
 * UI derives its OAuth redirect URI from the page's directory, which would otherwise be the root
 * (`/oauth2-redirect.html`, not served), so a registered redirect URI would work from one address
 * of the page and not the other.
 */
export function serveApiDocs(app: NestFastifyApplication, config: AppConfig): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const [path, query] = request.url.split(/\?(.*)/s, 2);
      if (request.method !== 'GET' || path !== DOCS_PATH) return done();
      void reply.redirect(`docs/${query ? `?${query}` : ''}`, 301);
    });
  SwaggerModule.setup(
    DOCS_PATH.slice(1),
    app,
    () => buildOpenApiDocument(app, { publicUrl: config.publicUrl }),
    swaggerUiOptions(config),
  );
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
