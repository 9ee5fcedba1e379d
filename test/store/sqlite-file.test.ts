import { copyFile, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createStore } from '../../src/store/create-store.js';

const Sub = z.object({ guildId: z.string(), channelId: z.string(), time: z.string(), timezone: z.string() });
const FIXTURE = 'test/fixtures/store/keyv-sqlite-4.0.8.sqlite';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-sqlite-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Removes the database file and its WAL companions, as `rm data/dossier.sqlite*` would. */
async function deleteFiles(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) await unlink(f).catch(() => {});
}

describe('a store file written by @keyv/sqlite 4.0.8 (Dossier before better-sqlite3)', () => {
  it('GIVEN the file WHEN opened THEN subscriptions, state, claims, counters and escaped strings read back as written, and it is stamped with the store format', async () => {
    const file = join(dir, 'dossier.sqlite');
    await copyFile(FIXTURE, file);
    const store = await createStore(`sqlite://${file}`);
    expect(await store.get('digest:sub:200000000000000001:300000000000000001', Sub)).toEqual({
      guildId: '200000000000000001',
      channelId: '300000000000000001',
      time: '09:00',
      timezone: 'Europe/Berlin',
    });
    expect(await store.get('note:colon', z.string())).toBe(':starts with a colon');
    expect(await store.get('ask:totals', z.object({ answers: z.number() }))).toEqual({ answers: 12 });
    expect(await store.claim('digest:claim:300000000000000001:2026-11-28', { by: 'me' }, 60_000)).toBe(false);
    expect(await store.increment('ask:rate:user:1:0', 60_000)).toBe(3);
    expect(await store.get('expired:soon', z.string())).toBeUndefined();
    expect((await store.list('digest:')).map((e) => e.key)).toEqual([
      'digest:claim:300000000000000001:2026-11-28',
      'digest:state:200000000000000001:300000000000000001',
      'digest:sub:200000000000000001:300000000000000001',
    ]);
    await store.set('note:colon', ':still escaped');
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT value FROM keyv WHERE key = 'note:colon'").pluck().get()).toBe(
      '{"value":"::still escaped"}',
    );
    db.close();
  });

  it('GIVEN a file of a newer store format WHEN opened THEN it is refused naming the versions', async () => {
    const file = join(dir, 'newer.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 7');
    db.close();
    await expect(createStore(`sqlite://${file}`)).rejects.toThrow(
      /store format 7, newer than this Dossier knows \(1\)/,
    );
  });
});

describe('the store file deleted or replaced under a running process', () => {
  const problems: string[] = [];
  const options = { onFileProblem: (m: string) => problems.push(m), checkEveryMs: 20 };
  beforeEach(() => {
    problems.length = 0;
  });

  it('GIVEN 100 subscriptions WHEN the file is deleted THEN the store notices within its check, writes them all back to a new file, says so, and a restart finds them', async () => {
    const file = join(dir, 'dossier.sqlite');
    const store = await createStore(`sqlite://${file}`, options);
    for (let i = 0; i < 100; i++)
      await store.set(`digest:sub:g:${i}`, {
        guildId: 'g',
        channelId: String(i),
        time: '09:00',
        timezone: 'UTC',
      });
    await deleteFiles(file);
    await vi.waitFor(() => expect(problems).toHaveLength(1), { timeout: 2_000, interval: 20 });
    expect(problems[0]).toMatch(
      /store: sqlite:\/\/.*dossier\.sqlite: the file was deleted while Dossier was running; a new file was created there and the 100 entries this process held were written back \(100 digest subscriptions\)/,
    );
    await store.set('digest:sub:g:after', {
      guildId: 'g',
      channelId: 'after',
      time: '10:00',
      timezone: 'UTC',
    });
    await store.close();
    const again = await createStore(`sqlite://${file}`);
    expect(await again.list('digest:sub:')).toHaveLength(101);
    await again.close();
  });

  it('GIVEN the file deleted WHEN the next write comes before the timer THEN the write itself notices and nothing is lost', async () => {
    const file = join(dir, 'dossier.sqlite');
    const store = await createStore(`sqlite://${file}`, { ...options, checkEveryMs: 60_000 });
    await store.set('digest:sub:g:1', { guildId: 'g', channelId: '1', time: '09:00', timezone: 'UTC' });
    await deleteFiles(file);
    await store.set('digest:sub:g:2', { guildId: 'g', channelId: '2', time: '09:00', timezone: 'UTC' });
    expect(problems).toHaveLength(1);
    await store.close();
    const again = await createStore(`sqlite://${file}`);
    expect((await again.list('digest:sub:')).map((e) => e.key)).toEqual(['digest:sub:g:1', 'digest:sub:g:2']);
    await again.close();
  });

  it('GIVEN the file replaced by another (a restore while running) WHEN noticed THEN the new file is used and what it lacked is added, with a loud message', async () => {
    const file = join(dir, 'dossier.sqlite');
    const backupFile = join(dir, 'backup.sqlite');
    const backup = await createStore(`sqlite://${backupFile}`);
    await backup.set('digest:sub:g:old', { guildId: 'g', channelId: 'old', time: '08:00', timezone: 'UTC' });
    await backup.set('digest:sub:g:1', { guildId: 'g', channelId: '1', time: '07:00', timezone: 'UTC' });
    await backup.close();
    const store = await createStore(`sqlite://${file}`, { ...options, checkEveryMs: 60_000 });
    await store.set('digest:sub:g:1', { guildId: 'g', channelId: '1', time: '09:00', timezone: 'UTC' });
    await store.set('digest:sub:g:2', { guildId: 'g', channelId: '2', time: '09:00', timezone: 'UTC' });
    await rename(backupFile, file);
    await store.set('digest:state:g:2', { lastSentDate: '2026-11-28' });
    expect(problems[0]).toMatch(
      /the file was replaced while Dossier was running; Dossier now uses the new file, and 1 of the 2 entries this process held were missing from it and were added \(2 digest subscriptions held\)/,
    );
    expect((await store.list('digest:sub:')).map((e) => e.key)).toEqual([
      'digest:sub:g:1',
      'digest:sub:g:2',
      'digest:sub:g:old',
    ]);
    // An entry in both keeps the restored file's value.
    expect((await store.get('digest:sub:g:1', Sub))?.time).toBe('07:00');
    await store.close();
  });

  it('GIVEN the folder replaced by a file so the path cannot be opened WHEN written THEN calls are refused with a clear error, said once, and the entries are written back once it can be opened', async () => {
    const folder = join(dir, 'data');
    const file = join(folder, 'dossier.sqlite');
    const store = await createStore(`sqlite://${file}`, { ...options, checkEveryMs: 60_000 });
    await store.set('digest:sub:g:1', { guildId: 'g', channelId: '1', time: '09:00', timezone: 'UTC' });
    await rm(folder, { recursive: true });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(folder, 'in the way');
    const refused =
      /the file was deleted while Dossier was running and cannot be opened again .*the store refuses calls until it can, and the 1 entries this process held are kept in memory and written back then/;
    await expect(store.set('digest:sub:g:2', {})).rejects.toThrow(refused);
    await expect(store.get('digest:sub:g:1', Sub)).rejects.toThrow(refused);
    expect(problems).toHaveLength(1);
    await rm(folder);
    await store.set('digest:sub:g:2', { guildId: 'g', channelId: '2', time: '09:00', timezone: 'UTC' });
    await store.close();
    const again = await createStore(`sqlite://${file}`);
    expect(await again.list('digest:sub:')).toHaveLength(2);
    await again.close();
  });
});
