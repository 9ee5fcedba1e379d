/**
 * What kind of answer a question asks for. Members ask "who signed…", "how much can I sue for…", "which is
 * stricter, X or Y": the best sentence names the signatories, states the penalty, or puts both side by
 * side, not the sentence that merely shares the most words with the question.
 */
export const QUESTION_TYPES = [
  'who',
  'when',
  'how-much',
  'how-long',
  'after',
  'compare',
  'requires',
  'can',
  'yes-no',
  'what',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const LEAD = String.raw`^\s*(?:(?:and|so|but|ok|okay|also)[,]?\s+)?`;

/** Ordered: the first pattern that matches decides (a comparison phrased as a yes-no question is a comparison). */
const PATTERNS: [QuestionType, RegExp][] = [
  [
    'compare',
    /\b(?:compare[sd]?|comparison|differ(?:s|ence|ences)?|versus|vs\.?|stricter|strictest|stronger|weaker|tougher|looser|more (?:strict|protective)|less (?:strict|protective))\b|\bwhich (?:is|one|law|state|city)\b.*\bor\b/i,
  ],
  ['who', new RegExp(`${LEAD}(?:who|whom|whose)\\b`, 'i')],
  ['when', new RegExp(`${LEAD}when\\b`, 'i')],
  ['how-long', /\bhow long\b(?! ago)/i],
  ['how-much', /\bhow (?:much|many)\b/i],
  [
    'after',
    /\bwhat (?:happened|came|followed|changed) (?:after|next|then|since)\b|\bwhat (?:happened|followed)\b.*\bafter\b|\bafter (?:that|it|this)\b|\bafterwards?\b|\bsince then\b|\bin response\b|\bwhat followed\b|\bwhat (?:came|became) of\b|\bhappened next\b|\bhow did .* end\b|\bwhat (?:was|is) the (?:outcome|result)\b/i,
  ],
  [
    'how-long',
    /\b(?:retention|retain(?:ed)?|until when|expire[sd]?|sunset)\b|\bkeep (?:my|your|the|their|our)\b/i,
  ],
  [
    'how-much',
    /\b(?:penalt(?:y|ies)|fines?|fined|damages|amount|sue for|compensation|per violation|settle(?:d)? for)\b/i,
  ],
  [
    'who',
    /\b(?:who|whom) (?:signed|wrote|introduced|sponsored|announced|said|led|left|walked|sued|addressed|organi[sz]ed|sent|received|took part)\b|\bwhich (?:groups|organi[sz]ations|companies|people|senators|lawmakers)\b|\b(?:signatories|signers|sponsors|participants)\b/i,
  ],
  [
    'when',
    /\bwhat (?:date|year|month|day)\b|\bwhich year\b|\bhow long ago\b|\b(?:take|took|takes|taking) effect\b|\beffective date\b|\bdeadline\b/i,
  ],
  [
    'requires',
    /\bwhat\b.*\b(?:does|do|did|would)\b.*\b(?:require|demand|mandate|prohibit)s?\b|\brequirements?\b|\bobligations?\b|\bwhat must\b|\bwhat (?:are|is) the rules?\b/i,
  ],
  [
    'can',
    new RegExp(
      `${LEAD}(?:can|could|may)\\b|\\b(?:is it|are they|is that) (?:legal|allowed|permitted|lawful)\\b|\\b(?:allowed|permitted|legal) to\\b|\\bbreaking the law\\b`,
      'i',
    ),
  ],
  [
    'yes-no',
    new RegExp(`${LEAD}(?:do|does|did|is|are|was|were|has|have|had|will|would|should|shall)\\b`, 'i'),
  ],
];

export function classifyQuestion(question: string): QuestionType {
  const q = question.replace(/\s+/g, ' ').trim();
  for (const [type, pattern] of PATTERNS) if (pattern.test(q)) return type;
  return 'what';
}

/** Sections of an entry that answer each kind of question, by their heading ("What followed", "Penalties"). */
export const ANSWER_SECTIONS: Partial<Record<QuestionType, RegExp>> = {
  after:
    /\b(?:what followed|followed|afterwards?|aftermath|next|since|later|outcome|result|status|reaction|response|what came)\b/i,
  'how-much': /\b(?:penalt|damages|fines?\b|settlement|payout|amount|money|enforce)/i,
  'how-long': /\b(?:retention|how long|duration|expir|sunset|limitations|deadline|status)/i,
  requires: /\b(?:requires?|what it (?:does|says|allows|bans|bars)|rules?\b|provisions|obligations|duties)/i,
  can: /\b(?:what it (?:does|says|allows|bans|bars)|requires?|rules?\b|exceptions?|enforce)/i,
  who: /\b(?:who|signator|sponsor|parties|people|authors|participants)/i,
  when: /\b(?:when|timeline|dates?\b|history)/i,
  compare: /\b(?:differ|difference|compared?|what it (?:does|says|requires|allows|bans))/i,
};
