import { DataSource, EntityManager } from 'typeorm';

/**
 * The rows of an `UPDATE` or `DELETE ... RETURNING`: TypeORM answers those two commands with
 * `[rows, affected]` (and every other command with the rows), so `result.length` would always
 * be 2. Used by every "did I win the race?" check (a code used once, a token rotated once).
 */
export async function updateReturning<T>(
  runner: EntityManager | DataSource,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result: [T[], number] = await runner.query(sql, params);
  return result[0];
}
