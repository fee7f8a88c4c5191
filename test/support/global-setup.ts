import { Client } from 'pg';

/** Fails fast, with one clear line, when DATABASE_URL is set but its server is unreachable. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`DATABASE_URL is set but unreachable (${String(error)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
