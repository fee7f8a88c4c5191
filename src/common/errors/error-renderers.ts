import { Global, Injectable, Module } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

/** An error as the global filter classified it: status, stable code, localized message, fields. */
export interface ClassifiedError {
  status: number;
  code: string;
  message: string;
  details: readonly { field: string; code: string; message: string }[];
  /** The native body (`{error, code, details, ...}`), for renderers that keep it. */
  body: Record<string, unknown>;
}

/** What a renderer answers instead of the native envelope. */
export interface RenderedError {
  status: number;
  body: unknown;
}

/**
 * Renders a classified error in another wire format. The vendor adapters (`src/compat/`) answer
 * their errors in their vendor's envelope: the classification (status, code, outage, 500) stays
 * the global filter's, only the body's shape is the renderer's.
 */
export interface ErrorRenderer {
  /** True when the request belongs to this renderer (matched by path: unknown routes too). */
  matches(request: FastifyRequest): boolean;
  render(error: ClassifiedError, request: FastifyRequest): RenderedError;
}

/** The renderers the enabled modules registered; the global filter asks it for every error. */
@Injectable()
export class ErrorRenderers {
  private readonly renderers: ErrorRenderer[] = [];

  register(renderer: ErrorRenderer): void {
    this.renderers.push(renderer);
  }

  rendererFor(request: FastifyRequest): ErrorRenderer | null {
    return this.renderers.find((renderer) => renderer.matches(request)) ?? null;
  }
}

@Global()
@Module({ providers: [ErrorRenderers], exports: [ErrorRenderers] })
export class ErrorRenderersModule {}

/** The request's path without its query string. */
export function requestPath(request: FastifyRequest): string {
  return request.url.split('?')[0];
}
