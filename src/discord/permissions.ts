import { type Interaction, PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { UserFacingError } from '../errors.js';
import type { Store } from '../store/types.js';

/**
 * Who may curate the knowledge base in a server: members with Manage Server, and members holding the
 * curator role the server set with `/kb settings curator-role`. Checked when a command or button runs,
 * so changing the role (or a member's roles) takes effect at once. Used by /kb review and /kb inbox.
 */

const GuildSettings = z.object({ curatorRoleId: z.string().optional() });
const settingsKey = (guildId: string) => `kb:settings:${guildId}`;

export async function curatorRole(store: Store, guildId: string): Promise<string | undefined> {
  return (await store.get(settingsKey(guildId), GuildSettings))?.curatorRoleId;
}

/** Sets (or with undefined, clears) the server's curator role. */
export async function setCuratorRole(
  store: Store,
  guildId: string,
  roleId: string | undefined,
): Promise<void> {
  const current = (await store.get(settingsKey(guildId), GuildSettings)) ?? {};
  const next = { ...current };
  if (roleId) next.curatorRoleId = roleId;
  else delete next.curatorRoleId;
  await store.set(settingsKey(guildId), next);
}

/** The role ids of the member behind an interaction (a cached GuildMember or the raw API member). */
function memberRoles(interaction: Interaction): readonly string[] {
  const roles = (interaction.member as { roles?: unknown } | null)?.roles;
  if (Array.isArray(roles)) return roles as string[];
  const cache = (roles as { cache?: Map<string, unknown> } | undefined)?.cache;
  return cache ? [...cache.keys()] : [];
}

/** Whether the member behind `interaction` may curate: Manage Server, or the server's curator role. */
export async function canCurate(interaction: Interaction, store: Store): Promise<boolean> {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const role = await curatorRole(store, interaction.guildId);
  return role !== undefined && memberRoles(interaction).includes(role);
}

/** Throws the refusal members see when they may not curate. */
export async function requireCurator(interaction: Interaction, store: Store): Promise<void> {
  if (!(await canCurate(interaction, store)))
    throw new UserFacingError(
      'Only curators can do this: members with the Manage Server permission or the curator role (/kb settings curator-role).',
    );
}
