import { z } from 'zod';
import type { Store } from '../store/types.js';

/** As long as the answer record feedback refers to (src/answer/answerer.ts). */
const DELIVERY_TTL_MS = 90 * 24 * 60 * 60_000;

/**
 * Who got an answer: a server (public answer) or one member in a server (private answer). A vote on the
 * answer's buttons is accepted only from there, because the button's payload (its custom_id, guild and
 * user) is not trusted to come from the message it claims to: otherwise a vote from another server, or on
 * another member's private answer, would put that question in the wrong server's /kb feedback.
 * A cached answer keeps its id, so one answer id may be delivered to several servers and members.
 */
export interface Delivery {
  answerId: string;
  guildId: string | undefined;
  userId: string;
  private: boolean;
}

const key = (answerId: string, guildId: string | undefined, userId?: string) =>
  `ask:delivery:${answerId}:${guildId ?? 'dm'}${userId ? `:${userId}` : ''}`;

export async function recordDelivery(store: Store, delivery: Delivery): Promise<void> {
  await store.set(
    key(delivery.answerId, delivery.guildId, delivery.private ? delivery.userId : undefined),
    true,
    DELIVERY_TTL_MS,
  );
}

/** True when the answer was given publicly in `guildId`, or privately to `userId` there. */
export async function mayVote(
  store: Store,
  vote: { answerId: string; guildId: string | undefined; userId: string },
): Promise<boolean> {
  if (await store.get(key(vote.answerId, vote.guildId), z.literal(true))) return true;
  return (await store.get(key(vote.answerId, vote.guildId, vote.userId), z.literal(true))) === true;
}
