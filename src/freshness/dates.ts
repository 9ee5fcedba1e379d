/** Day arithmetic on YYYY-MM-DD strings (UTC calendar days; no time zone, no wall clock). */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function laterOf(...dates: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/** "today", "yesterday", "12 days ago", "3 months ago", "2 years ago": how long ago `date` was. */
export function ago(date: string, today: string): string {
  const days = daysBetween(date, today);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months ago`;
  const years = Math.floor(days / 365.25);
  return `${years} years ago`;
}

/** A `--within 30d` style duration (d, w, or plain days), in days. */
export function parseDays(text: string): number | undefined {
  const m = /^(\d{1,4})\s*(d|w)?$/i.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1);
}
