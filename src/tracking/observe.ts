import type { Store } from '../store/types.js';
import { z } from 'zod';
import { ApiError } from './api-http.js';
import type { CongressClient } from './congress-client.js';
import {
  OPENSTATES_MAX_IDENTIFIERS,
  type OpenStatesClient,
  type OsBill,
  OsSession,
} from './openstates-client.js';
import type { ActionFacts } from './stages.js';
import { normalizeBillId, officialUrl, ordinal, type TrackedItem } from './tracked-items.js';
import { trackingKeys, type TrackedState } from './tracking-records.js';

/** What one pass learned about one tracked bill, before it is compared with what was known. */
export type Observation =
  | {
      key: string;
      ok: true;
      title?: string | undefined;
      url?: string | undefined;
      updateMarker?: string | undefined;
      /** Every action, oldest first; undefined when the API says nothing changed since `updateMarker`. */
      actions: ActionFacts[] | undefined;
      /** The bill's session, when it has ended: a bill not enacted by then died. */
      sessionEnded?: { session: string; end: string } | undefined;
      /** Open States' id and current identifier for the bill. */
      billId?: string | undefined;
      identifier?: string | undefined;
      /** The bill now has another number than the one it is tracked by (or last had). */
      renumbered?: { from: string; to: string } | undefined;
    }
  | {
      key: string;
      ok: false;
      /** removed: Open States once listed the bill and lists it no more, under its number or its id. */
      kind: ApiError['kind'] | 'removed';
      message: string;
    };

export interface Clients {
  openstates?: OpenStatesClient | undefined;
  congress?: CongressClient | undefined;
}

const SESSIONS_TTL_MS = 7 * 24 * 3_600_000;
/** A bill not listed in full for this long is asked for without `updated_since` (to notice a renumbering). */
const FULL_LISTING_DAYS = 7;

/**
 * Asks the official APIs about `items` with as few requests as they allow: Open States bills of one
 * session 20 to a request (with `updated_since` once every bill of the request has been listed in the last
 * week), one request per `ocd-bill` id, and each session list once a week; Congress.gov one request per
 * bill, and its actions only when the bill's `updateDate` moved.
 *
 * Open States filters on current identifiers only, so a renumbered bill is missing from a full listing
 * under its old number: it is then asked for by the id recorded when it was last seen, which finds it under
 * its new number (renumbered) or not at all (removed). A bill never seen has no id to ask: not found.
 */
