/**
 * Wall-clock arithmetic in IANA time zones with Intl only (no tz database of our own). Local dates are
 * YYYY-MM-DD strings, like the knowledge base's dates, so they compare and sort as text.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name Intl knows ("Europe/Berlin", "UTC"); false for "CET+1" or "Mars/Base". */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  if (formatters.has(name)) return true;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling ("europe/berlin" → "Europe/Berlin"); assumes isTimeZone(name). */
export function canonicalTimeZone(name: string): string {
  return formatter(name).resolvedOptions().timeZone;
}

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  hour: number;
  minute: number;
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

export function localDate(instant: Date, timeZone: string): string {
  return localTime(instant, timeZone).date;
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in summer: +7,200,000). */
function offsetAt(instantMs: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the wall clock in `timeZone` reads `time` (HH:MM) on `date`.
 * When the clocks spring forward past that time, the gap is skipped (02:30 becomes 03:30), and when they
 * fall back and the time happens twice, the first one counts: a digest is never skipped nor sent twice.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((t) => {
    const l = localTime(new Date(t), timeZone);
    return l.date === date && l.hour === h && l.minute === mi;
  });
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the spring-forward gap: the offset from before the change lands as far past the gap as the time was into it.
  return new Date(wall - before);
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
