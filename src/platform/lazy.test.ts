import { describe, expect, it } from 'vitest';
import { lazyModule, warmLazyModules } from './lazy';

describe('lazyModule', () => {
  it('loads once, at first use, and shares the one load', async () => {
    let loads = 0;
    const get = lazyModule(() => {
      loads++;
      return Promise.resolve({ value: 42 });
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(a.value).toBe(42);
    await get();
    expect(loads).toBe(1);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    let attempt = 0;
    const get = lazyModule(() => {
      attempt++;
      return attempt === 1 ? Promise.reject(new Error('unreadable')) : Promise.resolve('loaded');
    });
    await expect(get()).rejects.toThrow('unreadable');
    await expect(get()).resolves.toBe('loaded');
  });

  it('warms every module without failing when one cannot load', async () => {
    let warmed = false;
    lazyModule(() => Promise.reject(new Error('missing')));
    lazyModule(() => {
      warmed = true;
      return Promise.resolve(null);
    });
    await expect(warmLazyModules()).resolves.toBeUndefined();
    expect(warmed).toBe(true);
  });
});
