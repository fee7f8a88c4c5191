import { existsSync } from 'node:fs';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` when Chromium is installed, and under CI=true, where its absence must fail the run;
 * elsewhere the browser test is skipped with a warning naming `what`.
 */
export function describeWithChromium(what: string): jest.Describe {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return describe;
  console.warn(
    `Skipping the ${what} browser test: ${CHROMIUM} is not installed (apt-get install -y chromium). CI=true makes this a failure.`,
  );
  return describe.skip;
}
