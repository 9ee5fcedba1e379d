import { type FakeApi, pageByOffset, startFakeApi } from './fake-api.js';

/**
 * A fake Congress.gov API v3 on loopback, shaped after LibraryOfCongress/api.congress.gov
 * (`Documentation/BillEndpoint.md`, and the sample responses in test/fixtures/tracking/, which the contract
 * test parses with the same schemas as these): `GET /bill/{congress}` (the Congress's bills, latest action
 * first), `GET /bill/{congress}/{type}/{number}` and `…/actions` (newest first), lists paged with `limit`
 * ≤ 250 and `offset`, JSON with `format=json`. A key is required
 * (`X-Api-Key` header or `api_key`, as api.data.gov takes it): 403 `API_KEY_MISSING` / `API_KEY_INVALID`.
 * Scripts move bills along, refuse with 429 or 503, or answer malformed JSON; every request is recorded
 * (the shared plumbing is in fake-api.ts).
 *
 *   const cg = await startFakeCongress({ apiKey: 'k' });
 *   cg.addBill({ congress: 119, type: 'hr', number: 4695, title: 'Facial Recognition Act' });
 *   cg.act('119/hr/4695', { date: '2025-07-23', text: 'Introduced in House', type: 'IntroReferral' });
 */
export interface FakeCgAction {
  date: string;
  text: string;
  type: 'IntroReferral' | 'Committee' | 'Floor' | 'President' | 'BecameLaw' | 'Veto' | 'Calendars';
  actionCode?: string;
  source?: 'House' | 'Senate' | 'Library of Congress';
}

interface FakeCgBill {
  congress: number;
  type: string;
  number: number;
  title: string;
  actions: FakeCgAction[];
  updateDate: string;
}

export interface FakeCongress extends FakeApi {
  readonly bills: Map<string, FakeCgBill>;
  addBill(input: { congress: number; type: string; number: number; title: string }): string;
  act(key: string, action: FakeCgAction, updateDate?: string): void;
}

const SOURCE_CODES = { House: 2, Senate: 0, 'Library of Congress': 9 } as const;

