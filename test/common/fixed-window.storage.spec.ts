import { FixedWindowThrottlerStorage } from '../../src/common/rate-limit/fixed-window.storage';

describe('FixedWindowThrottlerStorage', () => {
  let now = 1_000_000;
  const storage = new FixedWindowThrottlerStorage(() => now);
  const hit = (key = 'alice') => storage.increment(key, 60_000, 3, 60_000, 'default');

  it('counts hits in a window, blocks past the limit until the block ends, then starts over', async () => {
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    now += 10_000;
    await hit();
    expect(await hit()).toMatchObject({ totalHits: 3, timeToExpire: 50, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    // Blocked hits do not count further.
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 30 });
    // Another key has its own window.
    expect(await hit('bob')).toMatchObject({ totalHits: 1, isBlocked: false });
    now += 30_000;
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('starts a new window when the old one ended without a block', async () => {
    now += 120_000;
    await hit('carol');
    await hit('carol');
    now += 60_000;
    expect(await hit('carol')).toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });
});
