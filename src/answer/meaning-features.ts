import { stemmer } from 'stemmer';

/**
 * A sentence read for what reverses meaning (see check-meaning.ts): its tokens, which words are negated,
 * the deontic and modal words and what they govern, and the numbers each word is bound to.
 */

export interface Token {
  /** Lowercase surface form; numbers without separators; month names as they are. */
  word: string;
  stem: string;
  capital: boolean;
  number: boolean;
}

export const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'nor',
  'neither',
  'none',
  'without',
  'nothing',
  'nobody',
]);
export const CONDITIONS = new Set(['unless', 'except', 'excluding']);
const PROHIBIT = new Set(
  'prohibit prohibits prohibited prohibiting ban bans banned banning bar bars barred forbid forbids forbidden illegal unlawful outlaw outlawed outlaws'.split(
    ' ',
  ),
);
const ALLOW = new Set(
  'allow allows allowed allowing permit permits permitted permitting lawful legal authorize authorizes authorized'.split(
    ' ',
  ),
);
export const OBLIGATION = new Set([
  'must',
  'shall',
  'required',
  'requires',
  'require',
  'need',
  'needs',
  'obliged',
]);
export const PERMISSION = new Set(['may', 'can', 'could', 'might']);
const MONTH_NAMES =
  'January February March April May June July August September October November December'.split(' ');
const MONTHS = new Set(
  'january february march april may june july august september october november december'.split(' '),
);
const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  twelve: '12',
  twenty: '20',
  thirty: '30',
};

/** Scope words by what they stand for; a sentence may use a synonym from the same group. */
const SCOPES: Record<string, string[]> = {
  entity: 'company companies business businesses firm firms corporation corporations entity entities'.split(
    ' ',
  ),
  private: ['private'],
  public: ['public'],
  government:
    'government governments governmental agency agencies department departments bureau bureaus municipal'.split(
      ' ',
    ),
  city: ['city', 'cities'],
  county: ['county', 'counties'],
  federal: ['federal'],
  police: 'police law-enforcement officer officers sheriff'.split(' '),
  employer: ['employer', 'employers'],
  store: 'store stores retailer retailers'.split(' '),
  school: 'school schools student students'.split(' '),
  universal: 'all every everyone everybody always nationwide everywhere entire whole worldwide'.split(' '),
  limited: 'only some certain few'.split(' '),
};
export const SCOPE_OF = new Map(
  Object.entries(SCOPES).flatMap(([scope, words]) => words.map((w) => [w, scope] as const)),
);

export const FUNCTION_WORDS = new Set(
  `a an the of to in on at by for from with and or but as is are was were be been being it its this that these those
  they them their he she his her we you your our which who whom whose what when where there here has have had do does did
  so than then also into about over under after before such per each any will would should`.split(/\s+/),
);

