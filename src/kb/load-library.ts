import { createHash } from 'node:crypto';
import { basename, join, relative, sep } from 'node:path';
import { BodyStore } from './body-store.js';
import { compactEntry, SharedStrings } from './compact-entry.js';
import { Library } from './library.js';
import { normalizeName } from './normalize.js';
import { closest, type KeyLines, type Problem, parseEntry } from './parse-entry.js';
import { loadPlaces, PLACE_CODE, PLACES_FILE, type Places } from './places.js';
import { visitEntryFiles } from './read-entry-files.js';
import { type Doc, isLawLike } from './schema.js';

export interface LoadReport {
  library: Library;
  /**
   * Every problem found, in one round (per-file and cross-file together), ordered by file and line.
   * An entry with any problem is left out of the library; every other entry is served.
   */
  problems: Problem[];
  /** Number of Markdown files read. */
  files: number;
  /** A fingerprint of each served entry's file by id, so a reload can say which entries changed. */
  fingerprints: Record<string, string>;
}

export interface LoadOptions {
  /** "Today" for the future-date check, YYYY-MM-DD (injected so tests do not depend on the clock). */
  today?: string;
  /**
   * The places laws and bills may name. loadLibrary reads them from the folder's jurisdictions.yml;
   * without them (benchmarks, unit tests) any well-formed code is accepted and shown as the code.
   */
  places?: Places;
  /** Files larger than this are reported, not read (default 256 KB; KNOWLEDGE_MAX_FILE_BYTES). */
  maxFileBytes?: number | undefined;
}

/**
 * Reads every entry under `dir`, validates each file and the references between them, and builds the
 * Library from the entries with no problem. Never throws for bad content: a broken file is a problem in
 * the report, and the rest are still served. Start-up and reload both load through here, so they agree.
 */
export async function loadLibrary(dir: string, options: LoadOptions = {}): Promise<LoadReport> {
  const placesFile = join(dir, PLACES_FILE);
  // Each file is validated as soon as it is read and its text dropped: only the entries are kept.
  const builder = new LibraryBuilder(options);
  const [read, placesRead] = await Promise.all([
    visitEntryFiles(dir, { maxFileBytes: options.maxFileBytes }, (s) => builder.add(s.path, s.text)),
    loadPlaces(placesFile, relative(join(dir, '..'), placesFile).split(sep).join('/')),
  ]);
  const report = builder.finish(options.places ?? placesRead.places);
  const placeProblems = options.places ? [] : placesRead.problems;
  return {
    ...report,
    problems: sortProblems([...read.problems, ...placeProblems, ...report.problems]),
    files: read.files,
  };
}

/** One file as the cross-file checks see it: a valid entry, or what could be read of an invalid one. */
interface Candidate {
  path: string;
  /** The validated entry, when the file passed its own checks. */
  doc?: Doc;
  id: string | undefined;
  aliases: string[];
  related: string[];
  added: string;
  /** A law's or bill's place code, checked against the places table. */
  jurisdiction: string | undefined;
  lines: KeyLines;
  fingerprint: string;
}

/**
 * The pure half of loading: validate file texts and cross-check them, all in one round.
 *
 * The rule, the same at start-up and on reload: every entry with no problem is served; an entry with a
 * problem of its own, or one that takes an id or alias an earlier entry already has, or names an unknown
 * `related` id, is skipped and reported. "Earlier" is by `added` date, then path, so an entry already in
 * the base keeps its alias when a new file claims it, whatever the files are called.
 */
export function buildLibrary(
  sources: { path: string; text: string }[],
  options: LoadOptions = {},
): LoadReport {
  const builder = new LibraryBuilder(options);
  for (const { path, text } of sources) builder.add(path, text);
  return builder.finish(options.places);
}

/** buildLibrary one file at a time (in path order), so a caller need not hold every file's text at once. */
class LibraryBuilder {
  private readonly today: string;
  private readonly problems: Problem[] = [];
  private readonly candidates: Candidate[] = [];
  private readonly hash = createHash('sha256');
  private readonly fileIds = new Set<string>();
  private files = 0;
  private readonly bodies = new BodyStore();
  private readonly shared = new SharedStrings();

  constructor(options: LoadOptions) {
    this.today = options.today ?? new Date().toISOString().slice(0, 10);
  }