export async function observe(
  items: readonly TrackedItem[],
  previous: ReadonlyMap<string, TrackedState>,
  clients: Clients,
  deps: { store: Store; today: string },
): Promise<Observation[]> {
  const out: Observation[] = [];
  const failAll = (group: readonly TrackedItem[], error: unknown) => {
    const e = asApiError(error);
    for (const item of group) out.push({ key: item.key, ok: false, kind: e.kind, message: e.message });
  };

  // Open States, by session.
  const groups = new Map<string, { jurisdiction: string; session: string; items: TrackedItem[] }>();
  const byId: TrackedItem[] = [];
  for (const item of items) {
    if (item.ref.source !== 'openstates') continue;
    if ('id' in item.ref) {
      byId.push(item);
      continue;
    }
    const g = `${item.ref.jurisdiction}/${item.ref.session}`;
    const group = groups.get(g) ?? {
      jurisdiction: item.ref.jurisdiction,
      session: item.ref.session,
      items: [],
    };
    group.items.push(item);
    groups.set(g, group);
  }
  const os = clients.openstates;
  if (os) {
    const sessionEnds = new Map<string, Promise<Map<string, string>>>();
    const endOf = async (jurisdiction: string, session: string) => {
      let ends = sessionEnds.get(jurisdiction);
      if (!ends) {
        ends = sessionsOf(os, deps.store, jurisdiction).catch(() => new Map<string, string>());
        sessionEnds.set(jurisdiction, ends);
      }
      const end = (await ends).get(session);
      return end && end < deps.today ? { session, end } : undefined;
    };
    const weekAgo = new Date(Date.parse(deps.today) - FULL_LISTING_DAYS * 86_400_000).toISOString();
    const byOldNumber: TrackedItem[] = [];
    for (const group of groups.values()) {
      // A bill known to be renumbered is asked for by its id until its reference is corrected.
      const listed = group.items.filter((item) => {
        const prev = previous.get(item.key);
        if (prev?.renumbered && prev.billId) byOldNumber.push(item);
        return !(prev?.renumbered && prev.billId);
      });
      for (let i = 0; i < listed.length; i += OPENSTATES_MAX_IDENTIFIERS) {
        const chunk = listed.slice(i, i + OPENSTATES_MAX_IDENTIFIERS);
        const heard = chunk.map((c) => previous.get(c.key)?.lastHeardAt);
        const fresh = chunk.every((c) => (previous.get(c.key)?.listedAt ?? '') >= weekAgo);
        // Every bill of the request answered before and listed this week: ask only for those updated since.
        const updatedSince =
          fresh && heard.every(Boolean)
            ? heard.reduce((min, h) => ((h as string) < (min as string) ? h : min))?.slice(0, 19)
            : undefined;
        let bills: OsBill[];
        try {
          bills = await os.billsByIdentifier(
            group.jurisdiction,
            group.session,
            chunk.map((c) => (c.ref as { bill: string }).bill),
            updatedSince ? { updatedSince } : {},
          );
        } catch (error) {
          failAll(chunk, error);
          continue;
        }
        const ended = await endOf(group.jurisdiction, group.session);
        for (const item of chunk) {
          const wanted = normalizeBillId((item.ref as { bill: string }).bill);
          const bill = bills.find((b) => normalizeBillId(b.identifier) === wanted);
          const prev = previous.get(item.key);
          if (bill) {
            out.push({ ...fromOpenStates(bill), key: item.key, sessionEnded: ended });
          } else if (updatedSince && prev?.latest) {
            out.push({ key: item.key, ok: true, actions: undefined, sessionEnded: ended });
          } else if (prev?.billId) {
            byOldNumber.push(item);
          } else {
            out.push({
              key: item.key,
              ok: false,
              kind: 'not-found',
              message: `Open States has no ${(item.ref as { bill: string }).bill} in ${group.jurisdiction.toUpperCase()} session ${group.session} (a typo, or renumbered or withdrawn before Dossier first saw it: check the legislature's site)`,
            });
          }
        }
      }
    }
    for (const item of byOldNumber) {
      const ref = item.ref as { jurisdiction: string; session: string; bill: string };
      const prev = previous.get(item.key);
      try {
        const bill = await os.billById(prev?.billId ?? '');
        const ended = await endOf(ref.jurisdiction, bill.session);
        const moved = normalizeBillId(bill.identifier) !== normalizeBillId(ref.bill);
        out.push({
          ...fromOpenStates(bill),
          key: item.key,
          sessionEnded: ended,
          ...(moved ? { renumbered: { from: ref.bill, to: bill.identifier } } : {}),
        });
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'not-found')
          out.push({
            key: item.key,
            ok: false,
            kind: 'removed',
            message: `Open States no longer lists ${item.label}, under its number or its id (last listed ${(prev?.listedAt ?? prev?.lastHeardAt ?? '').slice(0, 10) || 'before'}): withdrawn or taken off the record; check the legislature's site`,
          });
        else failAll([item], error);
      }
    }
    for (const item of byId) {
      try {
        const bill = await os.billById((item.ref as { id: string }).id);
        const jurisdiction = /state:([a-z]{2})/.exec(bill.jurisdiction.id)?.[1];
        const ended = jurisdiction ? await endOf(jurisdiction, bill.session) : undefined;
        const before = previous.get(item.key);
        const was = before?.identifier;
        const moved = was !== undefined && normalizeBillId(was) !== normalizeBillId(bill.identifier);
        out.push({
          ...fromOpenStates(bill),
          key: item.key,
          sessionEnded: ended,
          ...(moved ? { renumbered: { from: was, to: bill.identifier } } : {}),
        });
      } catch (error) {
        failAll([item], error);
      }
    }
  }

  // Congress.gov, one bill at a time.
  const cg = clients.congress;
  if (cg) {
    for (const item of items) {
      if (item.ref.source !== 'congress') continue;
      const { congress, type, number } = item.ref;
      try {
        const bill = await cg.bill(congress, type, number);
        const end = `${1789 + 2 * congress}-01-03`;
        const sessionEnded =
          end <= deps.today ? { session: `${ordinal(congress)} Congress`, end } : undefined;
        const prev = previous.get(item.key);
        const base = {
          key: item.key,
          ok: true as const,
          title: bill.title,
          url: officialUrl(item.ref),
          updateMarker: bill.updateDate,
          sessionEnded,
        };
        if (prev?.latest && prev.updateMarker === bill.updateDate) {
          out.push({ ...base, actions: undefined });
          continue;
        }
        const actions = await cg.actions(congress, type, number);
        out.push({
          ...base,
          actions: actions
            .map((a) => ({
              date: a.actionDate,
              text: a.text,
              classification: a.type ? [a.type] : [],
              chamber: a.sourceSystem?.name,
            }))
            .reverse(),
        });
      } catch (error) {
        failAll([item], error);
      }
    }
  }
  return out;
}

function fromOpenStates(bill: OsBill): Extract<Observation, { ok: true }> {
  const actions = [...(bill.actions ?? [])]
    .sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order)
    .map((a) => ({
      date: a.date.slice(0, 10),
      text: a.description,
      classification: a.classification,
      chamber: a.organization.classification,
    }));
  return {
    key: '',
    ok: true,
    title: bill.title,
    url: bill.openstates_url,
    updateMarker: bill.updated_at,
    actions,
    billId: bill.id,
    identifier: bill.identifier,
  };
}

const SessionEnds = z.array(OsSession);

/** A jurisdiction's sessions by identifier → end date (kept a week: sessions are scheduled far ahead). */
async function sessionsOf(
  os: OpenStatesClient,
  store: Store,
  jurisdiction: string,
): Promise<Map<string, string>> {
  const key = trackingKeys.sessions(jurisdiction);
  let sessions = await store.get(key, SessionEnds).catch(() => undefined);
  if (!sessions) {
    sessions = await os.sessions(jurisdiction);
    await store.set(key, sessions, SESSIONS_TTL_MS).catch(() => undefined);
  }
  return new Map(
    sessions
      .filter((s) => /^\d{4}-\d{2}-\d{2}/.test(s.end_date))
      .map((s) => [s.identifier, s.end_date.slice(0, 10)]),
  );
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError('unavailable', (error as Error).message ?? String(error));
}
