import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Problem } from './parse-entry.js';

/** Where the places table lives, relative to the knowledge folder. */
export const PLACES_FILE = 'jurisdictions.yml';

/**
 * A place code: a country or union (`US`, `DE`, `EU`), then a subdivision (`US-IL`), then a locality
 * suffix of our own (`US-CA-SF` is San Francisco, inside `US-CA`).
 */
export const PLACE_CODE = /^[A-Z]{2}(?:-[A-Z0-9]{1,6}){0,2}$/;

export interface Place {
  code: string;
  name: string;
  /** Where a city or county is, in degrees (WGS 84), for markers on maps; states are drawn from their shapes. */
  lat?: number | undefined;
  lon?: number | undefined;
}

/**
 * The jurisdictions a law or bill may name, with the names members see, loaded from
 * `knowledge/jurisdictions.yml` (curators add a row there for a new place; no code changes).
 */
export class Places {
  /** The file the table came from, as shown in messages ("knowledge/jurisdictions.yml"). */
  readonly file: string;
  private readonly names: ReadonlyMap<string, string>;
  private readonly rows: ReadonlyMap<string, Place>;

  constructor(rows: readonly Place[], file = `knowledge/${PLACES_FILE}`) {
    this.file = file;
    this.names = new Map(rows.map((r) => [r.code, r.name]));
    this.rows = new Map(rows.map((r) => [r.code, r]));
  }

  /** A city's or county's coordinates, when the table gives them. */
  coordinates(code: string): { lat: number; lon: number } | undefined {
    const row = this.rows.get(code);
    return row?.lat !== undefined && row.lon !== undefined ? { lat: row.lat, lon: row.lon } : undefined;
  }

  has(code: string): boolean {
    return this.names.has(code);
  }

  /** The place's name, or the code itself when the table does not list it. */
  name(code: string): string {
    return this.names.get(code) ?? code;
  }

  /** Every place, in the file's order. */
  all(): Place[] {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  get codes(): string[] {
    return [...this.names.keys()];
  }
}

/** True when `code` is `parent` or lies inside it (`US-CA-SF` is within `US-CA` and `US`). */
export function isWithin(code: string, parent: string): boolean {
  return code === parent || code.startsWith(`${parent}-`);
}

/**
 * Reads the places table (`CODE: Name` a line), reporting each bad row with `file:line` the way entries
 * are reported. A bad row is left out; the rest are served.
 */
export function parsePlaces(path: string, text: string): { places: Places; problems: Problem[] } {
  const problems: Problem[] = [];
  const counter = new LineCounter();
  // Duplicate codes are reported below, row by row, so one repeated line does not void the whole table.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
  for (const e of doc.errors)
    problems.push({ path, line: lineAt(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}` });
  if (doc.errors.length > 0) return { places: new Places([], path), problems };
  if (doc.contents !== null && !isMap(doc.contents)) {
    problems.push({
      path,
      line: 1,
      message: 'expected one "CODE: Name" line per place, like "US-IL: Illinois"',
    });
    return { places: new Places([], path), problems };
  }
  const rows: (Place & { line: number })[] = [];
  for (const pair of isMap(doc.contents) ? doc.contents.items : []) {
    const key = isScalar(pair.key) ? pair.key : undefined;
    const line = lineAt(key?.range?.[0]);
    const code = String(key?.value ?? '');
    if (!PLACE_CODE.test(code)) {
      problems.push({
        path,
        line,
        field: code,
        message: 'expected a code like US-IL or US-CA-SF (capital letters and digits, parts joined by "-")',
      });
      continue;
    }
    const read = readPlaceValue(pair.value);
    if (typeof read === 'string') {
      problems.push({ path, line, field: code, message: read });
      continue;
    }
    const first = rows.find((r) => r.code === code);
    if (first) {
      problems.push({ path, line, field: code, message: `already listed on line ${first.line}` });
      continue;
    }
    rows.push({ code, ...read, line });
  }
  const codes = new Set(rows.map((r) => r.code));
  const kept = rows.filter((r) => {
    const parent = r.code.split('-').slice(0, -1).join('-');
    if (!parent || codes.has(parent)) return true;
    problems.push({
      path,
      line: r.line,
      field: r.code,
      message: `the place it lies in, ${parent}, is not listed: add a "${parent}: …" line`,
    });
    return false;
  });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    places: new Places(
      kept.map(({ line: _line, ...place }) => place),
      path,
    ),
    problems,
  };
}

const NAME_EXPECTED = 'expected the place\'s name, like "US-IL: Illinois"';

/**
 * A row's value: the name alone (`US-IL: Illinois`), or for a place drawn as a marker on maps, its name and
 * coordinates (`US-IL-CHI: { name: "Chicago, Illinois", lat: 41.88, lon: -87.63 }`). A problem as a string.
 */
function readPlaceValue(node: unknown): Omit<Place, 'code'> | string {
  if (isScalar(node)) {
    const value = node.value;
    return typeof value === 'string' && value.trim() ? { name: value.trim() } : NAME_EXPECTED;
  }
  if (!isMap(node)) return NAME_EXPECTED;
  const fields = new Map<string, unknown>();
  for (const item of node.items) {
    const k = isScalar(item.key) ? String(item.key.value) : '';
    if (!['name', 'lat', 'lon'].includes(k))
      return `unknown key "${k}": a place has name, and optionally lat and lon`;
    fields.set(k, isScalar(item.value) ? item.value.value : undefined);
  }
  const name = fields.get('name');
  if (typeof name !== 'string' || !name.trim()) return NAME_EXPECTED;
  const lat = fields.get('lat');
  const lon = fields.get('lon');
  if (lat === undefined && lon === undefined) return { name: name.trim() };
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    return `lat: expected a latitude in degrees from -90 to 90, got ${JSON.stringify(lat ?? null)}`;
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    return `lon: expected a longitude in degrees from -180 to 180, got ${JSON.stringify(lon ?? null)}`;
  return { name: name.trim(), lat, lon };
}

/** The folder's places table; a broken row is a problem like any other, never a crash. */
export async function loadPlaces(
  file: string,
  path: string,
): Promise<{ places: Places; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // No table: any law or bill is then reported as naming an unknown place, with this file to add it to.
    return { places: new Places([], path), problems: [] };
  }
  return parsePlaces(path, text);
}
