import { distance } from 'fastest-levenshtein';
import { CORE_SCHEMA, load } from 'js-yaml';
import { type Document, isAlias, isMap, isNode, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { DOC_TYPES, type DocType, type FrontMatter, knownKeys, SCHEMAS } from './schema.js';

/** One thing wrong with a knowledge file, located as precisely as the file allows. */
export interface Problem {
  path: string;
  line?: number;
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.path : `${p.path}:${p.line}`;
  return p.field ? `${where}: ${p.field}: ${p.message}` : `${where}: ${p.message}`;
}

/**
 * A parsed file. When the front matter is a YAML mapping but fails the schema, `raw` and `lines` still
 * carry what it says, so cross-file checks (ids, aliases, related) can report in the same round.
 */
export type ParsedEntry =
  | { ok: true; data: FrontMatter; body: string; lines: KeyLines }
  | { ok: false; problems: Problem[]; raw?: Record<string, unknown>; lines?: KeyLines };

/** Line of each top-level front-matter key (1-based, in the file), for cross-file problems. */
export type KeyLines = Record<string, number>;

const FENCE = /^---[ \t]*$/;

/**
 * Splits a Markdown file into YAML front matter and body, then validates the front matter against the
 * schema for its `type`. Every problem is reported with the file line of the offending key.
 */
export function parseEntry(path: string, source: string): ParsedEntry {
  // The loader's contract is "never throws for bad content": whatever a parser throws is this file's problem.
  try {
    return parseEntryText(path, source);
  } catch (error) {
    return fail({ path, line: 1, message: `could not be read: ${(error as Error)?.message ?? error}` });
  }
}

function parseEntryText(path: string, source: string): ParsedEntry {
  const text = source.replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    return fail({
      path,
      line: 1,
      message: 'expected the file to start with a "---" line opening the front matter',
    });
  }
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (close < 0) {
    return fail({ path, line: 1, message: 'front matter is not closed: add a "---" line after it' });
  }
  const yamlText = lines.slice(1, close).join('\n');
  const body = lines
    .slice(close + 1)
    .join('\n')
    .trim();

  // Anchors and aliases are refused before any parser expands them: the format never needs them, and a
  // few lines of aliases expand to billions of nodes (an "alias bomb").
  const aliases = findAnchorsAndAliases(yamlText);
  if (aliases.length > 0) return { ok: false, problems: aliases.map((p) => ({ path, ...p })) };

  // Fast path: js-yaml is ten times quicker than a positioned parse, and almost every file is valid.
  // CORE_SCHEMA keeps dates as strings. Anything wrong is parsed again with positions to say where.
  const fast = quickParse(yamlText);
  if (fast) {
    const result = SCHEMAS[fast.type].safeParse(fast.raw);
    if (result.success) {
      const keyLines: KeyLines = {};
      lines.slice(1, close).forEach((line, i) => {
        const key = /^([A-Za-z_][\w-]*)\s*:/.exec(line)?.[1];
        if (key && keyLines[key] === undefined) keyLines[key] = i + 2;
      });
      return { ok: true, data: result.data as FrontMatter, body, lines: keyLines };
    }
  }
  return locateProblems(path, yamlText, body);
}

