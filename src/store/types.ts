import type { z } from 'zod';

/**
 * Dossier's small state (subscriptions, digest claims, answer cache, feedback, rate-limit counters)
 * goes through this contract. Implementations: in-memory (tests, console), a SQLite file on better-sqlite3
 * (default), and keyv-backed Redis or Postgres (shared by shards and machines). Keys are namespaced by the
 * caller ("digest:sub:…").
 */
export interface Store {
  /** The value under `key`, validated by `schema` (values read back are a boundary); undefined if absent or invalid. */
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Atomic set-if-absent: true for exactly one caller however many processes race, until the key expires
   * or is deleted. Redis `SET NX`; SQLite/Postgres `INSERT … ON CONFLICT DO NOTHING`.
   */
  claim(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Adds one to a counter that expires `ttlMs` after it was created; returns the new count. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Keys and raw values under a prefix, for listings (a guild's subscriptions, recent feedback). */
  list(prefix: string): Promise<{ key: string; value: unknown }[]>;
  close(): Promise<void>;
}
