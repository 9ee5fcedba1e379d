/**
 * The model contract: what /ask needs from a language model, and nothing more.
 *
 * /ask never trusts a model. It hands the model numbered passages from the knowledge base, asks for an
 * answer whose every sentence names the passages it rests on, and then checks each sentence itself
 * (src/answer/check-citations.ts) before a member sees it. So this contract is shaped around that check:
 * the model returns sentences with passage numbers, not free prose, and every way a call can go wrong is
 * a value the caller can turn into "here is the extractive answer instead", never an exception that could
 * cost the member their reply.
 *
 * Implementations: src/llm/openai.ts (any OpenAI-compatible Chat Completions server: OpenAI, Ollama,
 * vLLM, LM Studio). Tests drive that same implementation against test/fakes/fake-openai.ts.
 */

/** One passage as the model sees it. */
export interface ModelPassage {
  /**
   * The number the model must cite it by, 1-based and dense (1..passages.length). Numbers, not ids, so a
   * citation is easy to check (`n` in range) and the model cannot invent a plausible-looking id.
   */
  n: number;
  /** The entry's title, so the model can name what it is quoting ("Illinois BIPA requires…"). */
  title: string;
  /** Where in the entry the passage sits ("Summary", "Who can enforce it"): context for the model. */
  heading: string;
  /** The passage text, given as data: instructions inside it are not to be followed. */
  text: string;
}

export interface AnswerRequest {
  /**
   * What the answer is for, so the implementation can brief the model for it (its system prompt):
   * - 'ask' (the default): a member's question, answered from the passages /ask retrieved;
   * - 'digest-summary': the opening paragraph of a digest; `question` is the request to summarise and the
   *   passages are the entries the digest lists, numbered as listed.
   * Either way the reply is checked the same way (src/answer/check-citations.ts).
   */
  task?: 'ask' | 'digest-summary' | undefined;
  /** The member's question, verbatim (length-capped by the caller). Data, not instructions. */
  question: string;
  passages: ModelPassage[];
  /**
   * Aborts the call when the member's interaction can no longer be answered in time. Independent of the
   * model's own timeout: whichever comes first ends the call.
   */
  signal?: AbortSignal | undefined;
}

/** One sentence of the model's answer and the passage numbers it says support it. */
export interface ModelSentence {
  text: string;
  /** Passage numbers as the model gave them: may be out of range, empty, or repeated; the checker decides. */
  citations: number[];
}

/** Tokens a call consumed, as the server reported them (zero when it reported nothing). For cost stats. */
export interface TokenUsage {
  prompt: number;
  completion: number;
  total: number;
}

/**
 * Why a call produced no usable answer. Each maps to the same member-facing outcome (the extractive answer
 * with a "summary unavailable" note) but is logged distinctly so an operator can tell a slow server from a
 * broken one.
 * - timeout: no complete reply within the time budget (OPENAI_TIMEOUT_MS, or the caller's signal).
 * - rate-limited: 429, and the server's retry-after did not fit in the remaining budget.
 * - server: 5xx, connection refused or reset, or any other HTTP failure.
 * - garbage: a reply arrived but was not an answer (invalid JSON, wrong shape, empty).
 */
export type ModelFailureReason = 'timeout' | 'rate-limited' | 'server' | 'garbage';

export type ModelAnswer =
  | {
      kind: 'answer';
      sentences: ModelSentence[];
      /**
       * True when the server honoured structured output (json_schema); false when the answer was parsed
       * from `[n]` markers in plain text. Logged: a server that ignores structured output is worth knowing.
       */
      structured: boolean;
      usage: TokenUsage;
    }
  | {
      /** The model says the passages do not answer the question: shown as the "not covered" reply. */
      kind: 'refusal';
      reason: string;
      usage: TokenUsage;
    }
  | {
      kind: 'failure';
      reason: ModelFailureReason;
      /** For the log only (status, server message); never shown to members. */
      detail: string;
      usage: TokenUsage;
    };

export interface AnswerModel {
  /**
   * The model's name as configured (e.g. "gpt-4o-mini", "llama3.1:8b"). Part of the answer cache key, so
   * switching models does not serve answers the previous model wrote.
   */
  readonly name: string;
  /** Never rejects: every failure is a `{ kind: 'failure' }` value. */
  answer(request: AnswerRequest): Promise<ModelAnswer>;
}

export const NO_USAGE: TokenUsage = Object.freeze({ prompt: 0, completion: 0, total: 0 });
