import { LINK_OUTCOMES } from '../links/link-results.js';
import { RECHECK_AFTER_DAYS, runLinkCheck } from '../links/run-link-check.js';
import { CliUsageError } from './ask.js';
import { type CliCommand, knowledgeDirOf, loadCliLibrary, parseKbArgs } from './cli-knowledge.js';
import { withCliStore } from './open-store.js';

export const LINKS_USAGE =
  'kb links [--json] [--all] [--concurrency N] [--per-host-ms N] [--timeout-ms N]   check source URLs (each at most weekly)';

const LABELS = {
  broken: 'BROKEN',
  moved: 'MOVED',
  redirected: 'REDIRECT',
  unreachable: 'UNREACHABLE',
  ok: 'ok',
};

/**
 * `kb links`: checks the knowledge base's source URLs not checked in the last week (`--all`: every one),
 * keeps the results in the store, and lists what is broken, moved or unreachable, and plain http:// links.
 * Exit 0 whatever it finds (broken links are for curators: they appear in kb stale and /kb review); 1 when
 * the store cannot be opened.
 */
export const kbLinks: CliCommand = async (args, env, out, err) => {
  const values = parseKbArgs(args, {
    all: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    'per-host-ms': { type: 'string' },
    'timeout-ms': { type: 'string' },
  });
  const number = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new CliUsageError(`--${name}: expected a whole number, got "${raw}"`);
    return n;
  };
  const concurrency = number('concurrency', values.concurrency);
  const perHostIntervalMs = number('per-host-ms', values['per-host-ms']);
  const timeoutMs = number('timeout-ms', values['timeout-ms']);
  const now = new Date();
  const { library } = await loadCliLibrary(knowledgeDirOf(env), now.toISOString().slice(0, 10), err);
  return withCliStore(env, err, async (store) => {
    const run = await runLinkCheck(library, store, {
      now: () => now,
      all: values.all,
      ...(concurrency ? { concurrency } : {}),
      ...(perHostIntervalMs !== undefined ? { perHostIntervalMs } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    if (values.json) {
      out(
        JSON.stringify(
          {
            checkedAt: now.toISOString(),
            checked: run.checked,
            skipped: run.skipped,
            retries: run.retries,
            ms: run.ms,
            links: run.links,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const counts = new Map<string, number>();
    for (const l of run.links)
      if (l.result) counts.set(l.result.outcome, (counts.get(l.result.outcome) ?? 0) + 1);
    const insecure = run.links.filter((l) => l.url.startsWith('http://')).length;
    out(
      `kb links: ${run.links.length} source URLs; ${run.checked} checked now, ${run.skipped} checked within the last ${RECHECK_AFTER_DAYS} days`,
    );
    out(
      `  ${LINK_OUTCOMES.map((o) => `${o} ${counts.get(o) ?? 0}`).join(', ')}; plain http:// ${insecure}` +
        (run.checked
          ? `; ${(run.checked / Math.max(run.ms / 1000, 0.001)).toFixed(1)} URLs/s, ${run.retries} retries`
          : ''),
    );
    const order = ['broken', 'moved', 'unreachable', 'redirected'];
    const listed = run.links
      .filter((l) => l.result && order.includes(l.result.outcome))
      .sort((a, b) => order.indexOf(a.result?.outcome ?? '') - order.indexOf(b.result?.outcome ?? ''));
    for (const l of listed) {
      const r = l.result!;
      out(`${LABELS[r.outcome].padEnd(11)} ${l.url}`);
      out(`            ${r.detail} · checked ${r.checkedAt.slice(0, 10)} · ${l.entries.join(', ')}`);
    }
    for (const l of run.links.filter((x) => x.url.startsWith('http://')))
      out(`HTTP        ${l.url} (use https:// if the site offers it) · ${l.entries.join(', ')}`);
    return 0;
  });
};
