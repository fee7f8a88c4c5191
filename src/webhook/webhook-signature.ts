import { createHmac, timingSafeEqual } from 'node:crypto';

/** `t=<unix>,v1=<hex>[,v1=<hex>]`: one `v1` per secret that signs (two during a rotation). */
export function signatureHeader(
  secrets: readonly string[],
  body: string,
  unixSeconds: number,
): string {
  const signed = `${unixSeconds}.${body}`;
  const parts = secrets.map(
    (secret) => `v1=${createHmac('sha256', secret).update(signed).digest('hex')}`,
  );
  return [`t=${unixSeconds}`, ...parts].join(',');
}

/** The receiver's check, as docs/webhooks.md shows it (used by the tests, and by anyone). */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  toleranceSeconds: number,
  nowSeconds: number,
): boolean {
  const fields = header.split(',').map((part) => part.split('=', 2) as [string, string]);
  const t = Number(fields.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return fields
    .filter(([key]) => key === 'v1')
    .some(([, hex]) => {
      const given = Buffer.from(hex ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
