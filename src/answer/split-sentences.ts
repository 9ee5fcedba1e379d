/**
 * Splits prose into sentences the way a reader would: legal text is full of full stops that end nothing
 * ("Rosenbach v. Six Flags", "Sec. 15(b)", "U.S. Senate", "$1.5 million"), so a stop ends a sentence only
 * when it follows a word that is not a known abbreviation or an initial, and a capital, digit or quote
 * comes next. Citation markers right after the stop ("… consent. [2] It …") stay with their sentence.
 */
const ABBREVIATIONS = new Set([
  'v',
  'vs',
  'sec',
  'secs',
  'no',
  'nos',
  'art',
  'arts',
  'para',
  'pub',
  'inc',
  'co',
  'corp',
  'ltd',
  'llc',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'e.g',
  'i.e',
  'etc',
  'cf',
  'al',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'gen',
  'gov',
  'sen',
  'rep',
  'stat',
  'ch',
  'cal',
  'ill',
  'wash',
  'mass',
]);

export function splitSentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences: string[] = [];
  const boundary = /([.!?]+["'”’)\]]*)((?:\s*\[[\d,\s]+\])*)(\s+|$)/g;
  let start = 0;
  for (let m = boundary.exec(flat); m; m = boundary.exec(flat)) {
    const end = m.index + m[1]!.length + m[2]!.length;
    const next = flat.slice(m.index + m[0].length);
    const before = flat.slice(start, m.index);
    const lastWord = (/([\p{L}.]+)$/u.exec(before)?.[1] ?? '').toLowerCase();
    const stop = m[1]!.startsWith('.');
    const isAbbreviation =
      stop &&
      (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord) || /^(\p{L}\.)+\p{L}$/u.test(lastWord));
    const startsNew = next === '' || /^["'“‘(\p{Lu}\p{N}*_[]/u.test(next);
    if (isAbbreviation || !startsNew) continue;
    const sentence = flat.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = m.index + m[0].length;
  }
  const rest = flat.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
