import { LoggerService } from '@nestjs/common';
import { FastifyBaseLogger } from 'fastify';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's logger (`new Logger('Context')` in services, Nest's own start-up lines) written to the
 * root pino logger, as nestjs-pino's `Logger` did: the context as `context`, an object first
 * argument merged into the line, an `Error` as `err`. It knows no request: a line logged inside
 * a request carries its id only through `request.log` (docs/decisions.md, "Logging").
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: FastifyBaseLogger) {}

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.call('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.call('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.call('info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.call('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.call('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.call('fatal', message, optionalParams);
  }

  /** Nest passes the context last; what comes between are printf arguments of the message. */
  private call(level: Level, message: unknown, optionalParams: unknown[]): void {
    const line: Record<string, unknown> = {};
    let params: unknown[] = [];
    if (optionalParams.length !== 0) {
      line.context = optionalParams[optionalParams.length - 1];
      params = optionalParams.slice(0, -1);
    }
    if (typeof message === 'object') {
      if (message instanceof Error) line.err = message;
      else Object.assign(line, message);
      this.logger[level](line, ...(params as []));
    } else if (isExceptionHandlerStack(level, message, params)) {
      // Nest's exception handlers call `error(message, stack, context)`.
      const err = new Error(message as string);
      err.stack = params[0] as string;
      this.logger[level]({ ...line, err });
    } else {
      this.logger[level](line, message as string, ...(params as []));
    }
  }
}

function isExceptionHandlerStack(level: Level, message: unknown, params: unknown[]): boolean {
  return (
    level === 'error' &&
    typeof message === 'string' &&
    params.length === 1 &&
    typeof params[0] === 'string' &&
    /\n\s*at /.test(params[0])
  );
}
