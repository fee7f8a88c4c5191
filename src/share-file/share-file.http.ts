import { Readable } from 'node:stream';
import { FastifyReply } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { ByteRange } from '../common/storage/storage';
import './share-file.messages';

/** What a download sends: the bytes (all, or one range) and how to describe them. */
export interface ShareFileDownload {
  stream: Readable;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  range: ByteRange | null;
}

/** The strong validator of a file's bytes. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/**
 * The single byte range of a `Range` header (RFC 9110 §14), or null to send the whole file: no
 * header, a header that is not one well-formed `bytes` range (several ranges included), or an
 * `If-Range` that no longer matches. A range starting past the end is a 416.
 */
export function resolveRange(
  header: string | undefined,
  ifRange: string | undefined,
  size: number,
  etag: string,
): ByteRange | null {
  if (!header) return null;
  if (ifRange !== undefined && ifRange !== etag) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const unsatisfiable = () => {
    const error = new DomainError(416, 'range_not_satisfiable', { size });
    error.headers['Content-Range'] = `bytes */${size}`;
    return error;
  };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Number(match[2]);
  if (match[2] !== '' && end < start) return null;
  if (start >= size) throw unsatisfiable();
  return { start, end: Math.min(end, size - 1) };
}

/** `attachment` with an ASCII fallback name and the UTF-8 name of RFC 5987 / RFC 6266. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Streams a download: 200 with the whole file or 206 with `Content-Range`. */
export function sendShareFileContent(reply: FastifyReply, download: ShareFileDownload): void {
  const { range, size } = download;
  const mime = download.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : download.mimeType;
  void reply
    .status(range ? 206 : 200)
    .header('Content-Type', mime)
    .header('Content-Length', String(range ? range.end - range.start + 1 : size))
    .header('Content-Disposition', contentDisposition(download.fileName))
    .header('Accept-Ranges', 'bytes')
    .header('ETag', etagOf(download.sha256))
    .header('Cache-Control', 'private, no-cache')
    .header('X-Content-Type-Options', 'nosniff');
  if (range) void reply.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  void reply.send(download.stream);
}
