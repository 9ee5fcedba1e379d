import type { Config } from '../config.js';
import type { Knowledge } from '../knowledge.js';
import type { Store } from '../store/types.js';
import type { PageFetch } from './page-metadata.js';
import type { Publisher } from './publish.js';
import { IN_INBOX, Suggestion, suggestionKey, suggestionPrefix } from './suggestion.js';

export type SuggestSettings = Config['suggest'];

export interface SuggestionsDeps {
  store: Store;
  clock: () => Date;
  /** The knowledge being served (for duplicates, drafts and checks); read per call. */
  knowledge: () => Knowledge;
  /** The knowledge folder, to read an entry's file for a merge. */
  knowledgeDir: string;
  settings: SuggestSettings;
  publisher: Publisher;
  /** How pages are fetched (tests point it at a local server); by default guarded real fetch. */
  fetchPage?: PageFetch | undefined;
  logger?:
    { info(fields: object, message: string): void; warn(fields: object, message: string): void } | undefined;
  /** How long one process holds a suggestion while publishing it; a crashed holder is taken over after. */
  lockTtlMs?: number | undefined;
}

/** A curator's decision went wrong in a way they can act on; the suggestion is unchanged or keeps the reason. */
export class SuggestionRefused extends Error {
  override name = 'SuggestionRefused';
}

/** How suggestions are kept in the store and read back, shared by submission, decisions and publishing. */
export type SuggestionRecords = ReturnType<typeof createSuggestionRecords>;

export function createSuggestionRecords(deps: SuggestionsDeps) {
  const { store } = deps;
  const today = () => deps.clock().toISOString().slice(0, 10);
  const now = () => deps.clock().toISOString();

  async function save(s: Suggestion) {
    await store.set(suggestionKey(s.guildId, s.id), s);
    return s;
  }

  async function all(guildId: string): Promise<Suggestion[]> {
    const out: Suggestion[] = [];
    for (const { value } of await store.list(suggestionPrefix(guildId))) {
      const parsed = Suggestion.safeParse(value);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  async function get(guildId: string, id: string) {
    return store.get(suggestionKey(guildId, id), Suggestion);
  }

  async function mustGet(guildId: string, id: string) {
    const s = await get(guildId, id);
    if (!s) throw new SuggestionRefused(`No suggestion \`${id}\` in this server.`);
    return s;
  }

  function mustBeOpen(s: Suggestion) {
    if (!IN_INBOX.includes(s.status))
      throw new SuggestionRefused(
        `Suggestion \`${s.id}\` was already decided: ${s.status}${s.outcome ? ` (${s.outcome})` : ''}.`,
      );
  }

  async function decide(s: Suggestion, curator: string, change: Partial<Suggestion>) {
    const { problem: _problem, reply, ...rest } = s;
    return save({ ...rest, ...(reply ? { reply } : {}), ...change, decidedBy: curator, decidedAt: now() });
  }

  return { today, now, save, all, get, mustGet, mustBeOpen, decide };
}
