import { randomUUID } from 'node:crypto';
import { type FakeApi, pageByNumber, startFakeApi } from './fake-api.js';

/**
 * A fake Open States API v3 on loopback, shaped after its OpenAPI description and pydantic models
 * (openstates/api-v3 `api/schemas.py`, `api/bills.py`; test/fixtures/tracking/openstates-openapi-schemas.json
 * holds the published schemas the contract test checks these responses against). It serves
 * `GET /bills` (jurisdiction, session, identifier ≤ 20, q, updated_since, sort, include=actions and
 * other_identifiers, per_page ≤ 20, page), `GET /bills/ocd-bill/{uuid}` and `GET /jurisdictions/{abbr}?include=legislative_sessions`; it
 * answers 403/401 without or with a wrong `X-API-KEY`, 400 as the API does for bad filters, and omits
 * null fields like `response_model_exclude_none`. Scripts move bills along, refuse with 429 or 503, or
 * answer malformed JSON; every request is recorded (the shared plumbing is in fake-api.ts).
 *
 *   const os = await startFakeOpenStates({ apiKey: 'k' });
 *   const id = os.addBill({ jurisdiction: 'tx', session: '89R', identifier: 'HB 149', title: '…' });
 *   os.act(id, { date: '2025-03-01', description: 'Referred to Business & Industry', classification: ['referral-committee'] });
 */
export interface FakeOsAction {
  date: string;
  description: string;
  classification: string[];
  /** lower, upper or executive (the acting organization's classification); default lower. */
  chamber?: 'lower' | 'upper' | 'executive';
}

export interface FakeOsBillInput {
  jurisdiction: string;
  session: string;
  identifier: string;
  title: string;
  otherIdentifiers?: string[];
  subjects?: string[];
}

interface FakeOsBill extends FakeOsBillInput {
  id: string;
  actions: (FakeOsAction & { order: number })[];
  created_at: string;
  updated_at: string;
}

export interface FakeOpenStates extends FakeApi {
  readonly bills: Map<string, FakeOsBill>;
  /** Adds a bill (its introduction is the first action you add); returns its ocd-bill id. */
  addBill(input: FakeOsBillInput, id?: string): string;
  /** Appends an action and stamps the bill updated at `updatedAt` (default: the action's date, noon UTC). */
  act(id: string, action: FakeOsAction, updatedAt?: string): void;
  /**
   * The legislature gives the bill a new number: its identifier changes and the old one joins
   * `other_identifiers` (served with `include=other_identifiers`), its ocd-bill id stays.
   */
  renumber(id: string, identifier: string, updatedAt: string): void;
  sessions: Record<string, { identifier: string; name: string; start_date: string; end_date: string }[]>;
}

const STATE_NAMES: Record<string, string> = {
  tx: 'Texas',
  ca: 'California',
  ny: 'New York',
  il: 'Illinois',
  co: 'Colorado',
};

