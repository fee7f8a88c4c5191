/**
 * Answers a `pg` `Client.query` call as a database that went away (connection refused), in
 * whichever style it was called: callback or promise. Fault tests put it in front of
 * `Client.prototype.query`.
 */
export function refusedQuery(args: readonly unknown[]): Promise<never> | undefined {
  const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
  const callback = args.find((arg) => typeof arg === 'function') as
    ((error: Error) => void) | undefined;
  if (callback) {
    process.nextTick(() => callback(outage));
    return undefined;
  }
  return Promise.reject(outage);
}