  add(path: string, text: string): void {
    const { problems, candidates } = this;
    this.files++;
    this.fileIds.add(basename(path, '.md'));
    this.hash.update(path).update('\0').update(text).update('\0');
    const fingerprint = createHash('sha256').update(path).update('\0').update(text).digest('hex');
    const result = parseEntry(path, text);
    if (!result.ok) {
      problems.push(...result.problems);
      if (result.raw)
        candidates.push({ path, fingerprint, ...fromRaw(result.raw), lines: result.lines ?? {} });
      return;
    }
    // A copy of the front matter: the parser's strings are slices of the file's text, which they would
    // otherwise keep whole for as long as the entry is served. The body goes to the store (see BodyStore).
    // (Copied and added to, not spread: V8 gives each object spread this way a shape of its own.) Its lists
    // are given their exact sizes and its short values shared with the other entries (see compactEntry).
    const copy = compactEntry(Object.assign(structuredClone(result.data), { path }), this.shared);
    const doc = this.bodies.attach(copy, result.body);
    const own = checkEntry(doc, result.lines, this.today);
    const fileId = basename(path, '.md');
    if (doc.id !== fileId) {
      own.push({
        path,
        line: result.lines.id ?? 2,
        field: 'id',
        message: `must equal the file name "${fileId}", got "${doc.id}"`,
      });
    }
    problems.push(...own);
    candidates.push({
      path,
      fingerprint,
      ...(own.length === 0 ? { doc } : {}),
      id: doc.id,
      aliases: doc.aliases,
      related: doc.related,
      added: doc.added,
      jurisdiction: isLawLike(doc) ? doc.jurisdiction : undefined,
      lines: result.lines,
    });
  }

  /** The library of every entry added with no problem, cross-checked against each other and `places`. */
  finish(places: Places | undefined): LoadReport {
    const { problems, candidates, hash } = this;
    // The places' names show in cards and passages, so a change to the table is a new version too.
    if (places) hash.update(JSON.stringify(places.all()));
    const knownIds = new Set(this.fileIds);
    for (const c of candidates) if (c.id) knownIds.add(c.id);
    problems.push(...crossCheck(candidates, knownIds));
    if (places) problems.push(...checkPlaces(candidates, places));

    const failed = new Set(problems.map((p) => p.path));
    const served = candidates.filter((c) => c.doc && !failed.has(c.path));
    const fingerprints: Record<string, string> = {};
    for (const c of served) fingerprints[c.id as string] = c.fingerprint;
    const version = `kb-${hash.digest('hex').slice(0, 10)}`;
    return {
      library: new Library(
        served.map((c) => withPlaceName(c.doc as Doc, places)),
        version,
        places,
      ),
      problems: sortProblems(problems),
      files: this.files,
      fingerprints,
    };
  }
}

/** Laws and bills carry their place's name, so every view shows "Illinois" without the table at hand. */
function withPlaceName(doc: Doc, places: Places | undefined): Doc {
  // Set on the entry itself (made by this load, shared with no one): a copy would read out its body.
  if (isLawLike(doc) && places?.has(doc.jurisdiction)) doc.placeName = places.name(doc.jurisdiction);
  return doc;
}

/** Every law's and bill's place must be listed, valid file or not (so one round reports it). */
function checkPlaces(candidates: Candidate[], places: Places): Problem[] {
  const problems: Problem[] = [];
  for (const c of candidates) {
    if (c.jurisdiction === undefined || places.has(c.jurisdiction) || !PLACE_CODE.test(c.jurisdiction))
      continue;
    const hint = closest(c.jurisdiction, places.codes);
    problems.push({
      path: c.path,
      line: c.lines.jurisdiction ?? 2,
      field: 'jurisdiction',
      message: `unknown jurisdiction "${c.jurisdiction}"${hint ? ` (did you mean "${hint}"?)` : ''}: add a line for it to ${places.file} ("${c.jurisdiction}: Name")`,
    });
  }
  return problems;
}

/** What the cross-file checks can use from front matter that failed the schema. */
function fromRaw(
  raw: Record<string, unknown>,
): Pick<Candidate, 'id' | 'aliases' | 'related' | 'added' | 'jurisdiction'> {
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return {
    id: typeof raw.id === 'string' ? raw.id : undefined,
    aliases: strings(raw.aliases),
    related: strings(raw.related),
    added: typeof raw.added === 'string' ? raw.added : '9999-99-99',
    jurisdiction:
      (raw.type === 'law' || raw.type === 'bill') && typeof raw.jurisdiction === 'string'
        ? raw.jurisdiction
        : undefined,
  };
}

