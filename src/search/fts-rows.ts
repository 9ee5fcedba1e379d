import type Database from 'better-sqlite3';

/**
 * The FTS5 table of passages and how rows go into it: the same statements, in the same order, whether the
 * build runs on the thread that counts the words (RowInserter, fts-store.ts) or in a child process beside
 * it (fts-build-child.mjs, sent ROW_SQL), so both make the same index, byte for byte.
 */

const SCHEMA = `
  CREATE VIRTUAL TABLE passages USING fts5(
    title, names, asked, heading, summary, body, facets,
    tokenize = 'unicode61 remove_diacritics 2',
    content = ''
  );
  CREATE TABLE layout (name TEXT PRIMARY KEY, value BLOB NOT NULL);
`;

/**
 * The memory FTS5 gathers inserted rows in before writing them out as a segment (FTS5's `hashsize`, 1 MB
 * unless set). The index of a 10,000-entry base (about 24 MB) fits in it whole, so its rows are written
 * once, as one segment, at COMMIT, and 'optimize' has nothing left to merge; with 8 MB they made a few
 * segments merged while inserting and again at 'optimize' (about 0.2 s of the child's CPU at 10,000
 * entries). A larger base makes a segment for every 64 MB of rows, merged at the end. The memory is the
 * build's child process's (fts-build-child.mjs), returned to the system when it exits; a base built in
 * this process (under 2,000 entries) never fills it. The index holds the same rows however they were
 * gathered, so every score and ranking is the same.
 */
const PENDING_BYTES = 64 * 1024 * 1024;

/** The statements of a build, in order: `create`, `insert` for each row, COMMIT, `words`, `optimize`. */
export const ROW_SQL = {
  create: [SCHEMA, `INSERT INTO passages (passages, rank) VALUES ('hashsize', ${PENDING_BYTES})`],
  insert:
    'INSERT INTO passages (rowid, title, names, asked, heading, summary, body, facets) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  /** Create the table of the index's words, read it, drop it (see indexedWords). */
  words: [
    `CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, passages, 'row')`,
    'SELECT term, doc FROM temp.vocab',
    'DROP TABLE temp.vocab',
  ],
  optimize: `INSERT INTO passages (passages) VALUES ('optimize')`,
} as const;

/**
 * Where a build's rows go, in rowid order from 1: an entry's columns (`entry`), then each of its passages
 * (`row`: the heading, summary and body columns).
 */
export interface PassageRows {
  entry(title: string, names: string, asked: string, facets: string): void;
  row(heading: string, summary: string, body: string): void;
}

/** Inserts rows into a new database's passages table, in one transaction until `finish`. */
export class RowInserter implements PassageRows {
  private readonly insert: Database.Statement;
  private rowid = 0;
  private title = '';
  private names = '';
  private asked = '';
  private facets = '';

  constructor(readonly db: Database.Database) {
    for (const sql of ROW_SQL.create) db.exec(sql);
    this.insert = db.prepare(ROW_SQL.insert);
    db.exec('BEGIN');
  }

  entry(title: string, names: string, asked: string, facets: string): void {
    this.title = title;
    this.names = names;
    this.asked = asked;
    this.facets = facets;
  }

  row(heading: string, summary: string, body: string): void {
    this.insert.run(++this.rowid, this.title, this.names, this.asked, heading, summary, body, this.facets);
  }

  /** Commits the rows: the index holds them all, in segments. */
  commit(): void {
    this.db.exec('COMMIT');
  }

  /** Merges the index's segments into one ('optimize'), which searches read fastest; the same rows. */
  optimize(): Database.Database {
    this.db.exec(ROW_SQL.optimize);
    return this.db;
  }
}

/** A word FTS5 indexed and how many rows hold it. */
export type IndexedWord = [term: string, passages: number];

/**
 * Every word of the index (facet tokens too) with the rows holding it, in FTS5's order: the same whether
 * or not the segments have been merged.
 */
export function indexedWords(db: Database.Database): IndexedWord[] {
  const [create, select, drop] = ROW_SQL.words;
  db.exec(create);
  try {
    return db.prepare(select).raw().all() as IndexedWord[];
  } finally {
    db.exec(drop);
  }
}
