import type { Library } from '../kb/library.js';
import { isLawLike } from '../kb/schema.js';
import type { Observation } from './observe.js';
import { isEnd, proposedStatus, stageOf } from './stages.js';
import { SOURCE_NAMES, type TrackedItem } from './tracked-items.js';
import type {
  OfficialAction,
  StatusProposal,
  TrackedState,
  TrackingChange,
  TrackingNotice,
} from './tracking-records.js';

export interface Comparison {
  /** The states to keep (one per item observed; malformed answers keep nothing). */
  states: TrackedState[];
  /** Movements since the previous pass (a first sighting is a baseline, not news). */
  changes: TrackingChange[];
  /** Entries whose recorded status official data now contradicts. */
  proposals: StatusProposal[];
  /** Entries whose standing proposal no longer applies (a curator updated the status). */
  settled: string[];
  /** Renumbered, removed, substituted or withdrawn bills, while it holds. */
  notices: TrackingNotice[];
  problems: { key: string; entryId: string; kind: string; message: string }[];
}

/**
 * Compares what a pass observed with what was known and with the entries. Pure: the same inputs give the
 * same result, so it is tested without servers.
 */
export function compare(
  library: Library,
  items: readonly TrackedItem[],
  observations: readonly Observation[],
  previous: ReadonlyMap<string, TrackedState>,
  nowIso: string,
): Comparison {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const result: Comparison = {
    states: [],
    changes: [],
    proposals: [],
    settled: [],
    problems: [],
    notices: [],
  };
  for (const obs of observations) {
    const item = byKey.get(obs.key);
    if (!item) continue;
    const prev = previous.get(obs.key);
    const base = {
      key: item.key,
      entryId: item.entryId,
      source: item.ref.source,
      label: item.label,
      lastTriedAt: nowIso,
    };
    if (!obs.ok) {
      result.problems.push({ key: item.key, entryId: item.entryId, kind: obs.kind, message: obs.message });
      // A malformed answer is rejected outright; an outage or a refusal is remembered, so cards can say
      // when the source was last heard from.
      if (obs.kind === 'malformed') continue;
      result.states.push({ ...(prev ?? {}), ...base, problem: { kind: obs.kind, message: obs.message } });
      continue;
    }
    let latest: OfficialAction | undefined = prev?.latest;
    let stage = prev?.stage;
    if (obs.actions) {
      const last = obs.actions.at(-1);
      stage = stageOf(obs.actions);
      latest = last ? { date: last.date, text: last.text, stage } : undefined;
    }
    let died = prev?.died;
    if (obs.sessionEnded && stage && !isEnd(stage)) {
      stage = 'died';
      died = obs.sessionEnded;
    }
    if (latest && stage && latest.stage !== stage) latest = { ...latest, stage };
    const state: TrackedState = {
      ...base,
      ...((obs.url ?? prev?.url) ? { url: obs.url ?? prev?.url } : {}),
      ...((obs.title ?? prev?.title) ? { title: obs.title ?? prev?.title } : {}),
      ...(latest ? { latest } : {}),
      ...(stage ? { stage } : {}),
      ...(died && stage === 'died' ? { died } : {}),
      ...((obs.updateMarker ?? prev?.updateMarker)
        ? { updateMarker: obs.updateMarker ?? prev?.updateMarker }
        : {}),
      ...((obs.billId ?? prev?.billId) ? { billId: obs.billId ?? prev?.billId } : {}),
      ...((obs.identifier ?? prev?.identifier) ? { identifier: obs.identifier ?? prev?.identifier } : {}),
      ...((obs.actions ? nowIso : prev?.listedAt) ? { listedAt: obs.actions ? nowIso : prev?.listedAt } : {}),
      ...((obs.renumbered ?? (obs.actions ? undefined : prev?.renumbered))
        ? { renumbered: obs.renumbered ?? prev?.renumbered }
        : {}),
      lastHeardAt: nowIso,
    };
    result.states.push(state);
    const moved =
      prev?.latest !== undefined &&
      latest !== undefined &&
      (prev.latest.date !== latest.date || prev.latest.text !== latest.text || prev.stage !== stage);
    if (moved && latest)
      result.changes.push({
        key: item.key,
        entryId: item.entryId,
        source: item.ref.source,
        label: item.label,
        ...(state.url ? { url: state.url } : {}),
        seenAt: nowIso,
        action:
          died && stage === 'died'
            ? { date: died.end, text: `died when ${died.session} ended`, stage }
            : latest,
        ...(prev?.latest ? { previous: prev.latest } : {}),
      });
  }

  // One proposal per entry, from its bill with the latest action (an entry may follow a bill per session).
  const latestByEntry = new Map<string, TrackedState>();
  for (const s of result.states) {
    if (!s.latest || s.problem?.kind === 'not-found' || s.problem?.kind === 'removed') continue;
    const held = latestByEntry.get(s.entryId);
    if (!held || (held.latest?.date ?? '') < s.latest.date) latestByEntry.set(s.entryId, s);
  }
  for (const [entryId, s] of latestByEntry) {
    const doc = library.get(entryId);
    if (!doc || !isLawLike(doc) || !s.latest || !s.stage) continue;
    const status = proposedStatus(doc.status, s.stage);
    if (!status) {
      result.settled.push(entryId);
      continue;
    }
    const date = s.stage === 'died' && s.died ? s.died.end : s.latest.date;
    result.proposals.push({
      entryId,
      key: s.key,
      source: s.source,
      label: s.label,
      ...(s.url ? { url: s.url } : {}),
      from: doc.status,
      status,
      date,
      action:
        s.stage === 'died' && s.died
          ? `died when ${s.died.session} ended (${s.died.end}); last action: ${s.latest.text}`
          : s.latest.text,
      ...(s.renumbered
        ? {
            notice: `renumbered from ${s.renumbered.from} to ${s.renumbered.to}: update the tracking reference`,
          }
        : s.stage === 'withdrawn'
          ? { notice: 'withdrawn' }
          : {}),
      seenAt: nowIso,
    });
  }
  for (const s of result.states) {
    const item = byKey.get(s.key);
    if (item) result.notices.push(...noticesOf(s, item, nowIso));
  }
  return result;
}

