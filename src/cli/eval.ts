import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { EvalSet, evaluateAnswers } from '../answer/evaluate-answers.js';
import { evaluateRealQuestions, RealQuestionSet } from '../answer/evaluate-real-questions.js';
import { buildPerturbations, runPerturbations } from '../answer/perturbation-benchmark.js';
import { loadKnowledge } from '../knowledge.js';
import { createOpenAiModel } from '../llm/openai.js';
// The eval replays the perturbation benchmark through the real `openai` client against the test fake.
import { startFakeOpenAi } from '../../test/fakes/fake-openai.js';

/**
 * `npm run eval [-- --knowledge DIR --questions FILE --json --verbose]`: how well /ask retrieves and
 * answers a set of questions. Prints recall@1/3/5 and MRR of retrieval, the share of not-covered
 * questions declined, and the share of expected facts in extractive answers.
 */
const { values } = parseArgs({
  options: {
    knowledge: { type: 'string', default: process.env.KNOWLEDGE_DIR || 'knowledge' },
    questions: { type: 'string', default: 'test/fixtures/ask-eval.yml' },
    /** Questions people asked in public (wording and URL kept): scored separately. */
    real: { type: 'string', default: 'test/fixtures/real-questions.yml' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const parsed = EvalSet.safeParse(parse(await readFile(values.questions, 'utf8')));
if (!parsed.success) {
  process.stderr.write(`eval: ${values.questions}: ${z.prettifyError(parsed.error)}\n`);
  process.exit(2);
}
const knowledge = await loadKnowledge(values.knowledge);
if (knowledge.problems.length > 0)
  process.stderr.write(
    `eval: ${knowledge.problems.length} problem(s) in ${values.knowledge}; affected files skipped\n`,
  );
const report = await evaluateAnswers(knowledge, parsed.data);
const realParsed = RealQuestionSet.safeParse(parse(await readFile(values.real, 'utf8')));
if (!realParsed.success) {
  process.stderr.write(`eval: ${values.real}: ${z.prettifyError(realParsed.error)}\n`);
  process.exit(2);
}
const real = await evaluateRealQuestions(knowledge, realParsed.data);
knowledge.search.close();

// The citation check against meaning-changing edits of the base's own sentences, each variant written
// back by a scripted model behind the fake OpenAI-compatible server and read by the real client.
const fake = await startFakeOpenAi();
const model = createOpenAiModel({ model: 'perturbation-replay', baseUrl: fake.baseUrl, timeoutMs: 10_000 });
const perturbation = await runPerturbations(buildPerturbations(knowledge.library.docs), async (c, texts) => {
  fake.enqueue({ kind: 'answer', sentences: texts.map((text) => ({ text, citations: [1] })) });
  const reply = await model.answer({
    question: 'Restate the passage.',
    passages: [{ n: 1, title: c.names, heading: c.entry, text: c.passage }],
  });
  if (reply.kind !== 'answer') throw new Error(`eval: the replay model gave ${reply.kind}`);
  return reply.sentences;
});
await fake.close();

if (values.json) {
  process.stdout.write(`${JSON.stringify({ ...report, perturbation, real }, null, 2)}\n`);
} else {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `eval: ${knowledge.library.size} entries in ${values.knowledge}; ${report.covered} covered and ${report.uncovered} not-covered questions from ${values.questions}`,
    `retrieval   recall@1 ${pct(report.recallAt1)}   recall@3 ${pct(report.recallAt3)}   recall@5 ${pct(report.recallAt5)}   MRR ${report.mrr.toFixed(3)}`,
    `declining   not-covered questions declined ${pct(report.declined)}   covered questions wrongly declined ${pct(report.falselyDeclined)}`,
    `answers     expected facts present in extractive answers ${pct(report.factsPresent)}   rules without their place in multi-entry answers ${report.unlabelledRules}`,
    `by type     ${Object.entries(report.byType)
      .map(([type, t]) =>
        t.declined !== undefined
          ? `${type} declined ${pct(t.declined)} (${t.questions})`
          : `${type} ${pct(t.factsPresent)} (${t.questions})`,
      )
      .join('   ')}`,
  ];
  lines.push(
    `citation check on ${perturbation.sentences} sentences of the base (replayed through the openai client): meaning-changing edits caught ${pct(perturbation.caught)} of ${perturbation.edits} (target >= 95%)   faithful paraphrases dropped ${pct(perturbation.paraphrasesDropped)} (target <= 5%)   originals dropped ${pct(perturbation.originalsDropped)}`,
    `  by edit   ${Object.entries(perturbation.byKind)
      .map(([k, v]) => `${k} ${pct(v.caught)} (${v.edits})`)
      .join('   ')}`,
  );
  lines.push(
    `real questions (${values.real}: ${real.answerable} answerable, ${real.outOfScope} out of scope, asked in public)`,
    `            right entry @1 ${pct(real.rightAt1)}   @3 ${pct(real.rightAt3)} (target >= 90%)   answered ${pct(real.answered)}   declined wrongly ${pct(real.declinedWrongly)} (target <= 10%)   answered wrongly ${real.answeredWrongly}   out of scope declined ${real.outOfScopeDeclined} of ${real.outOfScope}   another place's rule ${real.wrongPlace}`,
  );
  if (values.verbose)
    lines.push(
      '',
      ...report.misses.map((m) => `- ${m.question}: ${m.problem}`),
      '',
      ...real.misses.map((m) => `- real: ${m.question}: ${m.problem}`),
      '',
      ...perturbation.examples.map((e) => `- ${e}`),
    );
  else if (report.misses.length > 0) lines.push(`(${report.misses.length} misses; --verbose lists them)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
