import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { type FakeGuild, type FakeUser, guildObject, snowflake } from './discord-objects.js';

// The fake Discord's gateway (API v10, JSON): hello, heartbeats, identify with READY and the shard's
// guilds, a resume answered with "identify afresh", and dispatches such as INTERACTION_CREATE.

export interface GatewayIdentity {
  token: string;
  applicationId: string;
  botUser: FakeUser;
  guilds: FakeGuild[];
  heartbeatIntervalMs: number;
  /** Where READY tells the client to resume. */
  gatewayUrl: () => string;
}

interface Session {
  socket: WebSocket;
  shard: [number, number];
  seq: number;
  ready: boolean;
}

/** The shard a guild's events go to: (guild_id >> 22) % shard count, as Discord routes them. */
function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class FakeGateway {
  readonly identifies: Record<string, unknown>[] = [];
  heartbeats = 0;
  private readonly sessions = new Set<Session>();
  private readonly events = new EventEmitter();

  constructor(private readonly identity: GatewayIdentity) {
    this.events.setMaxListeners(100);
  }

  /** A client connected to /gateway: refused unless it asks for v10 JSON, else greeted with hello. */
  accept(socket: WebSocket, url: URL): void {
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    const session: Session = { socket, shard: [0, 1], seq: 0, ready: false };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw) => {
      let packet: { op: number; d: unknown };
      try {
        packet = JSON.parse(String(raw));
      } catch {
        return void socket.close(4002, 'Decode error');
      }
      this.onPacket(session, packet);
    });
    this.send(session, { op: 10, d: { heartbeat_interval: this.identity.heartbeatIntervalMs } });
  }

  /** Drops every connection (the fake is stopping). */
  terminate(): void {
    for (const s of this.sessions) s.socket.terminate();
  }

  /** Resolves when `count` shards have identified and been sent READY and their guilds. */
  async waitForReady(count = 1, timeoutMs = 10_000): Promise<void> {
    const ready = () => [...this.sessions].filter((s) => s.ready).length >= count;
    if (ready()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake-discord: ${count} shard(s) not ready in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          this.events.off('ready', check);
          resolve();
        }
      };
      this.events.on('ready', check);
    });
  }

  /** Sends an event to the ready shard that holds `guildId` (any ready shard for a DM); throws if none. */
  dispatchToGuild(guildId: string | null | undefined, t: string, d: unknown): void {
    const shardCount = Math.max(1, ...[...this.sessions].map((s) => s.shard[1]));
    const shardId = guildId ? shardOf(guildId, shardCount) : 0;
    const session =
      [...this.sessions].find((s) => s.ready && s.shard[0] === shardId) ??
      [...this.sessions].find((s) => s.ready);
    if (!session) throw new Error('fake-discord: no client connected to the gateway');
    this.dispatch(session, t, d);
  }

  private onPacket(session: Session, packet: { op: number; d: unknown }) {
    switch (packet.op) {
      case 1:
        this.heartbeats++;
        this.send(session, { op: 11 });
        return;
      case 2:
        return this.identify(session, packet.d as { token?: string; shard?: [number, number] });
      case 6:
        // No resume state is kept: tell the client to identify afresh, as Discord does for a stale session.
        this.send(session, { op: 9, d: false });
        return;
      default:
        return;
    }
  }

  private identify(session: Session, d: { token?: string; shard?: [number, number] }) {
    const { token, botUser, applicationId } = this.identity;
    this.identifies.push(d as Record<string, unknown>);
    if (d.token !== token && d.token !== `Bot ${token}`)
      return void session.socket.close(4004, 'Authentication failed');
    session.shard = d.shard ?? [0, 1];
    const [shardId, shardCount] = session.shard;
    const mine = this.identity.guilds.filter((g) => shardOf(g.id, shardCount) === shardId);
    this.dispatch(session, 'READY', {
      v: 10,
      user: {
        ...botUser,
        discriminator: '0',
        bot: true,
        avatar: null,
        global_name: null,
        verified: true,
        flags: 0,
      },
      guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
      session_id: `session-${snowflake()}`,
      resume_gateway_url: this.identity.gatewayUrl(),
      shard: session.shard,
      application: { id: applicationId, flags: 0 },
    });
    for (const g of mine) this.dispatch(session, 'GUILD_CREATE', guildObject(g));
    session.ready = true;
    this.events.emit('ready');
  }

  private send(session: Session, packet: Record<string, unknown>) {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(packet));
  }

  private dispatch(session: Session, t: string, d: unknown) {
    session.seq++;
    this.send(session, { op: 0, t, s: session.seq, d });
  }
}
