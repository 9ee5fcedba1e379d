/**
 * The controlled jurisdiction codes a law or bill may carry, with the names members see.
 * Codes are ISO 3166 style: country, then subdivision, then a locality suffix of our own
 * (`US-CA-SF` is San Francisco, inside `US-CA`). Add a row here before using a new code.
 */
export const JURISDICTIONS = {
  US: 'United States (federal)',
  'US-CA': 'California',
  'US-CA-SF': 'San Francisco, California',
  'US-CA-OAK': 'Oakland, California',
  'US-CO': 'Colorado',
  'US-IL': 'Illinois',
  'US-MA': 'Massachusetts',
  'US-MA-BOS': 'Boston, Massachusetts',
  'US-MA-SOM': 'Somerville, Massachusetts',
  'US-MD': 'Maryland',
  'US-ME': 'Maine',
  'US-MT': 'Montana',
  'US-NH': 'New Hampshire',
  'US-NY': 'New York',
  'US-NY-NYC': 'New York City, New York',
  'US-OR': 'Oregon',
  'US-OR-PDX': 'Portland, Oregon',
  'US-TX': 'Texas',
  'US-UT': 'Utah',
  'US-VA': 'Virginia',
  'US-VT': 'Vermont',
  'US-WA': 'Washington',
  'US-WA-KC': 'King County, Washington',
  EU: 'European Union',
  GB: 'United Kingdom',
  CA: 'Canada',
} as const satisfies Record<string, string>;

export type JurisdictionCode = keyof typeof JURISDICTIONS;

export const JURISDICTION_CODES = Object.keys(JURISDICTIONS) as [JurisdictionCode, ...JurisdictionCode[]];

export function isJurisdictionCode(code: string): code is JurisdictionCode {
  return Object.hasOwn(JURISDICTIONS, code);
}

export function jurisdictionName(code: string): string {
  return isJurisdictionCode(code) ? JURISDICTIONS[code] : code;
}

/** True when `code` is `parent` or lies inside it (`US-CA-SF` is within `US-CA` and `US`). */
export function isWithin(code: string, parent: string): boolean {
  return code === parent || code.startsWith(`${parent}-`);
}
