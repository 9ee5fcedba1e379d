import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { composeDigest } from '../../src/digest/compose-digest.js';
import { reviewQueue } from '../../src/freshness/review-queue.js';
import { lawCard } from '../../src/kb/law-card.js';
import { isLawLike } from '../../src/kb/schema.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { applyProposals, setFrontMatter } from '../../src/tracking/apply-proposals.js';
import { trackingKeys } from '../../src/tracking/tracking-records.js';
import { billFile, channelSubscription, libraryOf, trackedBills } from './tracking-fixtures.js';

const library = libraryOf(trackedBills('tx-hb-149'));
const sub = (over: Record<string, unknown> = {}) => channelSubscription('2025-06-01T00:00:00Z', over);
const change = {
  key: 'openstates:tx/89R/HB149',
  entryId: 'tx-hb-149',
  source: 'openstates' as const,
  label: 'TX HB 149 (89R)',
  url: 'https://openstates.org/tx/bills/89R/HB149/',
  seenAt: '2025-06-21T06:30:00.000Z',
  action: { date: '2025-06-20', text: 'Signed by the Governor', stage: 'enacted' as const },
};
const lines = (d: ReturnType<typeof buildDigest>) =>
  d.messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n');

describe('what tracked bills look like to a channel', () => {
  it('GIVEN a bill signed since the last digest WHEN the digest is built THEN it lists the official action with the official link, once', async () => {
    const store = createMemoryStore();
    await store.set(trackingKeys.change(change.seenAt, change.key), change);
    const now = new Date('2025-06-21T09:00:00Z');
    const since = { at: new Date('2025-06-20T09:00:00Z') };
    const d = await composeDigest({ store, library: () => library }, sub(), since, now);
    expect(lines(d)).toContain(
      '• **[Bill tx-hb-149](https://openstates.org/tx/bills/89R/HB149/)** · US-TX · TX HB 149 (89R): Signed by the Governor (official action Fri 20 Jun, Open States)',
    );
    const next = await composeDigest(
      { store, library: () => library },
      sub(),
      { at: now, announced: d.announced },
      new Date('2025-06-22T09:00:00Z'),
    );
    expect(lines(next)).not.toContain('Signed by the Governor');
  });

  it('GIVEN a channel that follows other places WHEN a Texas bill moves THEN it is left out, saying why', () => {
    const update = {
      entryId: 'tx-hb-149',
      key: change.key,
      label: change.label,
      source: 'Open States',
      url: change.url,
      date: '2025-06-20',
      text: 'Signed by the Governor',
    };
    const d = buildDigest(
      library,
      sub({ jurisdictions: ['US-IL'] }),
      { at: new Date('2025-06-20T09:00:00Z') },
      new Date('2025-06-21T09:00:00Z'),
      [update],
    );
    expect(d.items.new).toEqual([]);
    expect(d.leftOut).toEqual([
      expect.objectContaining({ id: 'tx-hb-149', reason: expect.stringContaining('outside this channel') }),
    ]);
  });

  it('GIVEN the latest official action WHEN the card is drawn THEN it shows it beside the status', () => {
    const doc = library.get('tx-hb-149');
    if (!doc || !isLawLike(doc)) throw new Error('fixture');
    const card = lawCard(
      library,
      doc,
      undefined,
      'Signed by the Governor (20 Jun 2025, Open States) · TX HB 149 (89R)',
    );
    expect(card.fields.find((f) => f.name === 'Latest official action')?.value).toBe(
      'Signed by the Governor (20 Jun 2025, Open States) · TX HB 149 (89R)',
    );
  });

  it('GIVEN a status proposal WHEN curators open the review queue THEN the entry is there with the official action, and --apply writes it into the file', async () => {
    const store = createMemoryStore();
    await store.set(trackingKeys.proposal('tx-hb-149'), {
      entryId: 'tx-hb-149',
      key: change.key,
      source: 'openstates',
      label: change.label,
      url: change.url,
      from: 'proposed',
      status: 'enacted',
      date: '2025-06-20',
      action: 'Signed by the Governor',
      seenAt: change.seenAt,
    });
    const queue = await reviewQueue({ library, store, today: '2025-06-22' });
    expect(queue.find((f) => f.id === 'tx-hb-149')?.reasons).toContainEqual(
      expect.objectContaining({
        kind: 'official-status',
        text: 'official data: Signed by the Governor (20 Jun 2025, Open States TX HB 149 (89R), https://openstates.org/tx/bills/89R/HB149/); the status says proposed',
      }),
    );
    const root = mkdtempSync(join(tmpdir(), 'apply-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'knowledge', 'bills'), { recursive: true });
    const file = join(root, 'knowledge', 'bills', 'tx-hb-149.md');
    writeFileSync(
      file,
      billFile('tx-hb-149', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
    );
    const applied = await applyProposals(store, library, root);
    expect(applied).toEqual([expect.objectContaining({ id: 'tx-hb-149', outcome: 'written' })]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('status: enacted\nstatus_as_of: 2025-06-20\n');
    expect(
      text.replace('status: enacted\nstatus_as_of: 2025-06-20', 'status: proposed\nstatus_as_of: 2025-01-10'),
    ).toBe(billFile('tx-hb-149', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']));
    expect(await store.list(trackingKeys.proposalPrefix)).toEqual([]);
  });

  it('GIVEN a key missing from the front matter WHEN set THEN it refuses, naming the key', () => {
    expect(() => setFrontMatter('---\nid: x\n---\n', { status: 'enacted' })).toThrow(
      'status: not found in the front matter',
    );
  });
});
