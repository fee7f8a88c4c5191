import { Readable } from 'node:stream';
import { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { Storage, StoredObject } from './storage';

/** The multipart field every upload route takes its file from. */
export const FILE_FIELD = 'file';

export interface ReceivedUpload {
  /** The `file` part, streamed to storage; null when there was none. */
  stored: StoredObject | null;
  fileName: string | undefined;
  /** The text fields the route accepts, by name. */
  fields: Record<string, string>;
  /** A second file, unknown fields: reported as a 400 by the route, with its own problems. */
  problems: FieldProblem[];
}

async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/** Errors of the multipart parser itself (busboy) carry no status: a body it cannot read. */
function isMalformedMultipart(error: unknown): boolean {
  return (
    error instanceof Error &&
    !('statusCode' in error) &&
    /multipart|boundary|unexpected end of|malformed part header/i.test(error.message)
  );
}

/**
 * Reads an upload: the one `file` part streamed to storage (nothing buffered whole), the text
 * fields in `acceptedFields`, and nothing else. A second file is drained and reported (a third
 * is the parser's 413); a body the parser cannot read is a 400 `invalid_multipart`; a request
 * that is not multipart is a 415. On any failure the stored bytes are removed again.
 */
export async function receiveUpload(
  request: FastifyRequest,
  storage: Storage,
  maxBytes: number,
  acceptedFields: readonly string[] = [],
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new DomainError(415, 'unsupported_media_type', {
      content_type: request.headers['content-type'] ?? '',
    });
  }
  const upload: ReceivedUpload = { stored: null, fileName: undefined, fields: {}, problems: [] };
  try {
    for await (const part of request.parts({ limits: { files: 2, fields: 8 } })) {
      if (part.type === 'file' && part.fieldname === FILE_FIELD && !upload.stored) {
        upload.stored = await storage.put(part.file, { maxBytes });
        upload.fileName = part.filename;
      } else if (part.type === 'file') {
        await drain(part.file);
        const code = part.fieldname === FILE_FIELD ? 'tooManyFiles' : 'whitelistValidation';
        upload.problems.push({ field: part.fieldname, code });
      } else if (acceptedFields.includes(part.fieldname)) {
        upload.fields[part.fieldname] = typeof part.value === 'string' ? part.value : '';
      } else {
        upload.problems.push({ field: part.fieldname, code: 'whitelistValidation' });
      }
    }
  } catch (error) {
    if (upload.stored) await storage.remove(upload.stored.key);
    if (isMalformedMultipart(error)) throw new DomainError(400, 'invalid_multipart');
    throw error;
  }
  return upload;
}
