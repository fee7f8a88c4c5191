import 'reflect-metadata';
import { readdirSync, statSync } from 'fs';
import { join } from 'path';
import { ArgumentMetadata, Type, ValidationPipe } from '@nestjs/common';
import { PageQueryDto } from '../../src/common/pagination/pagination';
import { compiledDto } from '../../src/common/validation/compiled-validation';
import { createValidationPipe } from '../../src/common/validation/validation.pipe';

/** Every exported class of every `dto` folder under src/ (the app's request and answer shapes). */
function dtoClasses(): Type[] {
  const found: Type[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\/dto\/[^/]+\.ts$/.test(path)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(path) as Record<string, unknown>;
        for (const value of Object.values(exported)) {
          if (typeof value === 'function' && /^class /.test(value.toString()))
            found.push(value as Type);
        }
      }
    }
  };
  walk(join(__dirname, '../../src'));
  // The shared query of every paginated list lives beside the pagination code.
  return [...found, PageQueryDto];
}

/** Where @nestjs/swagger keeps `@ApiProperty` (its constants are not among its exports). */
const MODEL_PROPERTIES = 'swagger/apiModelProperties';
const MODEL_PROPERTY_NAMES = 'swagger/apiModelPropertiesArray';

/** The documented example of each field (what the spec shows), as a plain body. */
function documentedExample(dto: Type): Record<string, unknown> {
  const proto = dto.prototype as object;
  const names = (Reflect.getMetadata(MODEL_PROPERTY_NAMES, proto) ?? []) as string[];
  const body: Record<string, unknown> = {};
  for (const entry of names) {
    const name = entry.replace(/^:/, '');
    const property = Reflect.getMetadata(MODEL_PROPERTIES, proto, name) as
      { example?: unknown } | undefined;
    if (property?.example !== undefined) body[name] = property.example;
  }
  return body;
}

/** The example, then each field wrong in the ways clients get fields wrong. */
function inputsFor(dto: Type): unknown[] {
  const example = documentedExample(dto);
  const inputs: unknown[] = [example, {}, { ...example, unknown_field: 1 }, null, [], 'text'];
  const wrongs: unknown[] = [null, '', 'x', '0', '12', -1, 0, 1.5, 1e12, true, [], ['x'], {}, [{}]];
  for (const field of Object.keys(example)) {
    for (const wrong of wrongs) inputs.push({ ...example, [field]: wrong });
    const { [field]: _left, ...without } = example;
    inputs.push(without);
  }
  return inputs;
}

/**
 * A fresh copy of `input` as Fastify hands it over: a query is an object whose prototype has
 * none (fast-querystring's).
 */
function asSent(input: unknown, type: 'body' | 'query'): unknown {
  const copy: unknown = structuredClone(input);
  if (type !== 'query' || typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    return copy;
  }
  return Object.assign(Object.create(Object.create(null) as object) as object, copy);
}

async function outcome(work: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = (await work()) as object;
    // Its prototype, and every own field with its value, those set to undefined included.
    return { prototype: Object.getPrototypeOf(value) as unknown, fields: Object.entries(value) };
  } catch (error) {
    // Its class, message and every field of the 400's body.
    return { error: { name: (error as Error).constructor.name, ...(error as object) } };
  }
}

describe('compiled validation', () => {
  const pipe = createValidationPipe();
  const dtos = dtoClasses();

  it('compiles the hot routes’ DTOs', () => {
    const names = dtos.filter((dto) => compiledDto(dto)).map((dto) => dto.name);
    expect(names).toEqual(expect.arrayContaining(['SendMessageDto', 'HistoryQueryDto']));
  });

  it.each(['body', 'query'] as const)(
    'answers what class-transformer and class-validator answer, for every DTO (%s)',
    async (type) => {
      let compared = 0;
      let accepted = 0;
      for (const metatype of dtos) {
        if (!compiledDto(metatype)) continue;
        const metadata: ArgumentMetadata = { type, metatype, data: '' };
        for (const input of inputsFor(metatype)) {
          const fast = await outcome(() => pipe.transform(asSent(input, type), metadata));
          const reference = await outcome(() =>
            ValidationPipe.prototype.transform.call(pipe, asSent(input, type), metadata),
          );
          expect([metatype.name, input, fast]).toEqual([metatype.name, input, reference]);
          compared += 1;
          if (compiledDto(metatype)?.(asSent(input, type))) accepted += 1;
        }
      }
      expect(compared).toBeGreaterThan(1000);
      // Enough of them valid that the compiled path itself was compared, not only its refusals.
      expect(accepted).toBeGreaterThan(100);
    },
  );

  it('leaves DTOs with nested rules to class-validator', () => {
    const names = dtos.filter((dto) => !compiledDto(dto)).map((dto) => dto.name);
    expect(names).toContain('UploadAddressBookDto');
  });
});
