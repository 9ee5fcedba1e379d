import { describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { type DigestDeps, runDigestTick } from '../../src/digest/run-digest-tick.js';
import { recordReview } from '../../src/freshness/reviews.js';
import { Library } from '../../src/kb/library.js';
import { saveLinkResult } from '../../src/links/link-results.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { suggestionKey } from '../../src/suggest/suggestion.js';
import { recordingLogger, recordingPoster } from '../digest/recording-poster.js';
import { makeDoc } from './make-doc.js';

const GUILD = '100000000000000001';
const CURATORS = '200000000000000009';

const library = new Library(
  [
    makeDoc({ id: 'old-law', title: 'An old law', status_as_of: '2026-01-01' }), // due 1 May 2026
    makeDoc({ id: 'fresh-law', title: 'A fresh law', status_as_of: '2026-11-01' }), // due 1 Mar 2027
    makeDoc({
      id: 'soon-law',
      title: 'A law falling due tomorrow',
      status_as_of: '2026-08-03', // due 1 Dec 2026
      sources: [{ url: 'https://example.org/gone', title: 'Gone' }],
    }),
  ],
  'kb-test',
);

function world() {
  const store = createMemoryStore();
  const rec = recordingPoster();
  const log = recordingLogger();
  let clock = new Date('2026-11-30T06:00:00Z');
  const deps: DigestDeps = {
    store,
    library: () => library,
    poster: rec.poster,
    logger: log.logger,
    instanceId: 't',
  };
  const service = new DigestService(deps, () => clock);
  return {
    store,
    posted: rec.posted,
    service,
    setClock: (iso: string) => {
      clock = new Date(iso);
    },
    tick: (at: string) => runDigestTick(deps, new Date(at)),
  };
}

const textOf = (m: { message: { embeds: { title: string; description: string }[] } }) =>
  m.message.embeds.map((e) => `${e.title}\n${e.description}`).join('\n');

describe("curators' digest", () => {
  it('GIVEN a curators subscription WHEN its time comes THEN what fell due, broken links and new suggestions are posted once, and later only what is new', async () => {
    const w = world();
    await w.service.subscribe({
      guildId: GUILD,
      channelId: CURATORS,
      time: '09:00',
      timezone: 'Europe/Berlin',
      audience: 'curators',
    });
    await w.tick('2026-11-30T08:00:00Z');
    await w.tick('2026-11-30T08:00:30Z'); // the same minute again: nothing more
    expect(w.posted).toHaveLength(1);
    const first = textOf(w.posted[0] as never);
    expect(first).toContain("Curators' digest: 30 Nov 2026");
    expect(first).toContain('**Fell due for review** (1)');
    expect(first).toContain(
      '• **An old law** (`old-law`): last checked 1 Jan 2026 (10 months ago); laws are reviewed every 120 days',
    );
    expect(first).not.toContain('fresh-law');
    expect(first).toContain('1 entry is due in all.');

    // Overnight the link check finds a broken source, and soon-law falls due.
    await saveLinkResult(w.store, {
      url: 'https://example.org/gone',
      checkedAt: '2026-12-01T03:00:00.000Z',
      outcome: 'broken',
      status: 404,
      detail: '404 Not Found',
      insecure: false,
      attempts: 2,
      ms: 40,
    });
    // …and a member suggests a source.
    await w.store.set(suggestionKey(GUILD, 's1'), {
      id: 's1',
      guildId: GUILD,
      userId: '400000000000000001',
      userName: 'ada',
      url: 'https://example.org/new-report',
      normalizedUrl: 'https://example.org/new-report',
      type: 'report',
      note: 'A new audit of police face recognition',
      createdAt: '2026-11-30T20:00:00.000Z',
      status: 'open',
    });
    await w.tick('2026-12-01T08:00:00Z');
    expect(w.posted).toHaveLength(2);
    const second = textOf(w.posted[1] as never);
    expect(second).toContain('**Fell due for review** (1)');
    expect(second).toContain(
      '**A law falling due tomorrow** (`soon-law`): source link broken (404 Not Found, checked 1 Dec 2026)',
    );
    expect(second).not.toContain('old-law');
    expect(second).toContain('**Broken source links** (1)');
    expect(second).toContain('2 entries are due in all.');
    expect(second).toContain(
      '**New suggestions** (1)\n• report: <https://example.org/new-report> from ada: A new audit of police face recognition',
    );
    await w.tick('2026-12-02T08:00:00Z');
    expect(w.posted).toHaveLength(2); // nothing new on the third day: nothing posted
  });

  it('GIVEN curators marked everything still accurate WHEN the digest comes THEN there is nothing to say', async () => {
    const w = world();
    for (const id of ['old-law', 'soon-law'])
      await recordReview(w.store, {
        entryId: id,
        decision: 'accurate',
        by: { id: '1', name: 'sam' },
        at: new Date('2026-11-29T10:00:00Z'),
      });
    await w.service.subscribe({
      guildId: GUILD,
      channelId: CURATORS,
      time: '09:00',
      timezone: 'Europe/Berlin',
      audience: 'curators',
    });
    const [result] = (await w.tick('2026-11-30T08:00:00Z'))?.results ?? [];
    expect(result?.outcome).toBe('nothing-to-say');
    expect(w.posted).toHaveLength(0);
    const preview = await w.service.preview(GUILD, CURATORS);
    expect(preview?.messages).toEqual([]);
  });
});
