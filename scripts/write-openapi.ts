/**
 * Writes openapi.yaml and the vendor documents docs/compat/<vendor>.openapi.yaml from the code
 * (no database needed). With --check, fails when a committed file differs from what the code
 * generates.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createApp } from '../src/app.factory';
import { COMPAT_VENDORS, loadConfig } from '../src/config/app-config';
import {
  buildCompatOpenApiDocument,
  buildOpenApiDocument,
  toDeterministicYaml,
} from '../src/openapi';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  // Every vendor on, whatever the environment says: the committed documents cover them all.
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    COMPAT: COMPAT_VENDORS.join(','),
  });
  const app = await createApp(config, {
    databaseUrl: 'postgresql://preview@127.0.0.1:1/preview',
    poolSize: 1,
    preview: true,
  });
  const root = join(__dirname, '..');
  const documents = [
    { path: 'openapi.yaml', yaml: toDeterministicYaml(buildOpenApiDocument(app)) },
  ];
  for (const vendor of COMPAT_VENDORS) {
    const document = buildCompatOpenApiDocument(app, vendor);
    if (document)
      documents.push({
        path: `docs/compat/${vendor}.openapi.yaml`,
        yaml: toDeterministicYaml(document),
      });
  }
  let stale = false;
  for (const { path, yaml } of documents) {
    const file = join(root, path);
    if (check) {
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : null;
      if (committed !== yaml) {
        process.stderr.write(`${path} is out of date: run \`npm run openapi\` and commit it\n`);
        stale = true;
      } else {
        process.stdout.write(`${path} matches the code\n`);
      }
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, yaml);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  process.exit(stale ? 1 : 0);
}

void main();
