import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
  TagObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AccessPolicy, describeAccess } from './auth/access.decorator';

/**
 * The rules every operation and schema of the spec follows, applied once to the generated
 * document so that a route added anywhere inherits them (docs/decisions.md, "The OpenAPI
 * document"). Each rule states a fact the code already guarantees; what a rule cannot know (a
 * fractional number, a binary body) the DTO or a shared decorator declares.
 */
export interface OpenApiConventionInputs {
  /** `servers[0].url`: PUBLIC_URL, else `/` (the origin the document was read from). */
  serverUrl: string;
  tags: readonly TagObject[];
  /** The access each operation (by operation id, the handler's name) declares. */
  policies: ReadonlyMap<string, AccessPolicy>;
  /** Every `code` an error envelope can carry. */
  errorCodes: readonly string[];
  /** Paths whose errors are the `{error, code, details}` envelope (not /oauth's RFC 6749 form). */
  envelopePrefix: string;
}

const ERROR_SCHEMA = 'ErrorEnvelopeDto';
const ERROR_REF = `#/components/schemas/${ERROR_SCHEMA}`;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Number formats that hold fractions; every other `number` is an integer. */
const FRACTION_FORMATS = new Set(['float', 'double']);
/** Keys whose values are data (examples, defaults), never schemas to rewrite. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

export const RESPONSE_HEADERS: Record<string, HeaderObject> = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed in the window (per token, or per IP without one)',
    schema: { type: 'integer', example: 5000 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window (0 on a 429)',
    schema: { type: 'integer', example: 4999 },
  },
  'X-RateLimit-Reset': {
    description: 'The UTC epoch second at which the window resets',
    schema: { type: 'integer', example: 1795766400 },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer', example: 30 },
  },
};
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** A stable, real-looking (version 4 layout) UUID for examples, derived from `seed`. */
export function exampleUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function applyOpenApiConventions(
  document: OpenAPIObject,
  inputs: OpenApiConventionInputs,
): void {
  document.servers = [{ url: inputs.serverUrl, description: 'This Party server' }];
  document.tags = inputs.tags.map((tag) => ({ ...tag }));
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...RESPONSE_HEADERS };
  const errorSchema = document.components.schemas?.[ERROR_SCHEMA] as SchemaObject | undefined;
  const codeProperty = errorSchema?.properties?.code as SchemaObject | undefined;
  if (codeProperty) codeProperty.enum = [...inputs.errorCodes].sort();

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const policy = inputs.policies.get(operation.operationId ?? '');
      const envelope = path.startsWith(inputs.envelopePrefix);
      describeOperation(operation, policy);
      if (policy?.public) operation.security = [];
      if (envelope) {
        declareBadInput(operation);
        declareOutage(operation);
      }
      documentPathIds(operation);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || isReference(response)) continue;
        response.description ||= STATUS_CODES[Number(status)] ?? 'Response';
        errorsAsJson(response);
        addHeaders(operation, status, response);
      }
    }
  }
  const requestSchemas = schemasOfRequestBodies(document);
  for (const name of requestSchemas) {
    moveDefaultsToDescriptions(document.components.schemas?.[name] as SchemaObject);
  }
  rewriteSchemas(document.components.schemas);
  rewriteSchemas(document.paths);
}

/** Every operation says who may call it, after what its route says about itself. */
function describeOperation(operation: OperationObject, policy: AccessPolicy | undefined): void {
  if (!policy) return;
  const access = `${describeAccess(policy)}.`;
  operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
}

/**
 * A query or a body can be refused by the validation pipe: such an operation declares the 400
 * even when its route did not think of it (list routes with `page`, `per_page`).
 */
function declareBadInput(operation: OperationObject): void {
  const hasQuery = (operation.parameters ?? []).some(
    (parameter) => !isReference(parameter) && parameter.in === 'query',
  );
  if ((!hasQuery && !operation.requestBody) || operation.responses['400']) return;
  operation.responses['400'] = {
    description: 'Bad input (`validation_failed`); `details` names each field and its problem',
    content: { 'application/json': { schema: { $ref: ERROR_REF } } },
  };
}

