import { z } from 'zod';
import { DocType, TrackingRef } from '../kb/schema.js';

/**
 * A member's suggestion as kept in the store (`suggest:item:<guild>:<id>`), from submission to outcome.
 * Nothing here is served to members as knowledge: a draft becomes an entry only when it is published.
 */
export const SUGGESTION_STATUSES = [
  /** Waiting in the curators' inbox (possibly with `problem`: why the last attempt failed). */
  'open',
  /** Accepted: a draft entry exists; still in the inbox until published. */
  'drafted',
  /** Publishing has started; a restart resumes it (publishing is idempotent). */
  'publishing',
  /** Written under knowledge/ (files) or proposed as a pull request (github). */
  'published',
  'rejected',
  'duplicate',
] as const;
export const SuggestionStatus = z.enum(SUGGESTION_STATUSES);
export type SuggestionStatus = z.infer<typeof SuggestionStatus>;

export const PageFacts = z.object({
  title: z.string().optional(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  description: z.string().optional(),
});

/**
 * A bill suggested from official data (/bill search): what Open States or Congress.gov said of it, so the
 * curator's draft names its place and carries the `tracking:` reference that follows it.
 */
export const SuggestedBill = z.object({
  source: z.enum(['openstates', 'congress']),
  /** "TX HB 149 (89R)", "H.R. 4695 (119th Congress)". */
  label: z.string(),
  identifier: z.string(),
  title: z.string(),
  /** The knowledge base's place code: "US-TX", "US". */
  jurisdiction: z.string(),
  session: z.string(),
  tracking: TrackingRef,
});
export type SuggestedBill = z.infer<typeof SuggestedBill>;

/** A draft entry: the whole Markdown file it would publish, and where. */
export const Draft = z.object({
  /** new: a new entry; merge: the link added as a source of an existing entry. */
  kind: z.enum(['new', 'merge']),
  entryId: z.string(),
  /** Path under the knowledge folder, e.g. "reports/new-study.md". */
  path: z.string(),
  text: z.string(),
  /** For a merge: a hash of the entry's file when the draft was made, to notice it changed meanwhile. */
  baseHash: z.string().optional(),
  /** What `kb check` says about the draft ("field: expected …"); publishing needs none. */
  problems: z.array(z.string()),
  note: z.string().optional(),
});
export type Draft = z.infer<typeof Draft>;

export const Suggestion = z.object({
  id: z.string(),
  guildId: z.string(),
  userId: z.string(),
  userName: z.string().optional(),
  url: z.string(),
  normalizedUrl: z.string(),
  type: DocType,
  note: z.string(),
  /** The entry the member says this updates. */
  updates: z.string().optional(),
  fromMessage: z.object({ channelId: z.string(), messageId: z.string() }).optional(),
  /** Set when the suggestion came from /bill search: the bill as official data gives it. */
  bill: SuggestedBill.optional(),
  createdAt: z.string(),
  status: SuggestionStatus,
  /** Why the last step failed (unreachable page, schema, GitHub refused): shown in the inbox. */
  problem: z.string().optional(),
  /** The outcome in words: the rejection reason, the entry it duplicates, where it was published. */
  outcome: z.string().optional(),
  page: PageFacts.optional(),
  pageProblem: z.string().optional(),
  draft: Draft.optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  published: z
    .object({
      mode: z.enum(['files', 'github']),
      path: z.string(),
      at: z.string(),
      by: z.string(),
      url: z.string().optional(),
      branch: z.string().optional(),
    })
    .optional(),
  /** The member's interaction, for an ephemeral follow-up while its token lives (15 minutes). */
  reply: z.object({ applicationId: z.string(), token: z.string(), at: z.string() }).optional(),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const suggestionKey = (guildId: string, id: string) => `suggest:item:${guildId}:${id}`;
export const suggestionPrefix = (guildId: string) => `suggest:item:${guildId}:`;

/** Statuses that keep a suggestion in the curators' inbox. */
export const IN_INBOX: readonly SuggestionStatus[] = ['open', 'drafted', 'publishing'];
