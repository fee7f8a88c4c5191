import { ArgumentsHost } from '@nestjs/common';
import { ErrorRenderer, ErrorRenderers } from '../../src/common/errors/error-renderers';
import { HttpExceptionFilter } from '../../src/common/errors/http-exception.filter';
import { AgoraErrorRenderer } from '../../src/compat/agora/agora.envelope';
import { AuthenticationRequiredError } from '../../src/auth/access.guard';
import { ValidationFailedError } from '../../src/common/errors/domain-error';
import { CatchChatErrorRenderer } from '../../src/compat/catchchat/catchchat.envelope';
import {
  rewriteXuanxuanUrl,
  XuanxuanErrorRenderer,
} from '../../src/compat/xuanxuan/xuanxuan.envelope';
import { YunzhijiaErrorRenderer } from '../../src/compat/yunzhijia/yunzhijia.envelope';

function fakeHost(url: string) {
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
    hasHeader(name: string) {
      return name.toLowerCase() in this.headers;
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  // The filter logs a 500 or a 503 on the request's own logger (quiet here).
  const log = { warn: () => undefined, error: () => undefined };
  const request = { headers: {}, method: 'POST', url, routeOptions: { url }, log };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host, reply };
}

function filterWith(renderer: ErrorRenderer): HttpExceptionFilter {
  const renderers = new ErrorRenderers();
  renderers.register(renderer);
  return new HttpExceptionFilter(renderers);
}

const outage = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** The global filter classifies; a vendor's renderer only shapes the body, on its paths only. */
describe('vendor error envelopes', () => {
  describe('Yunzhijia', () => {
    const filter = filterWith(new YunzhijiaErrorRenderer());

    it('answers an outage with 503, Retry-After and its envelope', () => {
      const { host, reply } = fakeHost('/gateway/xtinterface/group/groupUsers?accessToken=x');
      filter.catch(outage(), host);
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
      expect(reply.body).toEqual({
        data: null,
        error: expect.any(String),
        errorCode: 503,
        success: false,
      });
    });

    it('answers a bug with 500 in its envelope, leaking nothing', () => {
      const { host, reply } = fakeHost('/gateway/xtinterface/notice/create');
      filter.catch(new Error('postgres://secret@db'), host);
      expect(reply.statusCode).toBe(500);
      expect(reply.body).toMatchObject({ data: null, errorCode: 500, success: false });
      expect(JSON.stringify(reply.body)).not.toContain('secret');
    });

    it('leaves the native paths in the native envelope', () => {
      const { host, reply } = fakeHost('/api/party/groups');
      filter.catch(outage(), host);
      expect(reply.statusCode).toBe(503);
      expect(reply.body).toMatchObject({ code: 'service_unavailable' });
    });
  });

  describe('Agora', () => {
    const filter = filterWith(new AgoraErrorRenderer());

    it('answers an outage with 503, Retry-After and its error format', () => {
      const { host, reply } = fakeHost('/acme/chat/chatgroups/66021836783617/share_files');
      filter.catch(outage(), host);
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
      expect(reply.body).toEqual({
        error: 'service_unavailable',
        exception: expect.any(String),
        timestamp: expect.any(Number),
        duration: 0,
        error_description: expect.any(String),
      });
    });

    it('answers a bug with 500 in its error format, leaking nothing', () => {
      const { host, reply } = fakeHost('/acme/chat/chatgroups/1/announcement');
      filter.catch(new Error('postgres://secret@db'), host);
      expect(reply.statusCode).toBe(500);
      expect(reply.body).toMatchObject({ error: 'internal_server_error' });
      expect(JSON.stringify(reply.body)).not.toContain('secret');
    });
  });

  describe('CatchChat', () => {
    const filter = filterWith(new CatchChatErrorRenderer());

    it('answers an outage with 503, Retry-After and {error}', () => {
      const { host, reply } = fakeHost('/api/v4/friendships?page=2');
      filter.catch(outage(), host);
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
      expect(reply.body).toEqual({ error: expect.any(String) });
    });

    it('answers a bug with 500 in {error}, leaking nothing', () => {
      const { host, reply } = fakeHost('/api/auth/token_by_login');
      filter.catch(new Error('postgres://secret@db'), host);
      expect(reply.statusCode).toBe(500);
      expect(reply.body).toEqual({ error: expect.any(String) });
      expect(JSON.stringify(reply.body)).not.toContain('secret');
    });

    it("answers a missing or bad token in Rails' words, keeping the challenge", () => {
      for (const presented of [false, true]) {
        const { host, reply } = fakeHost('/api/v4/user');
        filter.catch(new AuthenticationRequiredError(presented), host);
        expect(reply.statusCode).toBe(401);
        expect(reply.headers['www-authenticate']).toContain('Bearer realm="party"');
        expect(reply.body).toEqual({ error: 'HTTP Token: Access denied.' });
      }
    });

    it('names the bad field in the text', () => {
      const { host, reply } = fakeHost('/api/v4/messages');
      filter.catch(ValidationFailedError.field('recipient_id', 'isDefined'), host);
      expect(reply.statusCode).toBe(400);
      expect((reply.body as { error: string }).error).toContain('recipient_id');
    });

    it('leaves the native paths, and paths that only start alike, in the native envelope', () => {
      for (const url of ['/api/party/users/me', '/api/v40/user', '/api/authx']) {
        const { host, reply } = fakeHost(url);
        filter.catch(outage(), host);
        expect(reply.statusCode).toBe(503);
        expect(reply.body).toMatchObject({ code: 'service_unavailable' });
      }
    });
  });

  describe('Xuanxuan', () => {
    const filter = filterWith(new XuanxuanErrorRenderer());

    it('answers an outage with 503, Retry-After and its envelope', () => {
      const { host, reply } = fakeHost('/api.php/chat/getChatGroups?m=chat&f=getChatGroups');
      filter.catch(outage(), host);
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
      expect(reply.body).toEqual({ result: 'fail', message: expect.any(String) });
    });

    it('routes each function as a path of its own, leaving every other URL alone', () => {
      expect(rewriteXuanxuanUrl('/api.php?m=chat&f=notifyMSG&code=c&token=t')).toBe(
        '/api.php/chat/notifyMSG?m=chat&f=notifyMSG&code=c&token=t',
      );
      expect(rewriteXuanxuanUrl('/api.php?m=chat')).toBe('/api.php?m=chat');
      expect(rewriteXuanxuanUrl('/api.php?m=chat&f=../x')).toBe('/api.php?m=chat&f=../x');
      expect(rewriteXuanxuanUrl('/api/party/groups?m=chat&f=x')).toBe(
        '/api/party/groups?m=chat&f=x',
      );
    });
  });
});
