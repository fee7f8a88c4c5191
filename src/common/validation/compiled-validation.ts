import { Type } from '@nestjs/common';
import { TransformationType } from 'class-transformer';
// What `plainToInstance` passes its transforms when given no options (as Nest's pipe calls it).
import { defaultOptions } from 'class-transformer/cjs/constants/default-options.constant';
// The metadata store behind `@Transform` / `@Type` / `@Expose` / `@Exclude` (as @nestjs/mapped-types reads it).
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import {
  getMetadataStorage,
  ValidationArguments,
  ValidationTypes,
  ValidatorConstraintInterface,
} from 'class-validator';

type Dto = Record<string, unknown>;
type Constructor = new () => object;

/** One rule of a property: class-validator's own constraint, with the arguments it is given. */
interface Rule {
  validator: ValidatorConstraintInterface;
  constraints: unknown[];
  each: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
}

interface PropertyRules {
  name: string;
  /** `@ValidateIf` / `@IsOptional` conditions: all must hold for the rules to apply. */
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
  /** The property's `@Transform` functions, applied as class-transformer applies them. */
  transforms: ((params: {
    value: unknown;
    key: string;
    obj: Dto;
    type: TransformationType;
    options: object;
  }) => unknown)[];
}

/**
 * Turns a plain body or query into its DTO and checks it, or answers `null` when it cannot
 * vouch for the input: the caller then runs class-transformer and class-validator themselves.
 */
export type CompiledDto = (plain: unknown) => object | null;

const compiled = new Map<Type, CompiledDto | null>();

/**
 * The DTO's own decorators, compiled once: the same constraint functions class-validator runs,
 * called directly instead of looked up on every request. It accepts only what class-validator
 * accepts (flat input of declared fields, every rule holding) and builds the instance
 * class-transformer would build; for anything else (a failing rule, an unknown field, a nested
 * value, a DTO with nested or async rules) it answers `null`, so every 400 is still written by
 * class-validator, word for word.
 */
export function compiledDto(metatype: Type): CompiledDto | null {
  let entry = compiled.get(metatype);
  if (entry === undefined) {
    entry = compile(metatype as Constructor);
    compiled.set(metatype, entry);
  }
  return entry;
}

function compile(metatype: Constructor): CompiledDto | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false, undefined);
  if (metadatas.length === 0 || hasShapingDecorators(metatype)) return null;
  const properties = new Map<string, PropertyRules>();
  for (const metadata of metadatas) {
    let property = properties.get(metadata.propertyName);
    if (!property) {
      const name = metadata.propertyName;
      if (defaultMetadataStorage.findTypeMetadata(metatype, name)) return null;
      const transforms = defaultMetadataStorage.findTransformMetadatas(
        metatype,
        name,
        TransformationType.PLAIN_TO_CLASS,
      );
      // Transforms for some groups or versions only: class-transformer decides.
      if (transforms.some(({ options }) => options.groups ?? options.since ?? options.until)) {
        return null;
      }
      property = {
        name,
        conditions: [],
        rules: [],
        transforms: transforms.map((transform) => transform.transformFn),
      };
      properties.set(name, property);
    }
    switch (metadata.type) {
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CONDITIONAL_VALIDATION:
        property.conditions.push(metadata.constraints[0] as PropertyRules['conditions'][number]);
        break;
      case ValidationTypes.CUSTOM_VALIDATION:
      case ValidationTypes.IS_DEFINED:
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          if (constraint.async) return null;
          property.rules.push({
            validator: constraint.instance,
            constraints: metadata.constraints,
            each: metadata.each,
            validateIf: metadata.validateIf,
          });
        }
        break;
      default:
        // Nested and promise validation: left to class-validator.
        return null;
    }
  }
  if (![...properties.keys()].every((name) => isDataProperty(metatype, name))) return null;
  const list = [...properties.values()];
  return (plain) => build(metatype, properties, list, plain);
}

/** A class-wide strategy, `@Expose` and `@Exclude` change what class-transformer builds: not compiled. */
function hasShapingDecorators(metatype: Constructor): boolean {
  return (
    defaultMetadataStorage.getStrategy(metatype) !== 'none' ||
    defaultMetadataStorage.getExposedMetadatas(metatype).length > 0 ||
    defaultMetadataStorage.getExcludedMetadatas(metatype).length > 0
  );
}

/** A field class-transformer assigns: not a method, not an accessor of the class. */
function isDataProperty(metatype: Constructor, name: string): boolean {
  for (
    let proto = metatype.prototype as object | null;
    proto;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor && (descriptor.get || descriptor.set || typeof descriptor.value === 'function'))
      return false;
  }
  return typeof (new metatype() as Dto)[name] !== 'function';
}

/**
 * A JSON object, a form's fields or a query (fast-querystring's objects inherit from an object
 * without prototype): not an array, a Buffer, a Date or a Map.
 */
function isPlainObject(value: unknown): value is Dto {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function isFlatValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  return Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');
}

function build(
  metatype: Constructor,
  properties: Map<string, PropertyRules>,
  list: PropertyRules[],
  plain: unknown,
): object | null {
  if (!isPlainObject(plain)) return null;
  const input = plain;
  const instance = new metatype() as Dto;
  for (const key of Object.keys(input)) {
    const property = properties.get(key);
    const value = input[key];
    if (!property || !isFlatValue(value)) return null;
    let converted: unknown = Array.isArray(value) ? [...(value as unknown[])] : value;
    for (const transform of property.transforms) {
      converted = transform({
        value: converted,
        key,
        obj: input,
        type: TransformationType.PLAIN_TO_CLASS,
        options: defaultOptions,
      });
    }
    instance[key] = converted;
  }
  for (const key of Object.keys(instance)) if (!properties.has(key)) return null;
  for (const property of list) {
    const value = instance[property.name];
    if (!property.conditions.every((holds) => holds(instance, value))) continue;
    for (const rule of property.rules) {
      if (rule.validateIf && !rule.validateIf(instance, value)) continue;
      const args: ValidationArguments = {
        targetName: metatype.name,
        property: property.name,
        object: instance,
        value,
        constraints: rule.constraints,
      };
      if (rule.each && (value instanceof Set || value instanceof Map)) return null;
      const valid =
        rule.each && Array.isArray(value)
          ? value.every((item) => rule.validator.validate(item, args) === true)
          : rule.validator.validate(value, args) === true;
      if (!valid) return null;
    }
  }
  return instance;
}
