/**
 * How an accepted entry leaves the bot: written under the knowledge folder (`files`) or proposed as a pull
 * request on the coalition's knowledge repository (`github`). Chosen by PUBLISH_MODE.
 *
 * A publisher must be idempotent: the same change published twice (a curator pressing again, or a process
 * restarted between publishing and recording it) leaves one file, one branch, one pull request.
 */
export interface Publisher {
  readonly mode: 'files' | 'github';
  publish(change: EntryChange): Promise<PublishResult>;
}

export interface EntryChange {
  kind: 'new' | 'merge';
  entryId: string;
  /** Path under the knowledge folder, e.g. "reports/new-study.md". */
  path: string;
  /** The whole file to write. */
  text: string;
  /** For a merge: the hash of the file the draft was made from; a different file now is a conflict. */
  baseHash?: string | undefined;
  suggestionId: string;
  /** The member's link and words, and the curator's note, for the pull request's description. */
  url: string;
  memberNote: string;
  curator: string;
  curatorNote?: string | undefined;
}

export interface PublishResult {
  mode: 'files' | 'github';
  path: string;
  /** The pull request (github). */
  url?: string | undefined;
  branch?: string | undefined;
  /** True when this call found the change already published and did nothing new. */
  already: boolean;
  /** Files mode: what the reload served afterwards. */
  reload?: { version: string; problems: string[] } | undefined;
}

/** A refusal a curator can act on (conflict, token, permissions); the suggestion stays in the inbox with it. */
export class PublishError extends Error {
  override name = 'PublishError';
}
