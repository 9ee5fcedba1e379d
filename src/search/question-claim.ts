/**
 * A member who tells a story, reports what they were told and asks whether it is so ("After buying two
 * cameras with face recognition … I found that this feature is illegal in Illinois. Is that correct?")
 * asks about the claim, not the story: the story says where the claim comes from, as a thread's title
 * does. Judged as one question, the story's words (buying, struggling, work) outweigh the claim's and
 * the question is declined although the base holds the rule.
 */
export interface ClaimFocus {
  /** What is asked: the claim, without the tag that asks whether it is right. */
  question: string;
  /** The story before the claim, read as context (its words help find the answer, never count against it). */
  story?: string;
}

/** The trailing question asking whether what came before is right: "Is that correct?", "Right?", "Am I wrong?". */
const TAG =
  /(?:^|[.!?;:]\s+|,\s*)((?:(?:is|isn'?t|was|wasn'?t)\s+(?:that|this|it)\s+(?:really\s+|actually\s+|even\s+)?(?:correct|true|right|accurate|so|the case)|(?:am\s+i|are\s+they|is\s+she|is\s+he)\s+(?:right|correct|wrong|mistaken)|(?:is\s+that\s+)?right|true|correct|really)\s*\?+)\s*$/i;

/** "I found that", "I read that", "a friend told me that": where the reported claim starts. */
const REPORTED =
  /\b(?:found|find|read|heard|hear|learned|learnt|told|saw|seen|noticed|says|said|claims?|claimed|understand|understood)(?:\s+(?:me|us|him|her|them|out))?\s+that\s+/gi;

/**
 * The claim a "… Is that correct?" question asks about, with the story before it apart. A message with
 * no such tag, or whose claim has no story before it, is returned as it is: the whole message is the
 * question. A demonstrative in the claim ("this feature") points back at the story: its noun is the
 * story's, already there, and is left to it.
 */
export function claimFocus(text: string): ClaimFocus {
  const tag = TAG.exec(text);
  if (!tag || tag.index === 0) return { question: text };
  const body = text.slice(0, tag.index + tag[0].indexOf(tag[1] as string)).trim();
  let start = -1;
  for (const m of body.matchAll(REPORTED)) start = m.index + m[0].length;
  // Too little before the claim to be a story: the whole body is the claim ("I read that BIPA covers
  // schools. Right?").
  if (start < 0 || words(body.slice(0, start)) < 6) return { question: body };
  const story = body.slice(0, start).trim();
  const storyWords = new Set(words(story, true));
  const claim = body
    .slice(start)
    .replace(/\b(?:this|that|these|those)\s+([\p{L}-]+)/giu, (all, noun: string) =>
      storyWords.has(singular(noun.toLowerCase())) ? '' : all,
    )
    .replace(/\s+/g, ' ')
    .trim();
  return words(claim) < 3 ? { question: body } : { question: claim, story };
}

function words(text: string): number;
function words(text: string, list: true): string[];
function words(text: string, list?: true): number | string[] {
  const all = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(singular);
  return list ? all : all.length;
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
