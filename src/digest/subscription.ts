import { z } from 'zod';
import { PLACE_CODE, PLACES_FILE } from '../kb/places.js';
import { DocType } from '../kb/schema.js';
import { canonicalTimeZone, isTimeZone } from './zoned-time.js';

/** The parts of a digest a channel can ask for. */
export const DIGEST_SECTIONS = ['new', 'upcoming', 'anniversaries'] as const;
export const DigestSection = z.enum(DIGEST_SECTIONS);
export type DigestSection = z.infer<typeof DigestSection>;

/** A Discord id (17-20 digits), or the local console's own ("console"); ids become parts of store keys. */
const Snowflake = z
  .string()
  .regex(/^(\d{17,20}|console)$/, { error: 'expected a Discord id (17-20 digits)' });

/** 24-hour HH:MM; "9:00" is read as 09:00. */
export const DigestTime = z.preprocess(
  (v) => (typeof v === 'string' && /^\d:\d\d$/.test(v.trim()) ? `0${v.trim()}` : v),
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    error: (iss) => `expected a time like 09:00 (24-hour HH:MM), got ${JSON.stringify(iss.input)}`,
  }),
);

/** An IANA zone name, any case, kept in its canonical spelling. */
export const TimeZone = z
  .string()
  .refine(isTimeZone, {
    error: (iss) => `expected an IANA time zone like Europe/Berlin, got ${JSON.stringify(iss.input)}`,
  })
  .transform(canonicalTimeZone);

/** What a server admin asked for with /digest subscribe. Written only by commands. */
export const Subscription = z.object({
  guildId: Snowflake,
  channelId: Snowflake,
  time: DigestTime,
  timezone: TimeZone,
  /** Empty: every type. */
  types: z.array(DocType).default([]),
  /** Empty: everywhere. A code includes the places inside it (US-CA includes US-CA-SF). */
  jurisdictions: z
    .array(
      // Well-formed here (this also reads values back from the store); listed is checked on subscribe.
      z.string().regex(PLACE_CODE, {
        error: (iss) =>
          `expected jurisdiction codes like US-IL (knowledge/${PLACES_FILE}), got ${JSON.stringify(iss.input)}`,
      }),
    )
    .default([]),
  sections: z
    .array(DigestSection)
    .min(1)
    .default([...DIGEST_SECTIONS]),
  /** Who it is for: members (what is new and coming up) or curators (what fell due for review, broken links). */
  audience: z.enum(['members', 'curators']).default('members'),
  /** Post a short "nothing new today" note instead of staying silent on an empty day. */
  nothingNewNote: z.boolean().default(false),
  /**
   * Attach the law map (as /map draws it, today) when a law in the digest changed status. Off unless asked
   * for; subscriptions stored before the option existed read as off.
   */
  attachMap: z.boolean().default(false),
  /** ISO instant; digests due before it are not caught up. */
  createdAt: z.iso.datetime(),
  createdBy: z.string().optional(),
});
export type Subscription = z.infer<typeof Subscription>;
export type SubscriptionInput = z.input<typeof Subscription>;

export const LastResult = z.object({
  /** The channel's local date the result is for. */
  date: z.string(),
  at: z.iso.datetime(),
  outcome: z.enum(['sent', 'nothing-to-say', 'skipped', 'retrying', 'failed', 'broken']),
  messages: z.number().int().nonnegative().default(0),
  detail: z.string().optional(),
});
export type LastResult = z.infer<typeof LastResult>;

/**
 * What the scheduler learned about a subscription. Kept apart from the subscription so that the
 * scheduler never overwrites an admin's change (or resurrects a deleted subscription).
 */
export const DigestState = z.object({
  /** The last digest posted: its instant (the next one's `since`) and the entries it announced. */
  lastDigest: z.object({ at: z.iso.datetime(), announced: z.array(z.string()).default([]) }).optional(),
  lastResult: LastResult.optional(),
  /** Set on 403/404: the channel is gone or closed to the bot; no more attempts until re-subscribed. */
  broken: z.object({ reason: z.string(), at: z.iso.datetime() }).optional(),
  /** A transient failure today: try again from `notBefore` until the local day ends. */
  retry: z.object({ date: z.string(), attempts: z.number().int(), notBefore: z.iso.datetime() }).optional(),
});
export type DigestState = z.infer<typeof DigestState>;

export const ClaimValue = z.object({
  state: z.enum(['claimed', 'sent', 'failed', 'skipped']),
  by: z.string(),
  at: z.iso.datetime(),
  /** Messages of this digest Discord has accepted, so a retry after a crash resumes, not repeats. */
  sentParts: z.number().int().nonnegative().default(0),
});
export type ClaimValue = z.infer<typeof ClaimValue>;

export const subscriptionId = (s: Pick<Subscription, 'guildId' | 'channelId'>) =>
  `${s.guildId}:${s.channelId}`;
/**
 * Store keys. A day's digest is claimed under `claim(id, date):<subscription created>:<round>` (round 0,
 * then one more after each transient failure), and a stalled claim's one retry under that key plus `:retry`.
 */
export const keys = {
  subscription: (guildId: string, channelId: string) => `digest:sub:${guildId}:${channelId}`,
  subscriptions: (guildId?: string) => (guildId ? `digest:sub:${guildId}:` : 'digest:sub:'),
  state: (id: string) => `digest:state:${id}`,
  claim: (id: string, date: string) => `digest:claim:${id}:${date}`,
};