/**
 * Any route may find the database or Redis unreachable: it answers 503 (never 500), which a
 * client should retry after `Retry-After` (DESIGN §4, Outages).
 */
function declareOutage(operation: OperationObject): void {
  operation.responses['503'] ??= {
    description:
      'The database or Redis is unreachable (`service_unavailable`); retry after `Retry-After` seconds',
    content: { 'application/json': { schema: { $ref: ERROR_REF } } },
  };
}

/** Path ids are UUIDs (`ParseIdPipe`), so their examples are UUIDs a client can send. */
function documentPathIds(operation: OperationObject): void {
  for (const parameter of operation.parameters ?? []) {
    if (isReference(parameter) || parameter.in !== 'path') continue;
    if (parameter.name !== 'id' && !parameter.name.endsWith('_id')) continue;
    const schema = (parameter.schema ?? {}) as SchemaObject;
    parameter.schema = { ...schema, type: 'string', format: 'uuid' };
    parameter.example ??= exampleUuid(`${operation.operationId}.${parameter.name}`);
  }
}

/**
 * The error envelope is always JSON, whatever the route's success produces (a file, a page):
 * `@ApiProduces` would otherwise declare its errors as bytes or HTML.
 */
function errorsAsJson(response: ResponseObject): void {
  if (!response.content) return;
  for (const [mediaType, content] of Object.entries(response.content)) {
    const schema = content.schema as ReferenceObject | undefined;
    if (mediaType === 'application/json' || schema?.$ref !== ERROR_REF) continue;
    delete response.content[mediaType];
    response.content['application/json'] = content;
  }
}

/**
 * The rate-limit guard stamps `X-RateLimit-*` on every answer of a limited route (those that
 * declare its 429), and `Retry-After` on the 429; a 503 (outage) carries `Retry-After` too.
 */
function addHeaders(operation: OperationObject, status: string, response: ResponseObject): void {
  const names: string[] = [];
  if (operation.responses['429']) names.push(...RATE_LIMIT_HEADERS);
  if (status === '429' || status === '503') names.push('Retry-After');
  if (names.length === 0) return;
  response.headers ??= {};
  for (const name of names) {
    response.headers[name] ??= { $ref: `#/components/headers/${name}` };
  }
}

/** The component schemas a request body refers to, directly or through nested schemas. */
function schemasOfRequestBodies(document: OpenAPIObject): Set<string> {
  const found = new Set<string>();
  const schemas = document.components?.schemas ?? {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (!found.has(name) && schemas[name]) {
          found.add(name);
          visit(schemas[name]);
        }
      } else if (!DATA_KEYS.has(key)) visit(value);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) visit(item[method]?.requestBody);
  }
  return found;
}

/**
 * A request field with a default is optional: the server fills it in. Generators read `default`
 * as "always present" (openapi-typescript makes such a property required), which holds for
 * answers only, so in request schemas the default is stated in the description instead.
 */
function moveDefaultsToDescriptions(schema: SchemaObject | undefined): void {
  for (const property of Object.values(schema?.properties ?? {})) {
    if (isReference(property) || property.default === undefined) continue;
    const note = `Default: \`${JSON.stringify(property.default)}\`.`;
    property.description = property.description
      ? `${property.description.replace(/\.?$/, '.')} ${note}`
      : note;
    delete property.default;
  }
}

/**
 * Schema-wide facts: a `number` without a fractional format is an integer (ids, counts,
 * sequences, sizes; latitude and longitude say `format: double`), and a string field named
 * `*_at` is an ISO 8601 time.
 */
function rewriteSchemas(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(rewriteSchemas);
  if (node === null || typeof node !== 'object') return;
  const schema = node as SchemaObject & Record<string, unknown>;
  if (schema.type === 'number' && !FRACTION_FORMATS.has(schema.format ?? '')) {
    schema.type = 'integer';
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (isReference(property) || !name.endsWith('_at')) continue;
    if (property.type === 'string' && property.format === undefined) property.format = 'date-time';
  }
  for (const [key, value] of Object.entries(schema)) {
    if (!DATA_KEYS.has(key)) rewriteSchemas(value);
  }
}

function isReference(value: object): value is ReferenceObject {
  return '$ref' in value;
}
