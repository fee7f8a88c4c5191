import { FieldProblem } from '../errors/domain-error';

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How deep a request value may nest: no Party input comes near it. */
export const MAX_INPUT_DEPTH = 16;

/** Whether PostgreSQL can keep the string as `text` or inside `jsonb` (it refuses NUL). */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * The first place in a request value (a body, a query, a parameter) that PostgreSQL could not
 * store, or that nests deeper than any Party input; null when there is none.
 */
export function findUnstorableInput(value: unknown, field: string, depth = 0): FieldProblem | null {
  if (typeof value === 'string') {
    return isStorableText(value) ? null : { field: field || 'body', code: 'unstorableText' };
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) {
    return { field: field || 'body', code: 'tooDeeplyNested', params: { max: MAX_INPUT_DEPTH } };
  }
  for (const [key, child] of Object.entries(value)) {
    const problem = findUnstorableInput(child, field ? `${field}.${key}` : key, depth + 1);
    if (problem) return problem;
  }
  return null;
}
