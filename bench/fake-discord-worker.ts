import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { type FakeInteraction, startFakeDiscord } from '../test/fakes/fake-discord.js';

/**
 * The fake Discord in a worker thread for the latency benchmark, so the bot's thread does not also pay
 * for Discord's side (as in production, where Discord is not on our CPU). Timing happens here, in one
 * thread: from INTERACTION_CREATE leaving the gateway to the first callback arriving on the REST API.
 */
export type WorkerRequest =
  | {
      op: 'command';
      seq: number;
      name: string;
      options: Record<string, string>;
      /** A subcommand, and the member's permissions as a decimal string (an admin runs /kb reload). */
      subcommand?: string;
      permissions?: string;
      /** How long to wait for the first response (default 10 s). */
      timeoutMs?: number;
      /** Wait for the reply itself (after a deferral, its edit), and time that instead. */
      untilReply?: boolean;
    }
  | { op: 'autocomplete'; seq: number; name: string; options: Record<string, string>; focused: string }
  | { op: 'button'; seq: number; messageId: string; customId: string }
  | { op: 'deploy-check'; seq: number }
  /** The benchmark's mix of interactions (see `Mix`), drawn and timed here from then on. */
  | { op: 'mix'; seq: number; mix: Mix }
  /** `count` interactions of the mix, `inFlight` at a time; `measure` records their times. */
  | { op: 'run'; seq: number; count: number; inFlight: number; measure: boolean }
  /** Members' traffic from this thread, at a steady pace whatever the bot's thread is doing. */
  | { op: 'traffic-start'; seq: number; name: string; options: Record<string, string>; everyMs: number }
  | { op: 'traffic-stop'; seq: number }
  | { op: 'stop'; seq: number };

export interface WorkerResponse {
  seq: number;
  /** run: each measured interaction's kind and first-response time, and how many got no response. */
  times?: { kind: string; ms: number }[];
  unanswered?: number;
  meanInFlight?: number;
  /** traffic-stop: each interaction's first-response time, or null when there was none within 3 s. */
  traffic?: (number | null)[];
  ms?: number;
  /** A pressable "Next" button on the reply, for later paging. */
  next?: { messageId: string; customId: string };
  error?: string;
  violations?: number;
}

/**
 * What members send in the latency benchmark: a mix of non-LLM commands, autocomplete and paging buttons,
 * drawn from a seeded generator over the base's own names. Drawn and timed in this thread, as Discord
 * would send them, so the bot's thread does no bookkeeping of the benchmark's own per interaction.
 */
export interface Mix {
  seed: number;
  laws: string[];
  letters: string[];
  companies: string[];
  ids: string[];
  /** The search and timeline topics; `cycle` takes them in order (each once), else at random. */
  queries: string[];
  cycle: boolean;
}

type Interaction =
  Extract<WorkerRequest, { op: 'command' | 'autocomplete' | 'button' }> extends infer R
    ? R extends unknown
      ? Omit<R, 'seq'>
      : never
    : never;

function drawFrom(mix: Mix): { next: () => Interaction; pages: { messageId: string; customId: string }[] } {
  const { laws, letters, companies, ids, queries } = mix;
  let seed = mix.seed;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pages: { messageId: string; customId: string }[] = [];
  let asked = 0;
  const next = (): Interaction => {
    const r = random();
    const command = (name: string, opts: Record<string, string> = {}) => ({
      op: 'command' as const,
      name,
      options: opts,
    });
    const topic = () => (mix.cycle ? (queries[asked++ % queries.length] as string) : pick(queries));
    if (r < 0.3) return command('search', { query: topic() });
    if (r < 0.4 && pages.length) {
      const page = pages.splice(Math.floor(random() * pages.length), 1)[0];
      if (page) return { op: 'button', ...page };
    }
    if (r < 0.5 && laws.length) return command('law', { name: pick(laws) });
    if (r < 0.55 && letters.length) return command('letter', { name: pick(letters) });
    if (r < 0.6 && companies.length) return command('statement', { company: pick(companies) });
    if (r < 0.65) return command('timeline', { topic: topic() });
    if (r < 0.7) return command('source', { id: pick(ids) });
    if (r < 0.75) return command(pick(['about', 'help']));
    if (r < 0.88)
      return { op: 'autocomplete', name: 'law', options: { name: pick(laws).slice(0, 3) }, focused: 'name' };
    return {
      op: 'autocomplete',
      name: 'statement',
      options: { company: pick(companies).slice(0, 2) },
      focused: 'company',
    };
  };
  return { next, pages };
}

const kindOf = (request: Interaction) =>
  request.op === 'command'
    ? `/${request.name}`
    : request.op === 'autocomplete'
      ? `autocomplete /${request.name}`
      : request.op;

