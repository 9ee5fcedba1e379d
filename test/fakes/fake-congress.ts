import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Congress.gov API v3 on loopback, shaped after LibraryOfCongress/api.congress.gov
 * (`Documentation/BillEndpoint.md`, and the sample responses in test/fixtures/tracking/, which the contract
 * test parses with the same schemas as these): `GET /bill/{congress}/{type}/{number}` and
 * `…/actions` (newest first, `limit` ≤ 250 and `offset`), JSON with `format=json`. A key is required
 * (`X-Api-Key` header or `api_key`, as api.data.gov takes it): 403 `API_KEY_MISSING` / `API_KEY_INVALID`.
 * Scripts move bills along, refuse with 429 or 503, or answer malformed JSON; every request is recorded.
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

export interface FakeCongress {
  url: string;
  readonly bills: Map<string, FakeCgBill>;
  readonly requests: { path: string; query: URLSearchParams; status: number }[];
  addBill(input: { congress: number; type: string; number: number; title: string }): string;
  act(key: string, action: FakeCgAction, updateDate?: string): void;
  rateLimit(n: number, retryAfterSeconds?: number): void;
  down: boolean;
  malformed(n: number): void;
  stop(): Promise<void>;
}

const SOURCE_CODES = { House: 2, Senate: 0, 'Library of Congress': 9 } as const;

export async function startFakeCongress(options: { apiKey: string }): Promise<FakeCongress> {
  const bills = new Map<string, FakeCgBill>();
  const requests: FakeCongress['requests'] = [];
  let limited = 0;
  let retryAfter: number | undefined;
  let broken = 0;
  let port = 0;
  const base = () => `http://127.0.0.1:${port}`;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ path: url.pathname, query: url.searchParams, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const key = req.headers['x-api-key'] ?? url.searchParams.get('api_key');
    if (!key)
      return send(403, {
        error: {
          code: 'API_KEY_MISSING',
          message: 'No api_key was supplied. Get one at https://api.congress.gov/sign-up/',
        },
      });
    if (key !== options.apiKey)
      return send(403, {
        error: {
          code: 'API_KEY_INVALID',
          message: 'An invalid api_key was supplied. Get one at https://api.congress.gov/sign-up/',
        },
      });
    if (fake.down) return send(503, { error: 'Service Unavailable' });
    if (limited > 0) {
      limited--;
      return send(
        429,
        {
          error: { code: 'OVER_RATE_LIMIT', message: 'You have exceeded your rate limit. Try again later.' },
        },
        retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
      );
    }
    const m = /^\/bill\/(\d+)\/([a-z]+)\/(\d+)(\/actions)?$/.exec(url.pathname);
    const bill = m ? bills.get(`${m[1]}/${m[2]}/${m[3]}`) : undefined;
    if (!m || !bill) return send(404, { error: `Unknown resource: ${url.pathname}` });
    const request = {
      billNumber: String(bill.number),
      billType: bill.type,
      congress: String(bill.congress),
      contentType: 'application/json',
      format: 'json',
    };
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
        request,
      };
      if (broken > 0) {
        broken--;
        delete (body.bill as Record<string, unknown>).updateDate;
      }
      return send(200, body);
    }
    const limit = Math.min(250, Number(url.searchParams.get('limit') ?? 20));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const page = newestFirst.slice(offset, offset + limit).map((a) => ({
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
    const next =
      offset + limit < newestFirst.length
        ? `${self}/actions?offset=${offset + limit}&limit=${limit}&format=json`
        : undefined;
    return send(200, {
      actions: broken > 0 && broken-- > 0 ? page.map(({ actionDate: _d, ...rest }) => rest) : page,
      pagination: { count: newestFirst.length, ...(next ? { next } : {}) },
      request: { ...request, billUrl: `${self}?format=json` },
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;

  const fake: FakeCongress = {
    url: base(),
    bills,
    requests,
    down: false,
    addBill(input) {
      const key = `${input.congress}/${input.type}/${input.number}`;
      bills.set(key, { ...input, actions: [], updateDate: '2025-01-01T00:00:00Z' });
      return key;
    },
    act(key, action, updateDate) {
      const bill = bills.get(key);
      if (!bill) throw new Error(`fake-congress: no bill ${key}`);
      bill.actions.push(action);
      bill.updateDate = updateDate ?? `${action.date}T18:00:00Z`;
    },
    rateLimit(n, seconds) {
      limited = n;
      retryAfter = seconds;
    },
    malformed(n) {
      broken = n;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  return fake;
}
