import { ArgumentsHost } from '@nestjs/common';
import { ErrorRenderers } from '../../src/common/errors/error-renderers';
import { HttpExceptionFilter } from '../../src/common/errors/http-exception.filter';
import { ConflictError, NotFoundError } from '../../src/common/errors/domain-error';

function fakeHost(headers: Record<string, string> = {}) {
  const reply = {
    statusCode: 0,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    header(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    getHeader(name: string) {
      return this.headers[name.toLowerCase()];
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  // The filter logs on the request's own logger, whose lines carry the request id.
  const log = { warn: jest.fn(), error: jest.fn() };
  const request = {
    headers,
    method: 'GET',
    url: '/api/party/x',
    routeOptions: { url: '/api/party/x' },
    log,
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host, reply, log };
}

describe('HttpExceptionFilter', () => {
  const filter = new HttpExceptionFilter(new ErrorRenderers());

  it('turns an unexpected error into a 500 with an error id, logging the stack but leaking nothing', () => {
    const { host, reply, log } = fakeHost();
    filter.catch(new Error('connection string postgres://secret@db'), host);
    expect(reply.statusCode).toBe(500);
    const body = reply.body as {
      error: string;
      code: string;
      error_id: string;
      details: unknown[];
    };
    expect(body.code).toBe('internal_error');
    expect(body.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error).toContain(body.error_id);
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(log.error).toHaveBeenCalledTimes(1);
    const [context] = log.error.mock.calls[0] as [{ err: Error; error_id: string }];
    expect(context.error_id).toBe(body.error_id);
    expect(context.err.stack).toBeDefined();
  });

  it("logs a failed query's name, message, code and stack but never its bound parameters", () => {
    const { host, log } = fakeHost();
    const failed = Object.assign(new Error('null value in column "nickname"'), {
      name: 'QueryFailedError',
      code: '23502',
      query: 'UPDATE users SET password_hash = $1',
      parameters: ['$argon2id$v=19$m=65536$hash-of-a-password'],
      driverError: { detail: 'Failing row contains (secret@example.com)' },
    });
    filter.catch(failed, host);
    const [context] = log.error.mock.calls[0] as [{ err: Record<string, unknown> }];
    expect(context.err).toMatchObject({
      type: 'QueryFailedError',
      message: 'null value in column "nickname"',
      code: '23502',
    });
    expect(context.err.stack).toEqual(expect.any(String));
    const text = JSON.stringify(context);
    expect(text).not.toContain('argon2id');
    expect(text).not.toContain('secret@example.com');
  });

  it('renders domain errors with their status, localized message and extra body', () => {
    const { host, reply } = fakeHost({ 'accept-language': 'zh-CN' });
    filter.catch(new NotFoundError('group'), host);
    expect(reply.statusCode).toBe(404);
    expect(reply.body).toEqual({ error: '找不到该群组', code: 'not_found', details: [] });
    const english = fakeHost();
    filter.catch(new NotFoundError('merged_history'), english.host);
    expect(english.reply.body).toMatchObject({ error: 'The merged history was not found' });

    const conflict = fakeHost();
    filter.catch(
      new ConflictError('validation_failed', {}, { existing: { id: '1' } }),
      conflict.host,
    );
    expect(conflict.reply.statusCode).toBe(409);
    expect(conflict.reply.body).toMatchObject({ existing: { id: '1' }, code: 'validation_failed' });
  });
});
