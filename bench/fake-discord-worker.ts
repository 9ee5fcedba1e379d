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
  /** Members' traffic from this thread, at a steady pace whatever the bot's thread is doing. */
  | { op: 'traffic-start'; seq: number; name: string; options: Record<string, string>; everyMs: number }
  | { op: 'traffic-stop'; seq: number }
  | { op: 'stop'; seq: number };

export interface WorkerResponse {
  seq: number;
  /** traffic-stop: each interaction's first-response time, or null when there was none within 3 s. */
  traffic?: (number | null)[];
  ms?: number;
  /** A pressable "Next" button on the reply, for later paging. */
  next?: { messageId: string; customId: string };
  error?: string;
  violations?: number;
}

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

const traffic: { timer?: NodeJS.Timeout; sent: Promise<number | null>[] } = { sent: [] };

port.on('message', async (request: WorkerRequest) => {
  const reply = (r: Omit<WorkerResponse, 'seq'>) => port.postMessage({ seq: request.seq, ...r });
  try {
    let interaction: FakeInteraction;
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
      return reply({ ms: performance.now() - interaction.dispatchedAt });
    }
    const first = await interaction.firstResponse(
      request.op === 'command' ? (request.timeoutMs ?? 10_000) : 10_000,
    );
    const rows = (first.data?.components ?? []) as {
      components: { custom_id?: string; label?: string; disabled?: boolean }[];
    }[];
    const next = rows.flatMap((r) => r.components).find((b) => b.label?.startsWith('Next') && !b.disabled);
    reply({
      ms: interaction.firstResponseMs ?? Number.NaN,
      ...(next?.custom_id && interaction.originalMessageId
        ? { next: { messageId: interaction.originalMessageId, customId: next.custom_id } }
        : {}),
    });
  } catch (error) {
    reply({ error: String(error) });
  }
});
