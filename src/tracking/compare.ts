import type { Library } from '../kb/library.js';
import { isLawLike } from '../kb/schema.js';
import type { Observation } from './observe.js';
import { isEnd, proposedStatus, stageOf } from './stages.js';
import type { TrackedItem } from './tracked-items.js';
import type { OfficialAction, StatusProposal, TrackedState, TrackingChange } from './tracking-records.js';

export interface Comparison {
  /** The states to keep (one per item observed; malformed answers keep nothing). */
  states: TrackedState[];
  /** Movements since the previous pass (a first sighting is a baseline, not news). */
  changes: TrackingChange[];
  /** Entries whose recorded status official data now contradicts. */
  proposals: StatusProposal[];
  /** Entries whose standing proposal no longer applies (a curator updated the status). */
  settled: string[];
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
  const result: Comparison = { states: [], changes: [], proposals: [], settled: [], problems: [] };
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
    if (!s.latest || s.problem?.kind === 'not-found') continue;
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
      seenAt: nowIso,
    });
  }
  return result;
}
