/**
 * Writes openapi.yaml from the code (no database needed). With --check, fails when the committed
 * file differs from what the code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { buildOpenApiDocument, toDeterministicYaml } from '../src/openapi';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await createApp(config, {
    databaseUrl: 'postgresql://preview@127.0.0.1:1/preview',
    poolSize: 1,
    preview: true,
  });
  const yaml = toDeterministicYaml(buildOpenApiDocument(app));
  const file = join(__dirname, '..', 'openapi.yaml');
  if (check) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== yaml) {
      process.stderr.write('openapi.yaml is out of date: run `npm run openapi` and commit it\n');
      process.exit(1);
    }
    process.stdout.write('openapi.yaml matches the code\n');
  } else {
    writeFileSync(file, yaml);
    process.stdout.write(`wrote ${file}\n`);
  }
  process.exit(0);
}

void main();