/** Problems in file order, each file's by line, so a curator reads one file's problems together. */
function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (a.p.path < b.p.path ? -1 : a.p.path > b.p.path ? 1 : 0) ||
        (a.p.line ?? 0) - (b.p.line ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}

/** Checks within one entry that the schema cannot express: date order and dates in the future. */
function checkEntry(doc: Doc, lines: KeyLines, today: string): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string): Problem => ({ path: doc.path, line: lines[field] ?? 2, field, message: '' });
  for (const field of ['date', 'added', 'updated'] as const) {
    const value = doc[field];
    if (value && value > today)
      problems.push({ ...at(field), message: `${value} is in the future (today is ${today})` });
  }
  if (doc.updated && doc.updated < doc.added) {
    problems.push({ ...at('updated'), message: `${doc.updated} is before added (${doc.added})` });
  }
  if (isLawLike(doc)) {
    if (doc.status_as_of > today) {
      problems.push({
        ...at('status_as_of'),
        message: `${doc.status_as_of} is in the future (today is ${today})`,
      });
    }
    if (doc.effective && doc.sunset && doc.sunset < doc.effective) {
      problems.push({ ...at('sunset'), message: `${doc.sunset} is before effective (${doc.effective})` });
    }
    if (doc.sunset && doc.sunset < doc.date) {
      problems.push({ ...at('sunset'), message: `${doc.sunset} is before date (${doc.date})` });
    }
    doc.tracking.forEach((ref, i) => {
      const where = `tracking[${i}]`;
      if (ref.source === 'congress' && doc.jurisdiction !== 'US')
        problems.push({
          ...at('tracking'),
          field: where,
          message: `a Congress.gov bill tracks a federal entry, but the jurisdiction is ${doc.jurisdiction}`,
        });
      if (
        ref.source === 'openstates' &&
        !ref.id &&
        !ref.jurisdiction &&
        !/^US-[A-Z]{2}$/.test(doc.jurisdiction)
      )
        problems.push({
          ...at('tracking'),
          field: where,
          message: `jurisdiction: required when the entry's jurisdiction (${doc.jurisdiction}) is not a US state`,
        });
    });
  }
  if (
    doc.type === 'letter' &&
    doc.signatory_count !== undefined &&
    doc.signatory_count < doc.signatories.length
  ) {
    problems.push({
      ...at('signatory_count'),
      message: `${doc.signatory_count} is less than the ${doc.signatories.length} signatories listed`,
    });
  }
  return problems;
}

/**
 * Duplicate ids and aliases, and `related` ids that name no file. Valid entries claim ids and aliases in
 * order of `added`, then path; an entry that finds one taken gets the problem. Invalid files are checked
 * against the valid entries' claims (so their report is complete) but claim nothing themselves.
 */
function crossCheck(candidates: Candidate[], knownIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, Candidate>();
  const names = new Map<string, Candidate>();
  const order = [...candidates].sort(
    (a, b) =>
      Number(!a.doc) - Number(!b.doc) ||
      a.added.localeCompare(b.added) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  for (const c of order) {
    const found: Problem[] = [];
    const first = c.id === undefined ? undefined : byId.get(c.id);
    if (first) {
      found.push({
        path: c.path,
        line: c.lines.id ?? 2,
        field: 'id',
        message: `"${c.id}" is already used by ${first.path}`,
      });
    }
    for (const alias of c.aliases) {
      const owner = names.get(normalizeName(alias));
      if (owner && owner !== c) {
        found.push({
          path: c.path,
          line: c.lines.aliases ?? 2,
          field: 'aliases',
          message: `"${alias}" is already an alias of ${owner.id ?? '?'} (${owner.path})`,
        });
      }
    }
    c.related.forEach((id, i) => {
      if (knownIds.has(id)) return;
      const hint = closest(id, knownIds);
      found.push({
        path: c.path,
        line: c.lines.related ?? 2,
        field: `related[${i}]`,
        message: `no entry has id "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      });
    });
    problems.push(...found);
    // Only an entry that will be served claims its id and aliases: a skipped one blocks nobody.
    if (c.doc && found.length === 0) {
      if (c.id !== undefined) byId.set(c.id, c);
      for (const alias of c.aliases) names.set(normalizeName(alias), c);
    }
  }
  return problems;
}