function quickParse(yamlText: string): { raw: Record<string, unknown>; type: DocType } | undefined {
  try {
    const raw = load(yamlText, { schema: CORE_SCHEMA });
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const type = (raw as Record<string, unknown>).type;
    return DOC_TYPES.includes(type as DocType)
      ? { raw: raw as Record<string, unknown>, type: type as DocType }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The slow path: a positioned parse, so every problem names the line of its key. */
function locateProblems(path: string, yamlText: string, body: string): ParsedEntry {
  // The YAML starts on file line 2, so every position below is shifted by one.
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number) => counter.linePos(offset).line + 1;

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path,
        line: lineAt(e.pos[0]),
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  if (!isMap(doc.contents)) {
    return fail({ path, line: 2, message: 'front matter must be a mapping of keys to values' });
  }
  const keyLines: KeyLines = {};
  for (const pair of doc.contents.items) {
    const key = (pair.key as { value?: unknown; range?: [number, number, number] } | null) ?? null;
    if (key && typeof key.value === 'string' && key.range) keyLines[key.value] = lineAt(key.range[0]);
  }

  const raw = doc.toJS() as Record<string, unknown>;
  const type = raw.type;
  if (!DOC_TYPES.includes(type as DocType)) {
    return {
      ok: false,
      raw,
      lines: keyLines,
      problems: [
        {
          path,
          line: keyLines.type ?? 2,
          field: 'type',
          message:
            type === undefined
              ? `required: one of ${DOC_TYPES.join(', ')}`
              : `expected one of ${DOC_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
        },
      ],
    };
  }
  const schema = SCHEMAS[type as DocType];
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    return {
      ok: false,
      raw,
      lines: keyLines,
      problems: result.error.issues.flatMap((issue) =>
        describeIssue(path, issue, doc, lineAt, type as DocType),
      ),
    };
  }
  return { ok: true, data: result.data as FrontMatter, body, lines: keyLines };
}

/** Cheap pre-check: an anchor or alias indicator after a space, a flow bracket, a dash or at a line start. */
const MAYBE_ANCHOR = /(?:^|[\s[{,:-])[&*][^\s,[\]{}]/m;

/**
 * Anchors (`&a`) and aliases (`*a`) in the front matter, each at its file line. Only a positioned parse
 * (which never expands aliases) tells them from an asterisk in plain text such as `*important*`.
 */
function findAnchorsAndAliases(yamlText: string): Omit<Problem, 'path'>[] {
  if (!MAYBE_ANCHOR.test(yamlText)) return [];
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const found: Omit<Problem, 'path'>[] = [];
  const lineAt = (offset: number) => counter.linePos(offset).line + 1;
  visit(doc, (_key, node) => {
    if (found.length >= 5) return visit.BREAK;
    if (isAlias(node) && node.range)
      found.push({
        line: lineAt(node.range[0]),
        message: `YAML alias *${node.source} is not allowed: write the value out (aliases can expand a few lines into billions of values)`,
      });
    else if (isNode(node) && node.anchor && node.range)
      found.push({
        line: lineAt(node.range[0]),
        message: `YAML anchor &${node.anchor} is not allowed: knowledge files do not use anchors or aliases`,
      });
    return undefined;
  });
  return found;
}

function fail(problem: Problem): ParsedEntry {
  return { ok: false, problems: [problem] };
}

function describeIssue(
  path: string,
  issue: z.core.$ZodIssue,
  doc: Document,
  lineAt: (offset: number) => number,
  type: DocType,
): Problem[] {
  const segments = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const locate = (segs: (string | number)[]) => {
    // Walk up until a node exists: a missing key is reported at its parent's line.
    for (let n = segs.length; n >= 0; n--) {
      const node = doc.getIn(segs.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineAt(node.range[0]);
    }
    return 2;
  };
  if (issue.code === 'unrecognized_keys') {
    const known = segments.length === 0 ? knownKeys(type) : [];
    return issue.keys.map((key) => {
      const hint = closest(key, known);
      const keyNode = keyNodeLine(doc, segments, key, lineAt);
      return {
        path,
        line: keyNode ?? locate(segments),
        field: fieldName([...segments, key]),
        message: `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}`,
      };
    });
  }
  const field = fieldName(segments);
  return [{ path, line: locate(segments), ...(field ? { field } : {}), message: issueMessage(issue) }];
}

function keyNodeLine(
  doc: Document,
  parent: (string | number)[],
  key: string,
  lineAt: (offset: number) => number,
): number | undefined {
  const map = parent.length === 0 ? doc.contents : doc.getIn(parent, true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const k = pair.key as { value?: unknown; range?: [number, number, number] } | null;
    if (k?.value === key && k.range) return lineAt(k.range[0]);
  }
  return undefined;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}${got}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const shown =
        values.length > 12
          ? `${values.slice(0, 8).join(', ')}, … (${values.length} in all)`
          : values.join(', ');
      return `expected one of ${shown}${got}`;
    }
    default:
      return issue.message;
  }
}

function fieldName(segments: (string | number)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The candidate nearest to `word` by edit distance, when near enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