export async function startFakeCongress(options: { apiKey: string }): Promise<FakeCongress> {
  const bills = new Map<string, FakeCgBill>();
  const base = () => api.url;
  const request = (extra: Record<string, string>) => ({
    ...extra,
    contentType: 'application/json',
    format: 'json',
  });
  const listItem = (bill: FakeCgBill) => {
    const last = bill.actions.at(-1);
    return {
      congress: bill.congress,
      ...(last ? { latestAction: { actionDate: last.date, text: last.text } } : {}),
      number: String(bill.number),
      originChamber: bill.type.startsWith('h') ? 'House' : 'Senate',
      originChamberCode: bill.type.startsWith('h') ? 'H' : 'S',
      title: bill.title,
      type: bill.type.toUpperCase(),
      updateDate: bill.updateDate.slice(0, 10),
      url: `${base()}/bill/${bill.congress}/${bill.type}/${bill.number}?format=json`,
    };
  };

  const api = await startFakeApi({
    apiKey: options.apiKey,
    keyHeader: 'x-api-key',
    keyParam: 'api_key',
    refuse: (kind) => ({
      status: 403,
      body: {
        error:
          kind === 'missing'
            ? {
                code: 'API_KEY_MISSING',
                message: 'No api_key was supplied. Get one at https://api.congress.gov/sign-up/',
              }
            : {
                code: 'API_KEY_INVALID',
                message: 'An invalid api_key was supplied. Get one at https://api.congress.gov/sign-up/',
              },
      },
    }),
    downBody: { error: 'Service Unavailable' },
    rateLimitBody: {
      error: { code: 'OVER_RATE_LIMIT', message: 'You have exceeded your rate limit. Try again later.' },
    },
    route({ url, send, takeBroken }) {
      const limit = Math.min(250, Number(url.searchParams.get('limit') ?? 20));
      const offset = Number(url.searchParams.get('offset') ?? 0);
      // The list of a Congress's bills, latest action first (as the API's list is sorted).
      const list = /^\/bill\/(\d+)$/.exec(url.pathname);
      if (list) {
        const all = [...bills.values()]
          .filter((b) => String(b.congress) === list[1])
          .sort((a, b) => (b.actions.at(-1)?.date ?? '').localeCompare(a.actions.at(-1)?.date ?? ''));
        const cut = pageByOffset(all, offset, limit);
        const items = cut.items.map(listItem);
        if (takeBroken()) items.forEach((i) => delete (i as Partial<typeof i>).number);
        return send(200, {
          bills: items,
          pagination: {
            count: all.length,
            ...(cut.nextOffset !== undefined
              ? { next: `${base()}/bill/${list[1]}?offset=${cut.nextOffset}&limit=${limit}&format=json` }
              : {}),
          },
          request: request({ congress: list[1] ?? '' }),
        });
      }
      const m = /^\/bill\/(\d+)\/([a-z]+)\/(\d+)(\/actions)?$/.exec(url.pathname);
      const bill = m ? bills.get(`${m[1]}/${m[2]}/${m[3]}`) : undefined;
      if (!m || !bill) return send(404, { error: `Unknown resource: ${url.pathname}` });
      const ids = request({
        billNumber: String(bill.number),
        billType: bill.type,
        congress: String(bill.congress),
      });
      const self = `${base()}/bill/${bill.congress}/${bill.type}/${bill.number}`;
      const newestFirst = [...bill.actions].reverse();
      const last = newestFirst[0];
      if (!m[4]) {
        const body: Record<string, unknown> = {
          bill: {
            actions: { count: bill.actions.length, url: `${self}/actions?format=json` },
            congress: bill.congress,
            introducedDate: bill.actions[0]?.date,
            latestAction: last ? { actionDate: last.date, text: last.text } : undefined,
            laws: bill.actions.some((a) => a.type === 'BecameLaw')
              ? [{ number: `${bill.congress}-${bill.number}`, type: 'Public Law' }]
              : [],
            number: String(bill.number),
            originChamber: bill.type.startsWith('h') ? 'House' : 'Senate',
            title: bill.title,
            type: bill.type.toUpperCase(),
            updateDate: bill.updateDate,
          },
          request: ids,
        };
        if (takeBroken()) delete (body.bill as Record<string, unknown>).updateDate;
        return send(200, body);
      }
      const cut = pageByOffset(newestFirst, offset, limit);
      const page = cut.items.map((a) => ({
        ...(a.actionCode ? { actionCode: a.actionCode } : {}),
        actionDate: a.date,
        committees: null,
        links: [],
        recordedVotes: [],
        sourceSystem: {
          code: SOURCE_CODES[a.source ?? 'Library of Congress'],
          name: a.source ?? 'Library of Congress',
        },
        text: a.text,
        type: a.type,
      }));
      return send(200, {
        actions: takeBroken() ? page.map(({ actionDate: _d, ...rest }) => rest) : page,
        pagination: {
          count: newestFirst.length,
          ...(cut.nextOffset !== undefined
            ? { next: `${self}/actions?offset=${cut.nextOffset}&limit=${limit}&format=json` }
            : {}),
        },
        request: { ...ids, billUrl: `${self}?format=json` },
      });
    },
  });

  const fake: FakeCongress = Object.assign(api, {
    bills,
    addBill(input: { congress: number; type: string; number: number; title: string }) {
      const key = `${input.congress}/${input.type}/${input.number}`;
      bills.set(key, { ...input, actions: [], updateDate: '2025-01-01T00:00:00Z' });
      return key;
    },
    act(key: string, action: FakeCgAction, updateDate?: string) {
      const bill = bills.get(key);
      if (!bill) throw new Error(`fake-congress: no bill ${key}`);
      bill.actions.push(action);
      bill.updateDate = updateDate ?? `${action.date}T18:00:00Z`;
    },
  });
  return fake;
}
