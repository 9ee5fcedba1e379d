import { readFile } from 'node:fs/promises';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Problem } from '../kb/parse-entry.js';
import { loadPlaces, PLACE_CODE, PLACES_FILE, type Places } from '../kb/places.js';
import { DOC_TYPES, type DocType, IsoDate } from '../kb/schema.js';

/**
 * knowledge/policy.yml: how long each kind of entry stays fresh after a curator last checked it against
 * its sources, with per-tag overrides, and the legislative sessions a state bill's status belongs to.
 */

const Days = z.number().int().min(1).max(3650);

/** A state legislature's session: a bill still "proposed" after `end` died with it unless carried over. */
export const Session = z.strictObject({
  name: z.string().trim().min(1),
  start: IsoDate,
  end: IsoDate,
});
export type Session = z.infer<typeof Session>;

export const PolicyFile = z.strictObject({
  /** Days an entry of each type stays fresh after `checked` (laws and bills: `status_as_of` when later). */
  fresh_for_days: z.partialRecord(z.enum(DOC_TYPES), Days).default({}),
  /** Days for entries carrying a tag; when several tags apply, the shortest wins. */
  tags: z.record(z.string().trim().min(1), Days).default({}),
  /** State and local legislative sessions, by jurisdiction code (federal Congresses are known already). */
  sessions: z
    .partialRecord(
      z.string().regex(PLACE_CODE, {
        error: (iss) =>
          `expected a place code from knowledge/${PLACES_FILE} such as US-IL, got ${JSON.stringify(iss.input)}`,
      }),
      z.array(Session),
    )
    .default({}),
});
export type PolicyFile = z.infer<typeof PolicyFile>;

export interface Policy {
  freshForDays: Record<DocType, number>;
  tags: Readonly<Record<string, number>>;
  sessions: Readonly<Partial<Record<string, readonly Session[]>>>;
}

export const DEFAULT_FRESH_FOR_DAYS: Readonly<Record<DocType, number>> = {
  law: 120,
  bill: 120,
  case: 180,
  statement: 365,
  letter: 730,
  report: 730,
  event: 730,
};

export const DEFAULT_POLICY: Policy = {
  freshForDays: { ...DEFAULT_FRESH_FOR_DAYS },
  tags: {},
  sessions: {},
};

export function toPolicy(file: PolicyFile): Policy {
  return {
    freshForDays: { ...DEFAULT_FRESH_FOR_DAYS, ...file.fresh_for_days },
    tags: { ...file.tags },
    sessions: { ...file.sessions },
  };
}

/** How many days `doc` stays fresh: its type's interval, or the shortest of its tags' overrides. */
export function freshForDays(policy: Policy, doc: { type: DocType; tags: readonly string[] }): number {
  const overrides = doc.tags.map((t) => policy.tags[t]).filter((d): d is number => d !== undefined);
  return overrides.length > 0 ? Math.min(...overrides) : policy.freshForDays[doc.type];
}

export type PolicyLoad = { policy: Policy; problems: Problem[] };

/**
 * Parses policy.yml; every problem names the file's line. A policy with problems is not used: the
 * defaults apply and the problems are reported like a broken entry's.
 */
export function parsePolicy(path: string, text: string, places?: Places): PolicyLoad {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number) => counter.linePos(offset).line;
  if (doc.errors.length > 0) {
    return {
      policy: DEFAULT_POLICY,
      problems: doc.errors.map((e) => ({
        path,
        line: lineAt(e.pos[0]),
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return {
      policy: DEFAULT_POLICY,
      problems: [{ path, line: 1, message: 'expected a mapping (fresh_for_days, tags, sessions)' }],
    };
  }
  const result = PolicyFile.safeParse(doc.toJS() ?? {}, { reportInput: true });
  // Sessions name places from the places table (knowledge/jurisdictions.yml), like laws and bills.
  const sessions = doc.get('sessions', true);
  const placeProblems: Problem[] = [];
  if (places && isMap(sessions)) {
    for (const pair of sessions.items) {
      const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      const code = key?.value;
      if (typeof code !== 'string' || !PLACE_CODE.test(code) || places.has(code)) continue;
      placeProblems.push({
        path,
        line: key?.range ? lineAt(key.range[0]) : 1,
        field: `sessions.${code}`,
        message: `unknown jurisdiction "${code}": add a line for it to ${places.file} ("${code}: Name")`,
      });
    }
  }
  if (result.success)
    return placeProblems.length === 0
      ? { policy: toPolicy(result.data), problems: [] }
      : { policy: DEFAULT_POLICY, problems: placeProblems };
  const problems = result.error.issues.map((issue) => {
    const segments = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    let line = 1;
    for (let n = segments.length; n >= 0; n--) {
      const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        line = lineAt(node.range[0]);
        break;
      }
    }
    // An unknown key is reported at the key itself when the parent is a map.
    if (issue.code === 'unrecognized_keys' && issue.keys[0]) {
      const parent = segments.length === 0 ? doc.contents : doc.getIn(segments, true);
      if (isMap(parent)) {
        for (const pair of parent.items) {
          const k = pair.key as { value?: unknown; range?: [number, number, number] } | null;
          if (k?.value === issue.keys[0] && k.range) line = lineAt(k.range[0]);
        }
      }
    }
    const field = segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_type'
          ? issue.input === undefined
            ? `required (${issue.expected})`
            : `expected ${issue.expected}, got ${JSON.stringify(issue.input)}`
          : issue.code === 'too_small' || issue.code === 'too_big'
            ? `expected a whole number of days from 1 to 3650${'input' in issue ? `, got ${JSON.stringify(issue.input)}` : ''}`
            : issue.message;
    return { path, line, ...(field ? { field } : {}), message };
  });
  return {
    policy: DEFAULT_POLICY,
    problems: [...problems, ...placeProblems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** Reads `<dir>/policy.yml`; a missing file means the defaults. */
export async function loadPolicy(dir: string, path = `${dir}/policy.yml`): Promise<PolicyLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { policy: DEFAULT_POLICY, problems: [] };
    throw error;
  }
  const shown = path.split(/[\\/]/).slice(-2).join('/');
  const { places } = await loadPlaces(`${dir}/${PLACES_FILE}`, `${shown.split('/')[0]}/${PLACES_FILE}`);
  return parsePolicy(shown, text, places);
}
