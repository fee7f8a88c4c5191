import { FastifyInstance } from 'fastify';

/**
 * Swagger UI's page: its own scripts and styles (plus its inline styles and data: images), the
 * spec from this origin, never framed.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isDocs(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-json');
}

/**
 * Headers browsers need on every answer: `nosniff` everywhere, `no-store` on JSON (answers are
 * personal; a route that chose its own caching keeps it), and `/docs` never framed, its page
 * under a CSP. Pages Party renders itself set theirs (`HTML_PAGE_HEADERS`).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('x-content-type-options')) {
      void reply.header('x-content-type-options', 'nosniff');
    }
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.includes('json') && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    const path = request.url.split('?')[0];
    if (isDocs(path)) {
      void reply.header('x-frame-options', 'DENY');
      // The Swagger UI page itself; other pages under /docs (its OAuth2 redirect page, with its
      // inline script) are only kept out of frames.
      if (type.includes('text/html')) {
        void reply.header(
          'content-security-policy',
          path === '/docs' || path === '/docs/' ? DOCS_CSP : "frame-ancestors 'none'",
        );
      }
    }
    return payload;
  });
}