const port = parentPort;
if (!port) throw new Error('fake-discord-worker: run as a worker thread');
const discord = await startFakeDiscord(workerData as { token: string; applicationId: string });
// BENCH_WORKER_CPU_PROFILE=FILE: this thread's CPU profile from here to `stop` (the warm-up included).
const profile = process.env.BENCH_WORKER_CPU_PROFILE;
const session = profile ? new (await import('node:inspector/promises')).Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
}
port.postMessage({
  seq: -1,
  apiBase: discord.apiBase,
  token: discord.token,
  applicationId: discord.applicationId,
});

let drawn: ReturnType<typeof drawFrom> | undefined;
const traffic: { timer?: NodeJS.Timeout; sent: Promise<number | null>[] } = { sent: [] };

port.on('message', async (request: WorkerRequest) => {
  const reply = (r: Omit<WorkerResponse, 'seq'>) => port.postMessage({ seq: request.seq, ...r });
  try {
    if (request.op === 'stop') {
      if (session && profile)
        writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
      await discord.stop();
      return reply({ violations: discord.violations.length });
    }
    if (request.op === 'traffic-start') {
      const { name, options, everyMs } = request;
      traffic.timer = setInterval(() => {
        const interaction = discord.sendCommand(name, options);
        traffic.sent.push(
          interaction.firstResponse(3_000).then(
            () => interaction.firstResponseMs ?? null,
            () => null,
          ),
        );
      }, everyMs);
      return reply({});
    }
    if (request.op === 'traffic-stop') {
      clearInterval(traffic.timer);
      return reply({ traffic: await Promise.all(traffic.sent.splice(0)) });
    }
    if (request.op === 'deploy-check') {
      await discord.waitForReady(1);
      return reply({ violations: discord.violations.length });
    }
    if (request.op === 'mix') {
      drawn = drawFrom(request.mix);
      return reply({});
    }
    if (request.op === 'run') return reply(await run(request.count, request.inFlight, request.measure));
    reply(await interact(request));
  } catch (error) {
    reply({ error: String(error) });
  }
});

/** One interaction sent to the bot; its first-response time, and a pressable "Next" button on the reply. */
async function interact(request: Interaction): Promise<Omit<WorkerResponse, 'seq'>> {
  let interaction: FakeInteraction;
  if (request.op === 'command')
    interaction = discord.sendCommand(request.name, request.options, {
      ...(request.subcommand ? { subcommand: request.subcommand } : {}),
      ...(request.permissions ? { permissions: BigInt(request.permissions) } : {}),
    });
  else if (request.op === 'autocomplete')
    interaction = discord.sendAutocomplete(request.name, request.options, request.focused);
  else interaction = discord.pressButton(request.messageId, request.customId);
  if (request.op === 'command' && request.untilReply) {
    await interaction.reply(request.timeoutMs ?? 10_000);
    return { ms: performance.now() - interaction.dispatchedAt };
  }
  const first = await interaction.firstResponse(
    request.op === 'command' ? (request.timeoutMs ?? 10_000) : 10_000,
  );
  const rows = (first.data?.components ?? []) as {
    components: { custom_id?: string; label?: string; disabled?: boolean }[];
  }[];
  const next = rows.flatMap((r) => r.components).find((b) => b.label?.startsWith('Next') && !b.disabled);
  return {
    ms: interaction.firstResponseMs ?? Number.NaN,
    ...(next?.custom_id && interaction.originalMessageId
      ? { next: { messageId: interaction.originalMessageId, customId: next.custom_id } }
      : {}),
  };
}

/**
 * `count` interactions of the mix at `inFlight` at a time, each sent as soon as an earlier one is answered;
 * with how many were waiting for the bot on average (time-weighted).
 */
async function run(count: number, inFlight: number, measure: boolean): Promise<Omit<WorkerResponse, 'seq'>> {
  const mix = drawn;
  if (!mix) throw new Error('fake-discord-worker: run before mix');
  const times: { kind: string; ms: number }[] = [];
  let unanswered = 0;
  let started = 0;
  const begun = performance.now();
  let waiting = 0;
  let since = begun;
  let area = 0;
  const track = (change: number) => {
    const now = performance.now();
    area += waiting * (now - since);
    since = now;
    waiting += change;
  };
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < count) {
        started++;
        const request = mix.next();
        track(1);
        const r = await interact(request).catch((error: unknown): Omit<WorkerResponse, 'seq'> => ({
          error: String(error),
        }));
        track(-1);
        if (r.error || r.ms === undefined) unanswered++;
        else if (measure) times.push({ kind: kindOf(request), ms: r.ms });
        if (r.next && mix.pages.length < 100) mix.pages.push(r.next);
      }
    }),
  );
  return { times, unanswered, meanInFlight: area / Math.max(1e-9, performance.now() - begun) };
}
