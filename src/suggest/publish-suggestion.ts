import { PublishError } from './publish.js';
import { checkDraft } from './draft-entry.js';
import { type Draft, Suggestion } from './suggestion.js';
import { type SuggestionRecords, SuggestionRefused, type SuggestionsDeps } from './suggestion-records.js';

/**
 * Publishing a drafted suggestion through the publisher, one process at a time per suggestion, and finishing at
 * start-up what a stopped process left half done.
 */
export function createPublishing(deps: SuggestionsDeps, records: SuggestionRecords) {
  const { store } = deps;
  const { today, now, save, mustGet, mustBeOpen } = records;
  const lockTtlMs = deps.lockTtlMs ?? 5 * 60_000;

  async function publish(guildId: string, id: string, curator: string, note?: string) {
    const s = await mustGet(guildId, id);
    mustBeOpen(s);
    if (!s.draft)
      throw new SuggestionRefused('Accept the suggestion first: there is nothing to publish yet.');
    const { library } = deps.knowledge();
    const problems = s.status === 'publishing' ? [] : checkDraft(s.draft, library, today());
    if (problems.length) {
      await save({ ...s, draft: { ...s.draft, problems } });
      throw new SuggestionRefused(
        `The draft does not pass kb check yet; edit it and publish again:\n${problems.map((p) => `• ${p}`).join('\n')}`,
      );
    }
    if (!(await store.claim(`suggest:lock:${guildId}:${id}`, { by: curator, at: now() }, lockTtlMs)))
      throw new SuggestionRefused(
        `Suggestion \`${id}\` is being published right now; look again in a minute.`,
      );
    try {
      const draft = { ...s.draft, ...(note ? { note } : {}) };
      // Recorded before the effect: a process stopped after publishing but before the outcome below is
      // resumed at start-up, and the idempotent publisher finds its own work instead of repeating it.
      const started = await save({ ...s, status: 'publishing', draft, decidedBy: curator, decidedAt: now() });
      return await finishPublishing(started, curator);
    } finally {
      await store.delete(`suggest:lock:${guildId}:${id}`);
    }
  }

  async function finishPublishing(s: Suggestion, curator: string): Promise<Suggestion> {
    const draft = s.draft as Draft;
    try {
      const result = await deps.publisher.publish({
        kind: draft.kind,
        entryId: draft.entryId,
        path: draft.path,
        text: draft.text,
        baseHash: draft.baseHash,
        suggestionId: s.id,
        url: s.url,
        memberNote: s.note,
        curator,
        curatorNote: draft.note,
      });
      const where =
        result.mode === 'github'
          ? `proposed as a pull request: ${result.url ?? ''}`
          : `${draft.kind === 'new' ? 'published as' : 'added as a source of'} ${draft.entryId} (${result.path})`;
      const done = await save({
        ...withoutProblem(s),
        status: 'published',
        outcome: where,
        published: {
          mode: result.mode,
          path: result.path,
          at: now(),
          by: curator,
          ...(result.url ? { url: result.url } : {}),
          ...(result.branch ? { branch: result.branch } : {}),
        },
      });
      await store.set(`suggest:change:${s.guildId}:${s.id}`, {
        suggestionId: s.id,
        entryId: draft.entryId,
        path: result.path,
        mode: result.mode,
        by: curator,
        at: now(),
        url: result.url,
      });
      deps.logger?.info(
        { suggestionId: s.id, entryId: draft.entryId, mode: result.mode, already: result.already },
        'suggestion published',
      );
      return done;
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      await save({ ...s, status: 'drafted', problem: error.message });
      deps.logger?.warn({ suggestionId: s.id, reason: error.message }, 'suggestion not published');
      throw new SuggestionRefused(`Not published: ${error.message}. The suggestion stays in the inbox.`);
    }
  }

  async function resumePublishing(): Promise<Suggestion[]> {
    const done: Suggestion[] = [];
    for (const { value } of await store.list('suggest:item:')) {
      const parsed = Suggestion.safeParse(value);
      if (!parsed.success || parsed.data.status !== 'publishing') continue;
      const s = parsed.data;
      if (!(await store.claim(`suggest:lock:${s.guildId}:${s.id}`, { by: 'resume', at: now() }, lockTtlMs)))
        continue;
      try {
        done.push(await finishPublishing(s, s.decidedBy ?? 'unknown'));
      } catch (error) {
        deps.logger?.warn({ suggestionId: s.id, err: error }, 'resuming a publication failed');
      } finally {
        await store.delete(`suggest:lock:${s.guildId}:${s.id}`);
      }
    }
    return done;
  }

  return { publish, resumePublishing };
}

function withoutProblem(s: Suggestion): Suggestion {
  const { problem: _problem, ...rest } = s;
  return rest;
}
