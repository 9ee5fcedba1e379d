import { z } from 'zod';
import type { ApiHttp } from './api-http.js';

/**
 * Open States API v3 (https://v3.openstates.org, described by its OpenAPI document and the pydantic models
 * in openstates/api-v3 `api/schemas.py`). Responses omit null fields (`response_model_exclude_none`), so
 * everything the models mark Optional is optional here; unknown fields are ignored. Only what tracking
 * reads is declared. Limits: `per_page` at most 20, at most 20 `identifier`s a request, and the key's tier
 * (the default tier allows 10 requests a minute and 250 a day).
 */
const DatePrefix = z.string().regex(/^\d{4}-\d{2}-\d{2}/, { error: 'expected a date starting YYYY-MM-DD' });

export const OsOrganization = z.object({ id: z.string(), name: z.string(), classification: z.string() });

export const OsAction = z.object({
  organization: OsOrganization,
  description: z.string(),
  date: DatePrefix,
  classification: z.array(z.string()),
  order: z.number().int(),
});
export type OsAction = z.infer<typeof OsAction>;

export const OsBill = z.object({
  id: z.string().startsWith('ocd-bill/'),
  session: z.string(),
  jurisdiction: z.object({ id: z.string(), name: z.string(), classification: z.string() }),
  from_organization: OsOrganization,
  identifier: z.string(),
  title: z.string(),
  classification: z.array(z.string()).optional(),
  updated_at: z.string(),
  openstates_url: z.string(),
  first_action_date: z.string().nullish(),
  latest_action_date: z.string().nullish(),
  latest_action_description: z.string().nullish(),
  actions: z.array(OsAction).optional(),
  /** Former or alternate identifiers (a renumbered bill's old number), with `include=other_identifiers`. */
  other_identifiers: z.array(z.object({ identifier: z.string() })).optional(),
});
export type OsBill = z.infer<typeof OsBill>;

export const OsPagination = z.object({
  per_page: z.number().int(),
  page: z.number().int(),
  max_page: z.number().int(),
  total_items: z.number().int(),
});

export const OsBillList = z.object({ results: z.array(OsBill), pagination: OsPagination });

export const OsSession = z.object({
  identifier: z.string(),
  name: z.string(),
  classification: z.string(),
  start_date: z.string(),
  end_date: z.string(),
});
export type OsSession = z.infer<typeof OsSession>;

export const OsJurisdiction = z.object({
  id: z.string(),
  name: z.string(),
  classification: z.string(),
  legislative_sessions: z.array(OsSession).optional(),
});

export const OPENSTATES_PAGE_SIZE = 20;
/** The API refuses more than this many `identifier` filters in one request. */
export const OPENSTATES_MAX_IDENTIFIERS = 20;
const MAX_PAGES = 10;

export interface OpenStatesClient {
  /** Bills of one session by identifier (at most 20), with their actions; all pages. */
  billsByIdentifier(
    jurisdiction: string,
    session: string,
    identifiers: readonly string[],
    options?: { updatedSince?: string },
  ): Promise<OsBill[]>;
  /** One bill by its `ocd-bill/<uuid>` id, with its actions and former identifiers. */
  billById(id: string): Promise<OsBill>;
  /** A jurisdiction's legislative sessions (their start and end dates say when a bill died). */
  sessions(jurisdiction: string): Promise<OsSession[]>;
  /** Full-text search (20 bills, the most a page holds), latest action first; the first page only. */
  search(q: string, jurisdiction?: string): Promise<{ bills: OsBill[]; total: number }>;
}

export function createOpenStatesClient(http: ApiHttp): OpenStatesClient {
  return {
    async billsByIdentifier(jurisdiction, session, identifiers, options = {}) {
      if (identifiers.length > OPENSTATES_MAX_IDENTIFIERS)
        throw new Error(`openstates: at most ${OPENSTATES_MAX_IDENTIFIERS} identifiers a request`);
      const bills: OsBill[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const list = await http.getJson(
          '/bills',
          {
            jurisdiction,
            session,
            identifier: [...identifiers],
            include: 'actions',
            updated_since: options.updatedSince,
            sort: 'updated_desc',
            per_page: String(OPENSTATES_PAGE_SIZE),
            page: String(page),
          },
          OsBillList,
        );
        bills.push(...list.results);
        if (page >= list.pagination.max_page) break;
      }
      return bills;
    },
    billById(id) {
      return http.getJson(`/bills/${id}`, { include: ['actions', 'other_identifiers'] }, OsBill);
    },
    async sessions(jurisdiction) {
      const j = await http.getJson(
        `/jurisdictions/${jurisdiction}`,
        { include: 'legislative_sessions' },
        OsJurisdiction,
      );
      return j.legislative_sessions ?? [];
    },
    async search(q, jurisdiction) {
      const list = await http.getJson(
        '/bills',
        {
          q,
          jurisdiction,
          sort: 'latest_action_desc',
          per_page: String(OPENSTATES_PAGE_SIZE),
          page: '1',
        },
        OsBillList,
      );
      return { bills: list.results, total: list.pagination.total_items };
    },
  };
}
