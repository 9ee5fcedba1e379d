/**
 * The controlled jurisdiction codes a law or bill may carry, with the names members see.
 * Codes are ISO 3166 style: country, then subdivision, then a locality suffix of our own
 * (`US-CA-SF` is San Francisco, inside `US-CA`). Every US state, DC and the territories, the EU and its
 * member states are here; add a row for a city or county before using its code.
 */
export const JURISDICTIONS = {
  US: 'United States (federal)',
  'US-AK': 'Alaska',
  'US-AL': 'Alabama',
  'US-AR': 'Arkansas',
  'US-AS': 'American Samoa',
  'US-AZ': 'Arizona',
  'US-CA': 'California',
  'US-CA-OAK': 'Oakland, California',
  'US-CA-SF': 'San Francisco, California',
  'US-CO': 'Colorado',
  'US-CT': 'Connecticut',
  'US-DC': 'District of Columbia',
  'US-DE': 'Delaware',
  'US-FL': 'Florida',
  'US-GA': 'Georgia',
  'US-GU': 'Guam',
  'US-HI': 'Hawaii',
  'US-IA': 'Iowa',
  'US-ID': 'Idaho',
  'US-IL': 'Illinois',
  'US-IN': 'Indiana',
  'US-KS': 'Kansas',
  'US-KY': 'Kentucky',
  'US-LA': 'Louisiana',
  'US-MA': 'Massachusetts',
  'US-MA-BOS': 'Boston, Massachusetts',
  'US-MA-SOM': 'Somerville, Massachusetts',
  'US-MD': 'Maryland',
  'US-ME': 'Maine',
  'US-MI': 'Michigan',
  'US-MN': 'Minnesota',
  'US-MO': 'Missouri',
  'US-MP': 'Northern Mariana Islands',
  'US-MS': 'Mississippi',
  'US-MT': 'Montana',
  'US-NC': 'North Carolina',
  'US-ND': 'North Dakota',
  'US-NE': 'Nebraska',
  'US-NH': 'New Hampshire',
  'US-NJ': 'New Jersey',
  'US-NM': 'New Mexico',
  'US-NV': 'Nevada',
  'US-NY': 'New York',
  'US-NY-NYC': 'New York City, New York',
  'US-OH': 'Ohio',
  'US-OK': 'Oklahoma',
  'US-OR': 'Oregon',
  'US-OR-PDX': 'Portland, Oregon',
  'US-PA': 'Pennsylvania',
  'US-PR': 'Puerto Rico',
  'US-RI': 'Rhode Island',
  'US-SC': 'South Carolina',
  'US-SD': 'South Dakota',
  'US-TN': 'Tennessee',
  'US-TX': 'Texas',
  'US-UT': 'Utah',
  'US-VA': 'Virginia',
  'US-VI': 'U.S. Virgin Islands',
  'US-VT': 'Vermont',
  'US-WA': 'Washington',
  'US-WA-KC': 'King County, Washington',
  'US-WI': 'Wisconsin',
  'US-WV': 'West Virginia',
  'US-WY': 'Wyoming',
  EU: 'European Union',
  AT: 'Austria',
  BE: 'Belgium',
  BG: 'Bulgaria',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DE: 'Germany',
  DK: 'Denmark',
  EE: 'Estonia',
  ES: 'Spain',
  FI: 'Finland',
  FR: 'France',
  GR: 'Greece',
  HR: 'Croatia',
  HU: 'Hungary',
  IE: 'Ireland',
  IT: 'Italy',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  LV: 'Latvia',
  MT: 'Malta',
  NL: 'Netherlands',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  SE: 'Sweden',
  SI: 'Slovenia',
  SK: 'Slovakia',
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