/** What a curator should know about one bill's state beyond its latest action. */
function noticesOf(s: TrackedState, item: TrackedItem, nowIso: string): TrackingNotice[] {
  const base = {
    key: s.key,
    entryId: s.entryId,
    source: s.source,
    label: s.label,
    ...(s.url ? { url: s.url } : {}),
    seenAt: nowIso,
  };
  const ref = item.ref;
  const sameSession = (bill: string) =>
    ref.source === 'openstates' && !('id' in ref)
      ? `{ source: openstates, jurisdiction: ${ref.jurisdiction}, session: ${ref.session}, bill: ${bill} }`
      : undefined;
  const out: TrackingNotice[] = [];
  if (s.problem?.kind === 'removed') out.push({ ...base, kind: 'removed', text: s.problem.message });
  if (s.renumbered) {
    const reference = sameSession(s.renumbered.to);
    out.push({
      ...base,
      kind: 'renumbered',
      text: `${SOURCE_NAMES[s.source]} lists it as ${s.renumbered.to} now (it was ${s.renumbered.from})${
        reference ? '; the entry’s tracking reference names the old number' : ''
      }`,
      ...(reference ? { reference } : {}),
    });
  }
  if (s.latest && s.stage === 'substituted') {
    const by = /substituted by\s+([A-Z]{1,4}\.?\s?\d{1,5}[A-Z]?)/i.exec(s.latest.text)?.[1];
    const reference = by ? sameSession(by.toUpperCase().replace(/\./g, '')) : undefined;
    out.push({
      ...base,
      kind: 'substituted',
      text: `${s.latest.text} (${s.latest.date}): the bill goes on under ${by ? `the number ${by}` : 'another number'}; follow that bill instead`,
      ...(reference ? { reference } : {}),
    });
  }
  if (s.latest && s.stage === 'withdrawn')
    out.push({ ...base, kind: 'withdrawn', text: `${s.latest.text} (${s.latest.date})` });
  return out;
}
