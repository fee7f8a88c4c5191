import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { translate } from '../../src/common/i18n/messages';
import { MESSAGE_TYPES } from '../../src/message/dto/message.dto';
import { buildOpenApiDocument } from '../../src/openapi';
import { routePolicies } from '../../src/auth/route-policies';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_REF = '#/components/schemas/ErrorEnvelopeDto';

interface Operation {
  method: string;
  path: string;
  op: OperationObject;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      op: item[method]!,
    })),
  );
}

function byId(document: OpenAPIObject, id: string): Operation {
  const found = operationsOf(document).find((entry) => entry.op.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

function response(operation: Operation, status: string): ResponseObject {
  return operation.op.responses[status] as ResponseObject;
}

/** Every object in the document with the JSON path to it (examples and defaults skipped). */
function walk(
  node: unknown,
  path: string,
  visit: (value: Record<string, any>, path: string) => void,
) {
  if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`, visit));
  if (node === null || typeof node !== 'object') return;
  visit(node as Record<string, any>, path);
  for (const [key, value] of Object.entries(node)) {
    if (!['example', 'examples', 'default', 'enum'].includes(key))
      walk(value, `${path}/${key}`, visit);
  }
}

/** The component schemas a request body reaches. */
function requestSchemas(document: OpenAPIObject): Set<string> {
  const names = new Set<string>();
  const schemas = document.components!.schemas!;
  const follow = (node: unknown) =>
    walk(node, '', (value) => {
      if (typeof value.$ref !== 'string') return;
      const name = value.$ref.split('/').pop() as string;
      if (names.has(name) || !schemas[name]) return;
      names.add(name);
      follow(schemas[name]);
    });
  for (const { op } of operationsOf(document)) follow(op.requestBody);
  return names;
}

describe('the OpenAPI document a generated client can use without hand fixes', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    document = buildOpenApiDocument(t.app);
    user = await createUser(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names its server: relative without PUBLIC_URL, PUBLIC_URL otherwise', () => {
    expect(document.servers).toEqual([{ url: '/', description: 'This Party server' }]);
    const public_ = buildOpenApiDocument(t.app, { publicUrl: 'https://party.example.com/' });
    expect(public_.servers![0].url).toBe('https://party.example.com');
    expect(document.info.license).toMatchObject({ name: 'MIT' });
  });

  it('defines every tag it uses, with a description, and uses every tag it defines', () => {
    const defined = (document.tags ?? []).map((tag) => tag.name);
    expect(new Set(defined).size).toBe(defined.length);
    for (const tag of document.tags ?? []) expect(tag.description).toEqual(expect.any(String));
    const used = new Set<string>();
    for (const { op } of operationsOf(document)) {
      expect({ id: op.operationId, tags: op.tags?.length }).toEqual({
        id: op.operationId,
        tags: 1,
      });
      op.tags!.forEach((tag) => used.add(tag));
    }
    expect([...used].sort()).toEqual([...defined].sort());
  });

  it('describes every operation, saying who may call it; public ones say security: []', () => {
    const policies = new Map(routePolicies(t.app).map((route) => [route.handler, route.policy]));
    for (const { op } of operationsOf(document)) {
      const policy = policies.get(op.operationId!);
      expect(op.description).toMatch(/Needs (no access token|a .+ with scope `party_\w+`.*)\.$/);
      if (policy?.public) expect(op.security).toEqual([]);
      else expect(op.security?.length).toBeGreaterThan(0);
    }
    expect(byId(document, 'health').op.security).toEqual([]);
    expect(byId(document, 'issueOAuthToken').op.description).toMatch(/Needs no access token\.$/);
  });

  it('types integers as integer: no bare number is left, only fractional doubles', () => {
    const numbers: string[] = [];
    walk(document, '', (value, path) => {
      if (value.type === 'number' && !['double', 'float'].includes(value.format))
        numbers.push(path);
    });
    expect(numbers).toEqual([]);
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    const prop = (schema: string, name: string) =>
      schemas[schema].properties![name] as SchemaObject;
    expect(prop('MessageDto', 'seq').type).toBe('integer');
    expect(prop('MessageDto', 'latitude')).toMatchObject({ type: 'number', format: 'double' });
    expect(prop('PaginatedEnvelopeDto', 'total_count').type).toBe('integer');
    expect(prop('HistoryDto', 'next_before_seq').type).toBe('integer');
    const perPage = byId(document, 'listFriendships').op.parameters!.find(
      (p) => (p as ParameterObject).name === 'per_page',
    ) as ParameterObject;
    expect((perPage.schema as SchemaObject).type).toBe('integer');
  });

  it('gives every time format date-time', () => {
    const times: string[] = [];
    walk(document, '', (value, path) => {
      for (const [name, property] of Object.entries<Record<string, any>>(value.properties ?? {})) {
        if (name.endsWith('_at') && property.format !== 'date-time') times.push(`${path}.${name}`);
      }
    });
    expect(times).toEqual([]);
  });

  it('declares binary downloads as octet-stream with their headers, and their errors as JSON', () => {
    for (const id of ['downloadMessageFile', 'downloadGroupShareFile']) {
      const operation = byId(document, id);
      const ok = response(operation, '200');
      expect(ok.content).toEqual({
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      });
      expect(Object.keys(ok.headers ?? {})).toEqual(
        expect.arrayContaining(['Content-Disposition', 'Content-Length']),
      );
      for (const [status, answer] of Object.entries(operation.op.responses)) {
        if (status.startsWith('2')) continue;
        expect({ status, content: Object.keys((answer as ResponseObject).content ?? {}) }).toEqual({
          status,
          content: ['application/json'],
        });
      }
    }
    const shareFile = byId(document, 'downloadGroupShareFile');
    expect(Object.keys(response(shareFile, '200').headers!)).toContain('ETag');
    expect(Object.keys(response(shareFile, '206').headers!)).toContain('Content-Range');
    expect(response(shareFile, '206').content).toHaveProperty('application/octet-stream');
    expect(Object.keys(response(shareFile, '416').headers!)).toContain('Content-Range');
  });

  it('declares a 400 wherever the API validates a query or a body (lists, merged histories), and the 503', () => {
    const missing: string[] = [];
    for (const entry of operationsOf(document)) {
      if (!entry.path.startsWith('/api/party/')) continue;
      const validated =
        entry.op.requestBody !== undefined ||
        (entry.op.parameters ?? []).some((p) => (p as ParameterObject).in === 'query');
      if (!validated) continue;
      const bad = response(entry, '400');
      const schema = bad?.content?.['application/json']?.schema as { $ref?: string } | undefined;
      if (schema?.$ref !== ERROR_REF) missing.push(`${entry.method} ${entry.path}`);
    }
    expect(missing).toEqual([]);
    // Any of them may meet an outage: 503 with Retry-After, never an undeclared 500.
    const withoutOutage = operationsOf(document)
      .filter((entry) => entry.path.startsWith('/api/party/'))
      .filter((entry) => !response(entry, '503')?.headers?.['Retry-After'])
      .map((entry) => `${entry.method} ${entry.path}`);
    expect(withoutOutage).toEqual([]);
    for (const id of ['listFriendships', 'createMergedHistory', 'listGroupShareFiles']) {
      expect(response(byId(document, id), '400')).toBeDefined();
    }
  });

  it('declares the headers the server sends: rate limit, Retry-After, pagination', async () => {
    for (const entry of operationsOf(document)) {
      if (!entry.op.responses['429']) continue;
      for (const [status, answer] of Object.entries(entry.op.responses)) {
        const names = Object.keys((answer as ResponseObject).headers ?? {});
        expect({ id: entry.op.operationId, status, names }).toEqual({
          id: entry.op.operationId,
          status,
          names: expect.arrayContaining([
            'X-RateLimit-Limit',
            'X-RateLimit-Remaining',
            'X-RateLimit-Reset',
            ...(status === '429' || status === '503' ? ['Retry-After'] : []),
          ]),
        });
      }
    }
    const list = response(byId(document, 'listFriendships'), '200');
    expect(Object.keys(list.headers!)).toEqual(expect.arrayContaining(['Link', 'X-Total-Count']));
    // What is declared is what a real answer carries.
    const real = await t.get('friendships', { token: user.token });
    for (const name of [
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Link',
      'X-Total-Count',
    ]) {
      expect({ name, value: real.headers.get(name) }).toEqual({ name, value: expect.any(String) });
    }
    expect(Number(real.headers.get('X-RateLimit-Reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('lists message types and error codes as enums that match what the server knows', async () => {
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    expect(schemas.MessageType.enum).toEqual([...MESSAGE_TYPES]);
    for (const type of MESSAGE_TYPES)
      expect(translate(`message.type.${type}`, 'en')).not.toBeNull();
    expect(schemas.UserMessageType.enum).toEqual([
      'text',
      'image',
      'video',
      'audio',
      'file',
      'location',
    ]);
    const codes = (schemas.ErrorEnvelopeDto.properties!.code as SchemaObject).enum as string[];
    const answers = await Promise.all([
      t.get('no-such-route'),
      t.get('user'),
      t.get('friendships', { token: user.token, query: { per_page: 1000 } }),
      t.get(`groups/${'0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c'}`, { token: user.token }),
    ]);
    expect(answers.map((answer) => answer.body.code)).toEqual([
      'route_not_found',
      'unauthorized',
      'validation_failed',
      'not_found',
    ]);
    for (const answer of answers) expect(codes).toContain(answer.body.code);
    expect(codes.every((code) => /^[a-z][a-z0-9_]*$/.test(code))).toBe(true);
  });

  it('keeps request defaults from making fields required in generated types', () => {
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    const withDefault: string[] = [];
    for (const name of requestSchemas(document)) {
      for (const [field, property] of Object.entries<SchemaObject>(
        (schemas[name].properties ?? {}) as Record<string, SchemaObject>,
      )) {
        if (property.default !== undefined) withDefault.push(`${name}.${field}`);
      }
    }
    expect(withDefault).toEqual([]);
    const send = schemas.SendMessageDto;
    expect(send.required ?? []).not.toContain('message_type');
    expect((send.properties!.message_type as SchemaObject).description).toContain(
      'Default: `"text"`',
    );
    // Query defaults stay machine-readable: generators keep parameters optional by `required`.
    const perPage = byId(document, 'listFriendships').op.parameters!.find(
      (p) => (p as ParameterObject).name === 'per_page',
    ) as ParameterObject;
    expect(perPage.required).toBe(false);
    expect((perPage.schema as SchemaObject).default).toBe(30);
  });

  it('has examples a client can send: UUID path ids, request fields, never "string"', async () => {
    const placeholders: string[] = [];
    const visitExamples = (node: unknown, path: string): void => {
      if (Array.isArray(node))
        return node.forEach((item, i) => visitExamples(item, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (
          key === 'example' &&
          (value === 'string' || (Array.isArray(value) && value.includes('string')))
        )
          placeholders.push(path);
        visitExamples(value, `${path}/${key}`);
      }
    };
    visitExamples(document, '');
    expect(placeholders).toEqual([]);

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const { op } of operationsOf(document)) {
      for (const parameter of (op.parameters ?? []) as ParameterObject[]) {
        if (parameter.in !== 'path' || !(parameter.name === 'id' || parameter.name.endsWith('_id')))
          continue;
        expect({ id: op.operationId, example: parameter.example }).toEqual({
          id: op.operationId,
          example: expect.stringMatching(uuid),
        });
        expect(parameter.schema).toMatchObject({ type: 'string', format: 'uuid' });
      }
    }
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    const bare: string[] = [];
    for (const name of requestSchemas(document)) {
      for (const [field, property] of Object.entries<SchemaObject & { $ref?: string }>(
        (schemas[name].properties ?? {}) as Record<string, SchemaObject>,
      )) {
        const described =
          property.example !== undefined ||
          property.enum !== undefined ||
          property.$ref !== undefined ||
          property.allOf !== undefined ||
          property.format === 'binary' ||
          (property.items as { $ref?: string } | undefined)?.$ref !== undefined;
        if (!described) bare.push(`${name}.${field}`);
      }
    }
    expect(bare).toEqual([]);

    // An example path id executes: a well-formed id the server looks up (404), not a 400.
    const getGroup = byId(document, 'getGroup');
    const example = (getGroup.op.parameters as ParameterObject[])[0].example as string;
    const answer = await t.get(`groups/${example}`, { token: user.token });
    expect(answer.status).toBe(404);
  });
});
