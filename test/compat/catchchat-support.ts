import { TestApp } from '../support/test-app';

/** `curl -F a=b -F c=d`: a multipart form, as the seed's examples send their fields. */
export function form(fields: Record<string, string | number>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, String(value));
  return body;
}

/** The seed's header: `Authorization: Token token="..."`. */
export function tokenHeader(token: string): Record<string, string> {
  return { authorization: `Token token="${token}"` };
}

/** A request of the CatchChat client: its header, its form body, Chinese texts. */
export function catchchat(t: TestApp, token?: string) {
  const headers = (): Record<string, string> => ({
    'accept-language': 'zh-CN',
    ...(token ? tokenHeader(token) : {}),
  });
  return {
    get: (path: string) => t.get(path, { headers: headers() }),
    post: (path: string, body?: unknown) => t.post(path, body, { headers: headers() }),
    put: (path: string, body?: unknown) => t.put(path, body, { headers: headers() }),
    patch: (path: string, body?: unknown) => t.patch(path, body, { headers: headers() }),
    delete: (path: string) => t.delete(path, { headers: headers() }),
  };
}

/** ISO 8601 UTC as the seed prints times. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
