import type { LawLike } from '../kb/schema.js';

/**
 * Where a bill stands, read from its official actions. The order is the legislative path; the last four
 * are ends: a bill that became law, or one that will not (vetoed, failed, withdrawn, replaced by another
 * bill, or its session ended). A substituted bill is an end for this bill only: its text goes on under the
 * other bill's number, so it proposes no status.
 */
export const STAGES = [
  'introduced',
  'committee',
  'passed-one-chamber',
  'passed-both',
  'sent-to-executive',
  'enacted',
  'vetoed',
  'failed',
  'withdrawn',
  'substituted',
  'died',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_WORDS: Record<Stage, string> = {
  introduced: 'introduced',
  committee: 'in committee',
  'passed-one-chamber': 'passed one chamber',
  'passed-both': 'passed both chambers',
  'sent-to-executive': 'sent to the governor or president',
  enacted: 'signed into law',
  vetoed: 'vetoed',
  failed: 'failed',
  withdrawn: 'withdrawn',
  substituted: 'replaced by another bill',
  died: 'died when its session ended',
};

/** An action as both APIs describe it, reduced to what the stage depends on. */
export interface ActionFacts {
  date: string;
  text: string;
  /** Open States' classification list (`["passage"]`), or Congress.gov's action type as one element. */
  classification: readonly string[];
  /** The chamber or body that acted, when the API says ("upper", "lower", "House", "Senate"). */
  chamber?: string | undefined;
}

const ENDS: readonly Stage[] = ['enacted', 'vetoed', 'failed', 'withdrawn', 'substituted', 'died'];

export function isEnd(stage: Stage): boolean {
  return ENDS.includes(stage);
}

/**
 * The stage a bill reached after these actions (oldest first). Open States classifies actions
 * ("introduction", "referral-committee", "passage", "executive-signature", "became-law", …); Congress.gov
 * types them ("IntroReferral", "Committee", "Floor", "President", "BecameLaw", "Veto") and says the rest in
 * its text ("Passed/agreed to in Senate", "Signed by President", "Became Public Law No: …").
 */
export function stageOf(actions: readonly ActionFacts[]): Stage {
  let stage: Stage = 'introduced';
  const passedBy = new Set<string>();
  for (const a of actions) {
    const c = new Set(a.classification.map((x) => x.toLowerCase()));
    const text = a.text.toLowerCase();
    if (
      c.has('became-law') ||
      c.has('becamelaw') ||
      c.has('executive-signature') ||
      /signed by (the )?president|became public law/.test(text)
    )
      stage = 'enacted';
    else if (c.has('veto-override-passage')) stage = 'enacted';
    else if (c.has('executive-veto') || c.has('veto') || /vetoed by (the )?president/.test(text))
      stage = 'vetoed';
    else if (c.has('withdrawal') || /\bwithdrawn\b/.test(text)) stage = 'withdrawn';
    // "Substituted by S 1234" ends this bill; "substituted for A 5678" is said of the bill that goes on.
    else if (/\bsubstituted by\b/.test(text) || (c.has('substitution') && !/\bsubstituted for\b/.test(text)))
      stage = 'substituted';
    else if (c.has('failure') || c.has('committee-failure') || /failed of passage/.test(text))
      stage = 'failed';
    else if (c.has('executive-receipt') || /presented to (the )?president|sent to (the )?governor/.test(text))
      stage = 'sent-to-executive';
    else if (c.has('passage') || /passed\/agreed to in (house|senate)/.test(text)) {
      passedBy.add((a.chamber ?? /in (house|senate)/.exec(text)?.[1] ?? 'one').toLowerCase());
      stage = passedBy.size >= 2 ? 'passed-both' : 'passed-one-chamber';
    } else if (
      (c.has('referral-committee') ||
        c.has('committee') ||
        /referred to (the )?(committee|subcommittee)/.test(text)) &&
      stage === 'introduced'
    )
      stage = 'committee';
  }
  return stage;
}

/**
 * The status official data supports for an entry, when it is news: a "proposed" entry whose bill was
 * signed (enacted) or ended without becoming law (failed). Anything else (a law recorded as in force, a
 * bill still moving) proposes nothing: official bill data says nothing of effective dates or repeals.
 */
export function proposedStatus(current: LawLike['status'], stage: Stage): LawLike['status'] | undefined {
  if (current !== 'proposed') return undefined;
  if (stage === 'enacted') return 'enacted';
  if (stage === 'vetoed' || stage === 'failed' || stage === 'withdrawn' || stage === 'died') return 'failed';
  return undefined;
}
