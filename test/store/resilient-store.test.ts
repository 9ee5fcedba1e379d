import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createResilientStore } from '../../src/store/resilient-store.js';
import type { Store } from '../../src/store/types.js';

function recorder() {
  const lines: { level: string; message: string; fields: object }[] = [];
  return {
    lines,
    logger: {
      warn: (fields: object, message: string) => lines.push({ level: 'warn', message, fields }),
      info: (fields: object, message: string) => lines.push({ level: 'info', message, fields }),
    },
  };
}

/** A store whose every call hangs (a server that accepts connections and never answers), or fails. */
function brokenStore(mode: 'hang' | 'fail'): Store {
  const op = () =>
    mode === 'hang'
      ? new Promise<never>(() => {})
      : Promise.reject(new StoreUnavailableError('redis://x', 'op', new Error('ECONNREFUSED')));
  return { get: op, set: op, delete: op, claim: op, increment: op, list: op, close: async () => {} };
}

describe('createResilientStore', () => {
  it('GIVEN a store that hangs WHEN paging state and counters are used THEN they answer from memory within the timeout', async () => {
    const log = recorder();
    const store = createResilientStore(brokenStore('hang'), {
      volatilePrefixes: ['search:', 'ask:rate:'],
      logger: log.logger,
      timeoutMs: 50,
    });
    const started = Date.now();
    await store.set('search:state:1', { text: 'bipa' }, 60_000);
    expect(await store.get('search:state:1', z.object({ text: z.string() }))).toEqual({ text: 'bipa' });
    expect(await store.increment('ask:rate:user:1:0', 60_000)).toBe(1);
    expect(await store.increment('ask:rate:user:1:0', 60_000)).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(log.lines.map((l) => l.level)).toEqual(['warn']);
    expect(log.lines[0]?.fields).toMatchObject({ cause: expect.stringMatching(/no answer within 50 ms/) });
  });

  it('GIVEN the store is down WHEN a subscription is written or an unknown volatile key read THEN it fails as unavailable, never silently', async () => {
    const log = recorder();
    const store = createResilientStore(brokenStore('fail'), {
      volatilePrefixes: ['search:'],
      logger: log.logger,
    });
    await expect(store.set('digest:sub:1', { x: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.get('search:state:other-process', z.unknown())).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.claim('digest:claim:1', 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('GIVEN an outage WHEN the store answers again THEN recovery is logged once and values held meanwhile are still read', async () => {
    const log = recorder();
    let up = false;
    const real = createMemoryStore();
    const flaky: Store = {
      ...real,
      get: (k, s) => (up ? real.get(k, s) : Promise.reject(new StoreUnavailableError('x', 'get', 'down'))),
      set: (k, v, t) =>
        up ? real.set(k, v, t) : Promise.reject(new StoreUnavailableError('x', 'set', 'down')),
    };
    let t = 0;
    const store = createResilientStore(flaky, {
      volatilePrefixes: ['search:'],
      logger: log.logger,
      probeMs: 10,
      now: () => t,
    });
    await store.set('search:state:a', 'held');
    await store.set('search:state:b', 'held too');
    up = true;
    t = 20;
    expect(await store.get('search:state:a', z.string())).toBe('held');
    expect(await store.get('search:state:b', z.string())).toBe('held too');
    expect(log.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      expect.stringMatching(/^warn store unavailable/),
      'info store available again',
    ]);
  });
});