export async function startFakeOpenStates(options: { apiKey: string }): Promise<FakeOpenStates> {
  const bills = new Map<string, FakeOsBill>();

  const org = (j: string, chamber: string) => ({
    id: `ocd-organization/${j}-${chamber}`,
    name: chamber === 'executive' ? `Office of the Governor` : chamber === 'upper' ? 'Senate' : 'House',
    classification: chamber,
  });
  const jurisdictionOf = (j: string) => ({
    id: `ocd-jurisdiction/country:us/state:${j}/government`,
    name: STATE_NAMES[j] ?? j.toUpperCase(),
    classification: 'state',
  });
  const render = (b: FakeOsBill, include: string[], broken: boolean) => {
    const last = b.actions.at(-1);
    const first = b.actions[0];
    const out: Record<string, unknown> = {
      id: b.id,
      session: b.session,
      jurisdiction: jurisdictionOf(b.jurisdiction),
      from_organization: org(b.jurisdiction, /^S/i.test(b.identifier) ? 'upper' : 'lower'),
      identifier: b.identifier,
      title: b.title,
      classification: ['bill'],
      subject: b.subjects ?? [],
      extras: {},
      created_at: b.created_at,
      updated_at: b.updated_at,
      openstates_url: `https://openstates.org/${b.jurisdiction}/bills/${b.session}/${b.identifier.replace(/\s+/g, '')}/`,
      first_action_date: first?.date ?? '',
      latest_action_date: last?.date ?? '',
      latest_action_description: last?.description ?? '',
      latest_passage_date:
        [...b.actions].reverse().find((a) => a.classification.includes('passage'))?.date ?? '',
    };
    // Related lists are served only when asked for (`include=`), as the API does.
    if (include.includes('other_identifiers'))
      out.other_identifiers = (b.otherIdentifiers ?? []).map((identifier) => ({ identifier }));
    if (include.includes('actions'))
      out.actions = b.actions.map((a) => ({
        id: randomUUID(),
        organization: org(b.jurisdiction, a.chamber ?? 'lower'),
        description: a.description,
        date: a.date,
        classification: a.classification,
        order: a.order,
        related_entities: [],
      }));
    if (broken) delete out.identifier;
    return out;
  };
  const fix = (id: string) =>
    id
      .toUpperCase()
      .replace(/\s+/g, '')
      .replace(/^([A-Z]+)(\d+)$/, '$1 $2');

  const api = await startFakeApi({
    apiKey: options.apiKey,
    keyHeader: 'x-api-key',
    keyParam: 'apikey',
    refuse: (kind) =>
      kind === 'missing'
        ? {
            status: 403,
            body: {
              detail:
                'Must provide API Key as ?apikey or X-API-KEY. Login and visit https://openstates.org/account/profile/ for your API key.',
            },
          }
        : {
            status: 401,
            body: {
              detail:
                'Invalid API Key. Login and visit https://openstates.org/account/profile/ for your API key.',
            },
          },
    downBody: { detail: 'Service Unavailable' },
    rateLimitBody: { detail: '10 per 1 minute' },
    route({ url, send, takeBroken }) {
      const include = url.searchParams.getAll('include');
      if (url.pathname === '/bills') {
        const q = url.searchParams;
        const jurisdiction = q.get('jurisdiction')?.toLowerCase();
        const session = q.get('session');
        const identifiers = q.getAll('identifier');
        const perPage = Number(q.get('per_page') ?? 10);
        const page = Number(q.get('page') ?? 1);
        if (session && !jurisdiction)
          return send(400, { detail: 'filtering by session requires a jurisdiction parameter as well' });
        if (identifiers.length > 20)
          return send(400, { detail: 'can only provide up to 20 identifiers in one request' });
        if (!q.get('q') && !jurisdiction)
          return send(400, { detail: "either 'jurisdiction' or 'q' required" });
        if (perPage < 1 || perPage > 20) return send(400, { detail: 'invalid per_page, must be in [1, 20]' });
        const since = q.get('updated_since');
        const text = q.get('q') ?? '';
        // As the API: a q that looks like a bill id ("HB 149") matches the identifier; other text is a
        // full-text search (here: every word in the title).
        const asId = /^\w{1,3}\s*\d{1,5}/.test(text) ? fix(text) : undefined;
        const words = asId ? [] : text.toLowerCase().split(/\s+/).filter(Boolean);
        const wanted = new Set(identifiers.map(fix));
        let found = [...bills.values()].filter(
          (b) =>
            (!jurisdiction ||
              b.jurisdiction === jurisdiction ||
              STATE_NAMES[b.jurisdiction]?.toLowerCase() === jurisdiction) &&
            (!session || b.session === session) &&
            (wanted.size === 0 || wanted.has(fix(b.identifier))) &&
            (!asId || fix(b.identifier) === asId) &&
            (!since || b.updated_at >= since) &&
            words.every((w) => b.title.toLowerCase().includes(w)),
        );
        const sort = q.get('sort') ?? 'updated_desc';
        found = found.sort((a, b) =>
          sort === 'latest_action_desc'
            ? (b.actions.at(-1)?.date ?? '').localeCompare(a.actions.at(-1)?.date ?? '')
            : b.updated_at.localeCompare(a.updated_at),
        );
        const cut = pageByNumber(found, page, perPage);
        if (!cut)
          return send(404, {
            detail: `invalid page, must be in [1, ${Math.max(1, Math.ceil(found.length / perPage))}]`,
          });
        return send(200, {
          results: cut.items.map((b) => render(b, include, takeBroken())),
          pagination: { per_page: perPage, page, max_page: cut.maxPage, total_items: found.length },
        });
      }
      const byId = /^\/bills\/(ocd-bill\/[0-9a-f-]{36})$/.exec(url.pathname);
      if (byId) {
        const bill = bills.get(byId[1] ?? '');
        return bill ? send(200, render(bill, include, takeBroken())) : send(404, { detail: 'No such Bill.' });
      }
      const jur = /^\/jurisdictions\/([a-z]{2})$/.exec(url.pathname);
      if (jur) {
        const j = jur[1] ?? '';
        const body: Record<string, unknown> = {
          ...jurisdictionOf(j),
          division_id: `ocd-division/country:us/state:${j}`,
          url: `https://${j}.gov`,
          latest_bill_update: '2026-11-28T00:00:00',
          latest_people_update: '2026-11-28T00:00:00',
        };
        if (include.includes('legislative_sessions'))
          body.legislative_sessions = (fake.sessions[j] ?? []).map((s) => ({
            ...s,
            classification: 'primary',
          }));
        return send(200, body);
      }
      return send(404, { detail: 'Not Found' });
    },
  });

  const fake: FakeOpenStates = Object.assign(api, {
    bills,
    sessions: {} as FakeOpenStates['sessions'],
    addBill(input: FakeOsBillInput, id = `ocd-bill/${randomUUID()}`) {
      bills.set(id, {
        ...input,
        id,
        actions: [],
        created_at: '2025-01-01T00:00:00',
        updated_at: '2025-01-01T00:00:00',
      });
      return id;
    },
    act(id: string, action: FakeOsAction, updatedAt?: string) {
      const bill = bills.get(id);
      if (!bill) throw new Error(`fake-openstates: no bill ${id}`);
      bill.actions.push({ ...action, order: bill.actions.length + 1 });
      bill.updated_at = updatedAt ?? `${action.date}T12:00:00`;
    },
    renumber(id: string, identifier: string, updatedAt: string) {
      const bill = bills.get(id);
      if (!bill) throw new Error(`fake-openstates: no bill ${id}`);
      bill.otherIdentifiers = [...(bill.otherIdentifiers ?? []), bill.identifier];
      bill.identifier = identifier;
      bill.updated_at = updatedAt;
    },
  });
  return fake;
}
