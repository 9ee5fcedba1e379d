import { z } from 'zod';
import type { ApiHttp } from './api-http.js';

/**
 * Congress.gov API v3 (https://api.congress.gov/v3; LibraryOfCongress/api.congress.gov,
 * `Documentation/BillEndpoint.md` and `swagger.yaml`). JSON with `format=json`; lists page with `limit`
 * (at most 250) and `offset`; 5,000 requests an hour per key. Only what tracking reads is declared.
 */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected YYYY-MM-DD' });

export const CgLatestAction = z.object({ actionDate: Day, text: z.string() });

export const CgBill = z.object({
  congress: z.number().int(),
  type: z.string(),
  number: z.string(),
  title: z.string(),
  originChamber: z.string().optional(),
  introducedDate: Day.optional(),
  updateDate: z.string(),
  latestAction: CgLatestAction.optional(),
  laws: z.array(z.object({ number: z.string(), type: z.string() })).optional(),
});
export type CgBill = z.infer<typeof CgBill>;

export const CgBillResponse = z.object({ bill: CgBill });

export const CgAction = z.object({
  actionCode: z.string().optional(),
  actionDate: Day,
  text: z.string(),
  type: z.string().optional(),
  sourceSystem: z.object({ code: z.number().int().optional(), name: z.string() }).optional(),
});
export type CgAction = z.infer<typeof CgAction>;

export const CgPagination = z.object({ count: z.number().int(), next: z.string().optional() });

export const CgActionsResponse = z.object({ actions: z.array(CgAction), pagination: CgPagination });

/** A bill as the list endpoint (`GET /bill/{congress}`) gives it; titles may be empty for new bills. */
export const CgBillListItem = z.object({
  congress: z.number().int(),
  type: z.string(),
  number: z.string(),
  title: z.string(),
  latestAction: CgLatestAction.optional(),
  updateDate: z.string(),
});
export type CgBillListItem = z.infer<typeof CgBillListItem>;

export const CgBillList = z.object({ bills: z.array(CgBillListItem), pagination: CgPagination });

export const CONGRESS_PAGE_SIZE = 250;
const MAX_PAGES = 10;

export interface CongressClient {
  bill(congress: number, type: string, number: number): Promise<CgBill>;
  /** Every action, newest first as the API lists them; all pages. */
  actions(congress: number, type: string, number: number): Promise<CgAction[]>;
  /**
   * The Congress's bills, latest action first, up to `count` (250 a request). The API has no keyword
   * search, so discovery reads this list and matches titles itself.
   */
  recentBills(congress: number, count: number): Promise<CgBillListItem[]>;
}

export function createCongressClient(http: ApiHttp): CongressClient {
  return {
    async bill(congress, type, number) {
      const res = await http.getJson(
        `/bill/${congress}/${type}/${number}`,
        { format: 'json' },
        CgBillResponse,
      );
      return res.bill;
    },
    async actions(congress, type, number) {
      const all: CgAction[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await http.getJson(
          `/bill/${congress}/${type}/${number}/actions`,
          { format: 'json', limit: String(CONGRESS_PAGE_SIZE), offset: String(page * CONGRESS_PAGE_SIZE) },
          CgActionsResponse,
        );
        all.push(...res.actions);
        if (all.length >= res.pagination.count || res.actions.length === 0) break;
      }
      return all;
    },
    async recentBills(congress, count) {
      const all: CgBillListItem[] = [];
      for (let offset = 0; offset < count; offset += CONGRESS_PAGE_SIZE) {
        const res = await http.getJson(
          `/bill/${congress}`,
          {
            format: 'json',
            limit: String(Math.min(CONGRESS_PAGE_SIZE, count - offset)),
            offset: String(offset),
          },
          CgBillList,
        );
        all.push(...res.bills);
        if (!res.pagination.next || res.bills.length === 0) break;
      }
      return all;
    },
  };
}
