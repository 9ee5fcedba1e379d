import { createCuratorDecisions, type DraftFields } from './curator-decisions.js';
import { createPublishing } from './publish-suggestion.js';
import { createSubmission, type SubmitInput, type SubmitOutcome } from './submit-suggestion.js';
import type { Suggestion } from './suggestion.js';
import { createSuggestionRecords, type SuggestionsDeps } from './suggestion-records.js';

export type { DraftFields } from './curator-decisions.js';
export type { SubmitInput, SubmitOutcome } from './submit-suggestion.js';
export { SuggestionRefused } from './suggestion-records.js';
export type { SuggestSettings, SuggestionsDeps } from './suggestion-records.js';

/**
 * Everything the suggestion commands do, in one object: members submit (submit-suggestion.ts), curators decide
 * (curator-decisions.ts), and drafts are published or resumed (publish-suggestion.ts), all over the same
 * stored records (suggestion-records.ts).
 */
export interface Suggestions {
  readonly publishMode: 'files' | 'github';
  submit(input: SubmitInput): Promise<SubmitOutcome>;
  /** One member's suggestions in a server, newest first. */
  mine(guildId: string, userId: string): Promise<Suggestion[]>;
  /** What curators still have to decide, oldest first. */
  inbox(guildId: string): Promise<Suggestion[]>;
  /**
   * The suggestions a new one for the same link would duplicate (every one but the rejected), by their
   * normalised link: what /bill search marks instead of offering to suggest a bill again.
   */
  byLink(guildId: string): Promise<Map<string, Suggestion>>;
  get(guildId: string, id: string): Promise<Suggestion | undefined>;
  reject(guildId: string, id: string, curator: string, reason: string): Promise<Suggestion>;
  markDuplicate(guildId: string, id: string, curator: string, of: string): Promise<Suggestion>;
  /** Accept → a draft of a new entry (or, when the member named one, the link added to that entry). */
  accept(guildId: string, id: string, curator: string): Promise<Suggestion>;
  /** A draft adding the link as a source of an existing entry. */
  merge(guildId: string, id: string, curator: string, entry: string): Promise<Suggestion>;
  editDraft(guildId: string, id: string, curator: string, fields: DraftFields): Promise<Suggestion>;
  /** The draft's editable fields, as the edit modal shows them. */
  draftFields(suggestion: Suggestion): DraftFields;
  publish(guildId: string, id: string, curator: string, note?: string): Promise<Suggestion>;
  /** Finishes publishing that a stopped process left half done (at start-up). */
  resumePublishing(): Promise<Suggestion[]>;
}

export function createSuggestions(deps: SuggestionsDeps): Suggestions {
  const records = createSuggestionRecords(deps);
  const { submit, mine } = createSubmission(deps, records);
  const { inbox, reject, markDuplicate, accept, merge, editDraft, draftFields } = createCuratorDecisions(
    deps,
    records,
  );
  const { publish, resumePublishing } = createPublishing(deps, records);
  return {
    publishMode: deps.publisher.mode,
    submit,
    mine,
    inbox,
    byLink: async (guildId) => {
      const out = new Map<string, Suggestion>();
      for (const s of await records.all(guildId))
        if (s.status !== 'rejected' && !out.has(s.normalizedUrl)) out.set(s.normalizedUrl, s);
      return out;
    },
    get: records.get,
    reject,
    markDuplicate,
    accept,
    merge,
    editDraft,
    draftFields,
    publish,
    resumePublishing,
  };
}
