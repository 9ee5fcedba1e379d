/** Every IANA zone this Node knows, for autocomplete; UTC first. */
let zones: string[] | undefined;
function allZones(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

/**
 * Time zones matching what was typed ("berlin", "new york", "America/"), names starting with it first,
 * each shown with its current UTC offset. At most 25, Discord's limit.
 */
export function timeZoneChoices(typed: string, now: Date = new Date()): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const matches = (z: string) => z.toLowerCase();
  const starts = allZones().filter(
    (z) =>
      matches(z).startsWith(q) ||
      matches(z)
        .split('/')
        .some((p) => p.startsWith(q)),
  );
  const contains = allZones().filter((z) => !starts.includes(z) && matches(z).includes(q));
  return [...starts, ...contains]
    .slice(0, 25)
    .map((z) => ({ name: `${z.replace(/_/g, ' ')} (${offset(z, now)})`, value: z }));
}

function offset(zone: string, now: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}
