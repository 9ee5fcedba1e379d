import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runTrackingPass } from '../../src/tracking/run-tracking-pass.js';
import { type Bot, startBot } from '../discord/harness.js';
import { button, textOf } from '../discord/view.js';
import { PERMISSIONS } from '../fakes/fake-discord.js';
import { type FakeOpenStates, startFakeOpenStates } from '../fakes/fake-openstates.js';
import { addStateBill, billFile, fakeSources, SESSIONS } from './tracking-fixtures.js';

/**
 * What a curator sees in /kb review when tracking finds a bill renumbered: the entry, why it is due (the
 * notice, with the official link), and the tracking reference to give it.
 */
const curator = { id: '400000000000000007', username: 'sam' };
let os: FakeOpenStates;
let bot: Bot;
let root: string;
let clock = new Date('2025-03-15T07:00:00Z');

beforeAll(async () => {
  os = await startFakeOpenStates({ apiKey: 'os-key' });
  os.sessions.tx = [SESSIONS.tx];
  const tx = addStateBill(
    os,
    { jurisdiction: 'tx', session: '89R', identifier: 'HB 149', title: 'TRAIGA' },
    { date: '2025-03-14', description: 'Filed', classification: ['introduction'] },
  );
  root = await mkdtemp(join(tmpdir(), 'notices-review-'));
  const dir = join(root, 'knowledge');
  await mkdir(join(dir, 'bills'), { recursive: true });
  await copyFile('knowledge/jurisdictions.yml', join(dir, 'jurisdictions.yml'));
  await writeFile(
    join(dir, 'bills', 'tx-hb-149.md'),
    billFile('tx-hb-149', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']).replace(
      'status_as_of: 2025-01-10',
      'status_as_of: 2025-03-14',
    ),
  );
  bot = await startBot({ knowledgeDir: dir, clock: () => clock });
  const pass = (iso: string) => {
    clock = new Date(iso);
    return runTrackingPass({
      library: bot.ctx.knowledge().library,
      store: bot.ctx.store,
      sources: fakeSources({ openstates: os.url }, bot.ctx.store),
      now: clock,
    });
  };
  await pass('2025-03-15T06:30:00Z');
  os.renumber(tx, 'HB 4', '2025-03-18T12:00:00');
  await pass('2025-03-30T06:30:00Z');
});
afterAll(async () => {
  await bot?.stop();
  await os?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('tracking notices in /kb review', () => {
  test('GIVEN a tracked bill renumbered WHEN a curator runs /kb review THEN the entry is due with the notice, the official link and the reference to use; "Still accurate" answers it', async () => {
    const reply = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'review', user: curator, permissions: PERMISSIONS.admin })
      .reply();
    expect(bot.discord.violations).toEqual([]);
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds[0]?.title).toBe('Bill tx-hb-149');
    const text = textOf(reply);
    expect(text).toContain('**1 of 1 due** · bill · `knowledge/bills/tx-hb-149.md`');
    expect(text).toContain(
      '• bill renumbered: Open States TX HB 149 (89R): Open States lists it as HB 4 now (it was HB 149); the entry’s tracking reference names the old number (https://openstates.org/tx/bills/89R/HB4/)',
    );
    expect(text).toContain(
      '**Suggestion:** Change its tracking reference to `{ source: openstates, jurisdiction: tx, session: 89R, bill: HB 4 }`, so tracking follows the bill under its new number.',
    );
    const done = await bot.discord
      .pressButton(reply.id, button(reply, /Still accurate/).customId ?? '', {
        user: curator,
        permissions: PERMISSIONS.admin,
      })
      .reply();
    expect(done.content).toMatch(/^Recorded: \*\*Bill tx-hb-149\*\* is still accurate/);
    expect(textOf(done)).toContain('Nothing is due for review');
  });
});
