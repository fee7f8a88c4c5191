import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A statement of a hot path: parsed and planned once per connection, then only executed. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function prepared(name: string, text: string): PreparedStatement {
  return { name, text };
}

let connections = 0;
const connectionTags = new WeakMap<PoolClient, string>();

/**
 * The statement's name on this connection. The embedded database serves every connection from
 * one PostgreSQL session, where names would collide between connections (and outlive a closed
 * one), so each connection prepares its statements under names of its own.
 */
function nameOn(client: PoolClient, statement: PreparedStatement): string {
  let tag = connectionTags.get(client);
  if (!tag) {
    connections += 1;
    tag = `${process.pid.toString(36)}_${connections.toString(36)}`;
    connectionTags.set(client, tag);
  }
  return `${statement.name}_${tag}`;
}

function isDatabaseAnswer(error: unknown): boolean {
  // FATAL and PANIC end the session: only a plain ERROR leaves it usable.
  return error instanceof Error && (error as { severity?: unknown }).severity === 'ERROR';
}

/**
 * Runs the hot paths' statements as named prepared statements on TypeORM's own connection pool
 * (PostgreSQL parses and plans an unnamed statement on every execution). Each statement is one
 * implicit transaction.
 */
@Injectable()
export class PreparedStatements {
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  async query<T>(statement: PreparedStatement, values: readonly unknown[]): Promise<T[]> {
    const client = await this.pool.connect();
    let failure: unknown;
    // A checked-out client has no listener of its own: a connection lost between statements
    // (a server shutting down) would otherwise be an unhandled 'error' event, a crash.
    const onLost = (error: Error) => (failure = error);
    client.on('error', onLost);
    try {
      const result = await client.query<T & object>({
        name: nameOn(client, statement),
        text: statement.text,
        values: [...values],
      });
      return result.rows;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.removeListener('error', onLost);
      // An error PostgreSQL answered leaves the connection usable; any other may not.
      client.release(failure !== undefined && !isDatabaseAnswer(failure));
    }
  }
}
