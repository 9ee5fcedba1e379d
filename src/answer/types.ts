import { z } from 'zod';

/**
 * What /ask returns, in every front end (Discord, console, `dossier ask --json`). Also what the answer
 * cache stores, so it is a zod schema: values read back from the store are a boundary.
 */
export const AnswerSentence = z.object({
  text: z.string(),
  /** Numbers of the entries in `sources` that support the sentence (1-based). */
  citations: z.array(z.number().int().positive()),
});
export type AnswerSentence = z.infer<typeof AnswerSentence>;

export const AnswerSource = z.object({
  n: z.number().int().positive(),
  id: z.string(),
  title: z.string(),
  /** The entry's first original source (the law's text, the letter, the statement), never our own page. */
  url: z.string(),
});
export type AnswerSource = z.infer<typeof AnswerSource>;

export const AnswerResult = z.object({
  /** False when the knowledge base does not answer the question: `answer` then says so plainly. */
  covered: z.boolean(),
  /** Who wrote the sentences: picked from passages ("extractive") or written by the model and checked. */
  mode: z.enum(['extractive', 'model']),
  /** The text a member reads: sentences with their `[n]`, the Sources list, then the notes. */
  answer: z.string(),
  sentences: z.array(AnswerSentence),
  sources: z.array(AnswerSource),
  /** One line each: "summary unavailable", sentences removed by the citation check, "not legal advice". */
  notes: z.array(z.string()),
  /**
   * Said before the sentences, when the question names a place the knowledge base has nothing on:
   * "Nothing on Florida in the knowledge base; here is how the places that have laws handle it:".
   */
  intro: z.string().optional(),
  /** When not covered: the nearest entries, so the member knows where to look (never cited as support). */
  closest: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type AnswerResult = z.infer<typeof AnswerResult>;
