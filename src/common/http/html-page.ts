import { FastifyReply } from 'fastify';

/** The headers every HTML page carries: never cached, never framed, no script, no sniffing. */
export const HTML_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/** What a server-rendered page answers: the page, or a redirect (303). */
export interface HtmlAnswer {
  status: number;
  html?: string;
  location?: string;
  /** Set-Cookie values. */
  cookies: string[];
  headers: Record<string, string>;
}

export function sendHtmlAnswer(reply: FastifyReply, answer: HtmlAnswer): void {
  if (answer.cookies.length > 0) void reply.header('set-cookie', answer.cookies);
  for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
  void reply.status(answer.status);
  if (answer.location !== undefined) {
    void reply.header('location', answer.location).header('cache-control', 'no-store').send();
    return;
  }
  for (const [name, value] of Object.entries(HTML_PAGE_HEADERS)) void reply.header(name, value);
  void reply.send(answer.html ?? '');
}
