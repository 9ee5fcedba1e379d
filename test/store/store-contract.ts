import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../src/store/types.js';

const Sub = z.object({ channel: z.string(), time: z.string() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The Store contract, run against every implementation. `setup` makes a fresh, empty backend for one test
 * and returns `open`, which connects to it; when `shared`, two connections see the same state (as
 * processes sharing one file or one Redis do).
 */
export function storeContract(
  name: string,
  setup: () => Promise<{ open: () => Promise<Store> }>,
  opts: { skip?: string | undefined; shared: boolean },
) {
  const suite = opts.skip ? describe.skip : describe;
  suite(`${name} store${opts.skip ? ` (skipped: ${opts.skip})` : ''}`, () => {
    let store: Store;
    let open: () => Promise<Store>;
    const others: Store[] = [];
    beforeEach(async () => {
      open = (await setup()).open;
      store = await open();
    });
    afterEach(async () => {
      await store.close();
      for (const s of others.splice(0)) await s.close();
    });

    it('GIVEN a value set WHEN read back with its schema THEN the same value comes back', async () => {
      await store.set('digest:sub:1', { channel: '123', time: '09:00' });
      expect(await store.get('digest:sub:1', Sub)).toEqual({ channel: '123', time: '09:00' });
    });

    it('GIVEN a stored value of the wrong shape WHEN read with a schema THEN it is undefined, not thrown', async () => {
      await store.set('digest:sub:2', { channel: 123 });
      expect(await store.get('digest:sub:2', Sub)).toBeUndefined();
      expect(await store.get('digest:sub:missing', Sub)).toBeUndefined();
    });

    it('GIVEN a key WHEN deleted THEN it is gone and a second delete says false', async () => {
      await store.set('k', 1);
      expect(await store.delete('k')).toBe(true);
      expect(await store.get('k', z.number())).toBeUndefined();
      expect(await store.delete('k')).toBe(false);
    });

    it('GIVEN a ttl WHEN it passes THEN the value is gone', async () => {
      await store.set('short', 'x', 40);
      expect(await store.get('short', z.string())).toBe('x');
      await sleep(80);
      expect(await store.get('short', z.string())).toBeUndefined();
    });

    it('GIVEN a free key WHEN claimed twice THEN only the first claim wins and its value is readable', async () => {
      expect(await store.claim('claim:a', { by: 'one' }, 60_000)).toBe(true);
      expect(await store.claim('claim:a', { by: 'two' }, 60_000)).toBe(false);
      expect(await store.get('claim:a', z.object({ by: z.string() }))).toEqual({ by: 'one' });
    });

    it('GIVEN many concurrent claims on one key THEN exactly one wins', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.claim('claim:race', { i }, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('GIVEN an expired claim WHEN claimed again THEN the new claim wins', async () => {
      expect(await store.claim('claim:b', 'first', 40)).toBe(true);
      await sleep(80);
      expect(await store.claim('claim:b', 'second', 60_000)).toBe(true);
      expect(await store.get('claim:b', z.string())).toBe('second');
    });

    it('GIVEN a claimed key WHEN deleted THEN it can be claimed again', async () => {
      expect(await store.claim('claim:c', 1)).toBe(true);
      await store.delete('claim:c');
      expect(await store.claim('claim:c', 2)).toBe(true);
    });

    it('GIVEN a counter WHEN incremented THEN it counts up, reads back, and restarts after its ttl', async () => {
      // Counting gets a window no loaded machine outlasts; the restart gets its own short-lived counter.
      expect(await store.increment('rate:u1', 10_000)).toBe(1);
      expect(await store.increment('rate:u1', 10_000)).toBe(2);
      expect(
        await Promise.all([store.increment('rate:u1', 10_000), store.increment('rate:u1', 10_000)]),
      ).toEqual(expect.arrayContaining([3, 4]));
      expect(await store.get('rate:u1', z.number())).toBe(4);
      expect(await store.increment('rate:u2', 60)).toBe(1);
      expect(await store.increment('rate:u2', 60)).toBe(2);
      await sleep(110);
      expect(await store.increment('rate:u2', 60)).toBe(1);
      expect(await store.get('rate:u1', z.number())).toBe(4);
    });

    it('GIVEN keys under several prefixes WHEN listed THEN only live keys under the prefix come back, sorted', async () => {
      await store.set('digest:sub:g1:b', { n: 2 });
      await store.set('digest:sub:g1:a', { n: 1 });
      await store.set('digest:sub:g2:a', { n: 3 });
      await store.set('digest:sub:g1:gone', { n: 4 }, 30);
      await store.claim('digest:sub:g1:c', { n: 5 });
      await sleep(60);
      expect(await store.list('digest:sub:g1:')).toEqual([
        { key: 'digest:sub:g1:a', value: { n: 1 } },
        { key: 'digest:sub:g1:b', value: { n: 2 } },
        { key: 'digest:sub:g1:c', value: { n: 5 } },
      ]);
      expect(await store.list('nothing-here:')).toEqual([]);
    });

    it('GIVEN a prefix with wildcard characters WHEN listed THEN they match literally', async () => {
      await store.set('odd:*', 1);
      await store.set('odd:x', 2);
      await store.set('odd%', 3);
      expect((await store.list('odd:*')).map((e) => e.key)).toEqual(['odd:*']);
      expect((await store.list('odd%')).map((e) => e.key)).toEqual(['odd%']);
    });

    if (opts.shared) {
      it('GIVEN two connections to the same store WHEN both claim the same key THEN exactly one wins', async () => {
        const other = await open();
        others.push(other);
        const [a, b] = await Promise.all([
          store.claim('claim:shared', 'a'),
          other.claim('claim:shared', 'b'),
        ]);
        expect([a, b].filter(Boolean)).toHaveLength(1);
        expect(await other.get('claim:shared', z.string())).toBe(a ? 'a' : 'b');
      });
    }
  });
}