function tokenize(text: string): Token[] {
  const expanded = text
    // Dates read the same however written: "2026-11-25" and "25 Nov" are "25 November 2026", "25 November".
    .replace(
      /\b(\d{4})-(\d{2})-(\d{2})\b/g,
      (_m, y: string, mo: string, d: string) => `${Number(d)} ${MONTH_NAMES[Number(mo) - 1] ?? mo} ${y}`,
    )
    .replace(
      /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?/g,
      (m: string) => MONTH_NAMES.find((n) => n.startsWith(m.slice(0, 3))) ?? m,
    )
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘]/g, "'")
    .replace(/\bcannot\b/gi, 'can not')
    .replace(/\bcan't\b/gi, 'can not')
    .replace(/\bwon't\b/gi, 'will not')
    .replace(/n't\b/gi, ' not')
    .replace(/\blaw enforcement\b/gi, 'law-enforcement')
    .replace(/\b(?:has|have|had) to\b(?! do with)/gi, 'must');
  const tokens: Token[] = [];
  for (const m of expanded.matchAll(/[$€£]?\d[\d,]*(?:\.\d+)?%?|[\p{L}][\p{L}'-]*/gu)) {
    const raw = m[0];
    if (/\d/.test(raw)) {
      const word = raw.replace(/[$€£,%]/g, '').replace(/\.$/, '');
      tokens.push({ word, stem: word, capital: false, number: true });
      continue;
    }
    const lower = raw.toLowerCase().replace(/'s?$/, '');
    const asNumber = NUMBER_WORDS[lower];
    if (asNumber) {
      tokens.push({ word: asNumber, stem: asNumber, capital: false, number: true });
      continue;
    }
    const month = MONTHS.has(lower) && /^\p{Lu}/u.test(raw) && lower !== 'may';
    tokens.push({
      word: lower,
      stem: lower.includes('-') ? lower : stemmer(lower),
      capital: /^\p{Lu}/u.test(raw),
      number: month || (lower === 'may' && /^\p{Lu}/u.test(raw) && tokens.length > 0),
    });
  }
  return tokens;
}

function isContent(t: Token): boolean {
  return (
    !t.number &&
    !FUNCTION_WORDS.has(t.word) &&
    !NEGATIONS.has(t.word) &&
    !OBLIGATION.has(t.word) &&
    !PERMISSION.has(t.word)
  );
}

export interface Features {
  tokens: Token[];
  stems: Set<string>;
  /** For each content stem, whether it occurs negated, not negated, or both. */
  negated: Map<string, Set<boolean>>;
  conditions: number;
  /** How many negations (not, no, never, without, n't…) it holds. */
  negations: number;
  /** Deontic sign (+1 allow, -1 prohibit) of each allow/prohibit word, negation applied. */
  deontic: number[];
  /** Verb stem → modal classes governing it ("obligation" / "permission", with negation). */
  modal: Map<string, Set<string>>;
  /** Content stem → the numbers it is bound to (the nearest number before it, else after it). */
  bound: Map<string, Set<string>>;
  numbers: Set<string>;
}

export function features(text: string): Features {
  const tokens = tokenize(text);
  const negated = new Map<string, Set<boolean>>();
  const modal = new Map<string, Set<string>>();
  const bound = new Map<string, Set<string>>();
  const deontic: number[] = [];
  let conditions = 0;
  const negatedAt = new Set<number>();
  tokens.forEach((t, i) => {
    if (NEGATIONS.has(t.word)) for (let j = i + 1; j <= i + 4 && j < tokens.length; j++) negatedAt.add(j);
    if (CONDITIONS.has(t.word)) conditions++;
  });
  tokens.forEach((t, i) => {
    if (isContent(t)) {
      const states = negated.get(t.stem) ?? new Set<boolean>();
      states.add(negatedAt.has(i));
      negated.set(t.stem, states);
    }
    if (PROHIBIT.has(t.word)) deontic.push(negatedAt.has(i) ? 1 : -1);
    if (ALLOW.has(t.word) && !(t.word === 'legal' && tokens[i + 1]?.word === 'advice'))
      deontic.push(negatedAt.has(i) ? -1 : 1);
    const kind = OBLIGATION.has(t.word)
      ? 'obligation'
      : PERMISSION.has(t.word) && !t.number
        ? 'permission'
        : undefined;
    if (kind) {
      const not = tokens[i + 1]?.word === 'not' || tokens[i + 1]?.word === 'never';
      for (let j = i + 1; j <= i + 4 && j < tokens.length; j++) {
        const v = tokens[j]!;
        if (!isContent(v)) continue;
        const set = modal.get(v.stem) ?? new Set<string>();
        set.add(`${kind}${not ? '-not' : ''}`);
        modal.set(v.stem, set);
        break;
      }
    }
    if (isContent(t)) {
      let number: string | undefined;
      for (let j = i - 1; j >= Math.max(0, i - 3); j--)
        if (tokens[j]!.number) {
          number = tokens[j]!.word;
          break;
        }
      if (!number)
        for (let j = i + 1; j <= i + 3 && j < tokens.length; j++)
          if (tokens[j]!.number) {
            number = tokens[j]!.word;
            break;
          }
      if (number) {
        const set = bound.get(t.stem) ?? new Set<string>();
        set.add(number);
        bound.set(t.stem, set);
      }
    }
  });
  return {
    tokens,
    stems: new Set(tokens.filter(isContent).map((t) => t.stem)),
    negated,
    conditions,
    negations: tokens.filter((t) => NEGATIONS.has(t.word)).length,
    deontic,
    modal,
    bound,
    numbers: new Set(tokens.filter((t) => t.number).map((t) => t.word)),
  };
}
