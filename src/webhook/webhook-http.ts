import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupFunction } from 'node:net';
import { resolveTarget, UnsafeTargetError } from './webhook-address';

/** How much of a receiver's answer Party reads (a before-send verdict is small). */
const MAX_ANSWER_BYTES = 64 * 1024;

export type PostOutcome =
  | { kind: 'answered'; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'failed'; error: 'timeout' | 'network' | 'forbidden_address' | 'unresolvable' };

/**
 * POSTs a JSON body to a webhook URL. The host is resolved and checked first (SSRF), and the
 * connection goes to the address that was checked: the name is never resolved a second time.
 * The whole exchange, answer included, must end within `timeoutMs`.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  allowPrivate: boolean,
): Promise<PostOutcome> {
  const target = new URL(url);
  let pinned;
  try {
    pinned = await resolveTarget(target, allowPrivate);
  } catch (error) {
    if (error instanceof UnsafeTargetError) return { kind: 'failed', error: error.reason };
    throw error;
  }
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, list: { address: string; family: number }[]) => void)(
        null,
        [{ address: pinned.address, family: pinned.family }],
      );
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      target,
      {
        method: 'POST',
        lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body).toString(),
          'user-agent': 'Party-Webhooks/1',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          finish({
            kind: 'answered',
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'),
          }),
        );
        res.on('error', () => finish({ kind: 'failed', error: 'network' }));
      },
    );
    const timer = setTimeout(() => {
      finish({ kind: 'failed', error: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', () => finish({ kind: 'failed', error: 'network' }));
    req.end(body);
  });
}
