import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type {
  ContentObject,
  HeaderObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorEnvelopeDto } from '../errors/error-envelope';

/** Any bytes: the real `Content-Type` is the file's own, detected from its content. */
const BYTES: ContentObject = {
  'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
};

const CONTENT_DISPOSITION: HeaderObject = {
  description: 'RFC 6266, with the UTF-8 file name in `filename*`',
  schema: { type: 'string', example: "attachment; filename*=UTF-8''report.pdf" },
};
const CONTENT_LENGTH: HeaderObject = {
  description: 'Bytes in this answer',
  schema: { type: 'integer', example: 20480 },
};
const ETAG: HeaderObject = {
  description: "The file's SHA-256 (strong validator, for `If-Range`)",
  schema: {
    type: 'string',
    example: '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
  },
};
const CONTENT_RANGE: HeaderObject = {
  description: 'The range sent, of the whole size (`bytes */size` on a 416)',
  schema: { type: 'string', example: 'bytes 0-1023/20480' },
};

/**
 * Documents a route that answers a file's bytes: `application/octet-stream` with `format: binary`
 * and its headers (its errors stay JSON, see openapi-conventions.ts). `ranges` adds `Range` /
 * `If-Range` and the 206 / 416 answers; `etag` the `ETag` header.
 */
export function ApiBinaryDownload(options: {
  description: string;
  etag?: boolean;
  ranges?: boolean;
}) {
  const headers: Record<string, HeaderObject> = {
    'Content-Disposition': CONTENT_DISPOSITION,
    'Content-Length': CONTENT_LENGTH,
    ...(options.etag ? { ETag: ETAG } : {}),
  };
  const decorators = [
    ApiResponse({ status: 200, description: options.description, content: BYTES, headers }),
  ];
  if (options.ranges) {
    decorators.push(
      ApiHeader({
        name: 'Range',
        required: false,
        description: 'One range, `bytes=start-end` (or `bytes=start-`)',
        example: 'bytes=0-1023',
      }),
      ApiHeader({
        name: 'If-Range',
        required: false,
        description: 'An `ETag`: the range is served only if the file still has it, else all of it',
        example: '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
      }),
      ApiResponse({
        status: 206,
        description: 'The requested range',
        content: BYTES,
        headers: { ...headers, 'Content-Range': CONTENT_RANGE },
      }),
      ApiResponse({
        status: 416,
        description: 'The range starts past the end (`range_not_satisfiable`)',
        type: ErrorEnvelopeDto,
        headers: { 'Content-Range': CONTENT_RANGE },
      }),
    );
  }
  return applyDecorators(...decorators);
}
