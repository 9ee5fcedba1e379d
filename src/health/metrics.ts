import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Knowledge } from '../knowledge.js';

/** How an interaction ended, as the router saw it (src/discord/router.ts). */
export type InteractionOutcome = 'handled' | 'refused' | 'stale-options' | 'store-unavailable' | 'failed';

/**
 * What an operator scrapes from /metrics. One registry per process (never prom-client's global one), so
 * several bots in one test process each count their own.
 */
export interface Metrics {
  readonly registry: Registry;
  interaction(command: string, outcome: InteractionOutcome, seconds: number): void;
  /** /ask called the model: its outcome (answer, refusal, failure kind) and the tokens it reported. */
  modelCall(outcome: string, tokens: { prompt: number; completion: number }): void;
  /** A store operation failed because the store was unreachable (src/store/resilient-store.ts). */
  storeError(operation: string): void;
  /** A digest's delivery ended (src/digest): its outcome and the messages it posted. */
  digest(outcome: string, messages: number): void;
}

export function createMetrics(knowledge: () => Knowledge): Metrics {
  const registry = new Registry();
  const interactions = new Counter({
    name: 'dossier_interactions_total',
    help: 'Interactions handled, by command and outcome.',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'dossier_interaction_duration_seconds',
    help: 'Time from receiving an interaction to finishing its reply, by command.',
    labelNames: ['command'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const modelCalls = new Counter({
    name: 'dossier_model_calls_total',
    help: 'Calls /ask made to the model, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const modelTokens = new Counter({
    name: 'dossier_model_tokens_total',
    help: 'Tokens the model reported, by kind (prompt, completion).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'dossier_store_errors_total',
    help: 'Store operations that failed because the store was unreachable, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const digests = new Counter({
    name: 'dossier_digests_total',
    help: 'Digest deliveries by outcome (sent, nothing-to-say, skipped, retrying, failed, broken, busy, done-elsewhere).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const digestMessages = new Counter({
    name: 'dossier_digest_messages_total',
    help: 'Messages digests posted to channels.',
    registers: [registry],
  });
  new Gauge({
    name: 'dossier_knowledge_entries',
    help: 'Entries in the knowledge base being served.',
    registers: [registry],
    collect() {
      this.set(knowledge().library.size);
    },
  });
  new Gauge({
    name: 'dossier_knowledge_info',
    help: 'The knowledge base being served: always 1, its version as a label.',
    labelNames: ['version'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.set({ version: knowledge().library.version }, 1);
    },
  });
  return {
    registry,
    interaction(command, outcome, seconds) {
      interactions.inc({ command, outcome });
      latency.observe({ command }, seconds);
    },
    modelCall(outcome, tokens) {
      modelCalls.inc({ outcome });
      modelTokens.inc({ kind: 'prompt' }, tokens.prompt);
      modelTokens.inc({ kind: 'completion' }, tokens.completion);
    },
    storeError(operation) {
      storeErrors.inc({ operation });
    },
    digest(outcome, messages) {
      digests.inc({ outcome });
      if (messages > 0) digestMessages.inc(messages);
    },
  };
}
