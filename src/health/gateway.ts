import { type Client, Status } from 'discord.js';
import type { GatewayState } from './health-server.js';

/**
 * The Discord gateway as /healthz reports it: ready only while every shard of this process is connected.
 * Shards, not the manager: discord.js leaves the manager's status at Ready after a disconnect or destroy.
 */
export function gatewayState(client: Client): () => GatewayState {
  return () => {
    // A destroyed client has no token any more (and discord.js keeps its destroyed flag private).
    const shards = [...client.ws.shards.values()];
    const ready =
      client.token !== null && shards.length > 0 && shards.every((s) => s.status === Status.Ready);
    return ready ? 'ready' : 'down';
  };
}
