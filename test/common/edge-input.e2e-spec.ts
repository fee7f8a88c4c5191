import { OpenAPIObject } from '@nestjs/swagger';
import { SCOPES } from '../../src/common/http/request-principal';
import { buildOpenApiDocument } from '../../src/openapi';
import { createAppClient, createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

type Schema = Record<string, any>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const UUID = /^[0-9a-f-]{36}$/i;
/** Values of the wrong type, out of range, too long or not storable, for any field. */
const MALFORMED: unknown[] = [
  {},
  [],
  [{}],
  ['\u0000'],
  'x',
  '',
  ' ',
  '\u0000',
  '\ud800',
  'A'.repeat(70_000),
  1e300,
  2147483648,
  -2147483649,
  -1,
  0,
  1.5,
  true,
  null,
  '2026-13-45',
  'javascript:alert(1)',
];
const MALFORMED_QUERY = ['x', '-1', '1e300', '99999999999999999999', '', 'A'.repeat(5_000), '%00'];

// Every documented operation, called by a user and by a system app with every scope, with each
// body field (starting from the operation's documented example) and each query parameter in
// turn replaced by malformed or edge values: no answer may be a 5xx, and the consistency check
// at close proves nothing half-written was left behind.
describe('edge input on every route', () => {
  let t: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let other: TestUser;
  let appToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t);
    member = await createUser(t);
    other = await createUser(t);
    appToken = (await createAppClient(t, { scopes: SCOPES, system: true })).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers no 5xx to malformed or edge values of any field', async () => {
    const group = await t.post(
      'groups',
      { name: 'edge', user_ids: [member.id, other.id] },
      { token: owner.token },
    );
    const message = await t.post(
      'messages',
      { to_user: member.id, content: 'edge' },
      { token: owner.token },
    );
    expect([group.status, message.status]).toEqual([201, 201]);
    const groupId: string = group.body.id;
    const messageId: string = message.body.id;
    // Real ids in other spellings and shapes: the services' string comparisons see them.
    const edgeIds: unknown[] = [
      member.id.toUpperCase(),
      groupId.toUpperCase(),
      owner.id.toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
      [member.id, member.id.toUpperCase()],
    ];
    const idFor = (name: string): string =>
      /group/.test(name) ? groupId : /message|parent/.test(name) ? messageId : member.id;

    const document: OpenAPIObject = buildOpenApiDocument(t.app);
    const deref = (schema: Schema | undefined): Schema | undefined => {
      if (!schema?.$ref) return schema;
      const name = (schema.$ref as string).split('/').pop() as string;
      return deref(document.components?.schemas?.[name]);
    };
    const exampleOf = (name: string, schema: Schema): unknown => {
      const example = schema.example ?? (schema.items ? [deref(schema.items)?.example] : undefined);
      if (typeof example === 'string' && UUID.test(example)) return idFor(name);
      if (Array.isArray(example) && typeof example[0] === 'string' && UUID.test(example[0]))
        return [member.id, other.id];
      return example;
    };

    // A new client_msg_id each time, so that every attempt runs the rules instead of replaying.
    const fresh = (body: unknown): unknown =>
      body !== null && typeof body === 'object' && 'client_msg_id' in body
        ? { ...body, client_msg_id: `edge-${calls}` }
        : body;
    const fivexx: string[] = [];
    let calls = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      // The event stream stays open: its parameters are the long poll's, tested with it.
      if (path.endsWith('/stream')) continue;
      const url = path.replace(/\{([^}]+)\}/g, (_match, name: string) => idFor(name));
      for (const [method, operation] of Object.entries(item as Record<string, Schema>)) {
        if (!METHODS.includes(method)) continue;
        const schema = deref(operation.requestBody?.content?.['application/json']?.schema);
        const fields = Object.entries<Schema>(schema?.properties ?? {});
        const example = Object.fromEntries(
          fields
            .map(([name, field]) => [name, exampleOf(name, deref(field) ?? {})])
            .filter(([, value]) => value !== undefined),
        );
        // Without the other ids: an id field then meets the rules that apply when its
        // alternatives are absent (a `to_user` without `to_group`).
        const isId = (value: unknown): boolean =>
          (typeof value === 'string' && UUID.test(value)) ||
          (Array.isArray(value) && value.some(isId));
        const withoutIds = Object.fromEntries(
          Object.entries(example).filter(([, value]) => !isId(value)),
        );
        const queries: string[] = (operation.parameters ?? [])
          .map(deref)
          .filter((parameter: Schema | undefined) => parameter?.in === 'query')
          .map((parameter: Schema) => parameter.name);
        const attempts: { body?: unknown; query?: Record<string, string> }[] = [];
        if (schema) {
          attempts.push({ body: example });
          for (const value of MALFORMED) attempts.push({ body: value });
          for (const [name] of fields) {
            for (const value of [...MALFORMED, ...edgeIds])
              attempts.push({ body: { ...example, [name]: value } });
            for (const value of edgeIds) attempts.push({ body: { ...withoutIds, [name]: value } });
            const { [name]: _left, ...without } = example;
            attempts.push({ body: without });
          }
        }
        for (const name of queries)
          for (const value of MALFORMED_QUERY) attempts.push({ query: { [name]: value } });
        if (attempts.length === 0) attempts.push({});
        for (const token of [owner.token, appToken]) {
          for (const attempt of attempts) {
            const query = path.endsWith('/events')
              ? { timeout: 0, ...attempt.query }
              : attempt.query;
            const res = await t.request(method.toUpperCase(), url, {
              token,
              body: fresh(attempt.body),
              query,
            });
            calls += 1;
            if (res.status >= 500)
              fivexx.push(
                `${res.status} ${method.toUpperCase()} ${path} ${JSON.stringify(attempt).slice(0, 200)}`,
              );
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(5_000);
    expect(fivexx).toEqual([]);
  }, 300_000);
});
