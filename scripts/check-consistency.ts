/**
 * `npm run check:consistency` (in the image: `node dist/scripts/check-consistency.js`): checks
 * that the message module's copies agree with the group and contact modules' facts (see
 * src/database/consistency-check.ts), prints the report, and exits 0 when clean, 1 on any
 * disagreement, 2 when it could not check. Read-only.
 *
 * The database is DATABASE_URL when set; otherwise the embedded PostgreSQL of DATA_DIR, reached
 * through the socket a running Party server recorded there, or opened here when none runs.
 */
import { Client } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { checkConsistency, formatConsistencyReport } from '../src/database/consistency-check';
import { openOperatorDatabase } from '../src/database/operator-database';

async function run(): Promise<number> {
  const database = await openOperatorDatabase(loadConfig(), { existing: true });
  try {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const disagreements = await checkConsistency(client);
      process.stdout.write(formatConsistencyReport(disagreements));
      return disagreements.length === 0 ? 0 : 1;
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `Consistency check failed to run: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
