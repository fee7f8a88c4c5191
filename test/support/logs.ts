import pino from 'pino';
import { TestApp } from './test-app';

/**
 * Everything the app logs from now on, at `level` (its root logger's stream, replaced: Fastify's
 * logger, of which every request's `request.log` and Nest's logger are children or users).
 * Start the app quiet (`LOG_LEVEL: 'warn'`) and call this after start-up.
 */
export function captureLogs(t: TestApp, level = 'info'): string[] {
  const logged: string[] = [];
  const root = t.app.getHttpAdapter().getInstance().log;
  const stream = (root as unknown as Record<symbol, { write: (chunk: string) => boolean }>)[
    pino.symbols.streamSym
  ];
  stream.write = (chunk: string) => {
    logged.push(chunk);
    return true;
  };
  root.level = level;
  return logged;
}
