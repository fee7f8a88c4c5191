import { QueryFailedError } from 'typeorm';
import { isOutageError } from '../../src/common/errors/outage';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isOutageError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'admin_shutdown wrapped by TypeORM',
      new QueryFailedError('SELECT 1', [], withCode('terminating connection', '57P01')),
    ],
    ['cannot_connect_now', withCode('the database system is starting up', '57P03')],
    ['a class 08 SQLSTATE', withCode('connection failure', '08006')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    [
      'a refusal inside an AggregateError',
      new AggregateError([withCode('refused', 'ECONNREFUSED')]),
    ],
    ['a refusal as a cause', new Error('fetch failed', { cause: withCode('reset', 'ECONNRESET') })],
    [
      'ioredis giving up',
      Object.assign(new Error('Reached the max retries per request limit (which is 2).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
  ])('recognizes %s', (_name, error) => {
    expect(isOutageError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('duplicate key', '23505'))],
    ['a syntax error', withCode('syntax error', '42601')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a non-error', 'ECONNREFUSED'],
    ['null', null],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isOutageError(error)).toBe(false);
  });
});
