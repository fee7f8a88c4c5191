import { buildOpenApiDocument } from '../../src/openapi';
import { STORED_EVENT_TYPES, TYPING_EVENT } from '../../src/events/event-catalogue';
import { startTestApp, TestApp } from '../support/test-app';

describe('the spec describes every event', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has one schema per type in the oneOf, each pointing at its data schema', () => {
    const schemas = buildOpenApiDocument(t.app).components?.schemas as Record<string, any>;
    const event = schemas.Event;
    const types = [...STORED_EVENT_TYPES, TYPING_EVENT];
    expect(Object.keys(event.discriminator.mapping).sort()).toEqual([...types].sort());
    expect(event.oneOf).toHaveLength(types.length);
    for (const type of types) {
      const name = (event.discriminator.mapping[type] as string).split('/').pop() as string;
      const schema = schemas[name];
      expect(schema.properties.type.enum).toEqual([type]);
      const data = schema.properties.data;
      const target = (data.$ref ?? data.allOf[0].$ref) as string;
      expect(schemas[target.split('/').pop() as string]).toBeDefined();
    }
    expect(schemas.EventPageDto.properties.data.items).toEqual({
      $ref: '#/components/schemas/Event',
    });
  });

  it('documents the three routes', () => {
    const paths = buildOpenApiDocument(t.app).paths;
    expect(paths['/api/party/events']?.get?.responses?.['410']).toBeDefined();
    expect(paths['/api/party/events/stream']?.get).toBeDefined();
    expect(paths['/api/party/ws']?.get?.responses?.['426']).toBeDefined();
  });
});
