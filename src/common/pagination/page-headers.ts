import { FastifyReply, FastifyRequest } from 'fastify';
import { Paginated } from './pagination';

function pageUrl(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('page', String(page));
  return url.toString();
}

/** Builds the RFC 8288 `Link` header (first, prev, next, last) for a page. */
export function buildLinkHeader(request: FastifyRequest, page: Paginated<unknown>): string {
  const last = Math.max(1, Math.ceil(page.total_count / page.per_page));
  const links: [string, number][] = [['first', 1]];
  if (page.page > 1) links.push(['prev', Math.min(page.page - 1, last)]);
  if (page.page < last) links.push(['next', page.page + 1]);
  links.push(['last', last]);
  return links.map(([rel, n]) => `<${pageUrl(request, n)}>; rel="${rel}"`).join(', ');
}

/** A paginated list's `Link` and `X-Total-Count` headers; any other answer has none. */
export function writePageHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
): void {
  if (!(body instanceof Paginated)) return;
  void reply.header('Link', buildLinkHeader(request, body));
  void reply.header('X-Total-Count', String(body.total_count));
}
