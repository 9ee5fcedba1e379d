import { performance } from 'node:perf_hooks';
import type { FakeDiscord } from './fake-discord.js';
import { describeInteraction, type FakeMessage } from './fake-interaction.js';
import { checkChoices, checkModal } from './payload-limits.js';
import { invalidBody, type Reply } from './read-request.js';

// How the bot answers an interaction, as Discord takes it (API v10): the one callback within the
// acknowledgement window (POST /interactions/:id/:token/callback), then follow-ups and edits of the
// original message through the interaction's webhook until its token expires.

/** Callback types each interaction type may answer with. */
function allowedCallbacks(interactionType: number, fromMessage: boolean): number[] {
  // Modals (9) answer commands and components, never a modal submit; a submit may update the message
  // (6, 7) only when its modal was opened from a component on that message.
  const allowed: Record<number, number[]> = {
    2: [4, 5, 9],
    3: [4, 5, 6, 7, 9],
    4: [8],
    5: fromMessage ? [4, 5, 6, 7] : [4, 5],
  };
  return allowed[interactionType] ?? [];
}

/** POST /interactions/:id/:token/callback: at most once, within the window, of a type valid for it. */
export function onCallback(
  discord: FakeDiscord,
  id: string,
  token: string,
  body: unknown,
  url: URL,
  reply: Reply,
) {
  const { store } = discord;
  const interaction = store.interactions.get(id);
  if (!interaction || interaction.token !== token)
    return reply(404, { message: 'Unknown interaction', code: 10062 });
  const at = performance.now();
  if (interaction.callbacks.length > 0)
    return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
  if (at - interaction.dispatchedAt > discord.options.ackWindowMs) {
    store.violations.push(
      `interaction ${id}: acknowledged after ${Math.round(at - interaction.dispatchedAt)} ms`,
    );
    return reply(404, { message: 'Unknown interaction', code: 10062 });
  }
  const { type, data } = (body ?? {}) as { type: number; data?: Record<string, unknown> };
  const where = `callback ${type} for ${describeInteraction(interaction.payload)}`;
  if (!allowedCallbacks(interaction.type, Boolean(interaction.sourceMessageId)).includes(type)) {
    store.violations.push(
      `${where}: callback type ${type} is not valid for interaction type ${interaction.type}`,
    );
    return reply(400, { message: 'Interaction callback type invalid', code: 50035 });
  }
  const problems =
    type === 8
      ? checkChoices(data, where)
      : type === 9
        ? checkModal(data, where)
        : type === 4 || type === 7
          ? store.checkOutgoing(data, where)
          : [];
  store.violations.push(...problems);
  if (problems.length) return reply(400, invalidBody(problems));
  interaction.callbacks.push({ type, data, at });
  const channelId = String(interaction.payload.channel_id);
  if (type === 4 || type === 5) {
    const message = store.storeMessage(
      channelId,
      type === 4 ? (data ?? {}) : { content: '', flags: ((data?.flags as number) ?? 0) | 128 },
      id,
    );
    interaction.originalMessageId = message.id;
  } else if (type !== 9) {
    interaction.originalMessageId = interaction.sourceMessageId;
    if (type === 7 && interaction.sourceMessageId) store.editMessage(interaction.sourceMessageId, data ?? {});
  }
  interaction.emit('change');
  if (url.searchParams.get('with_response') === 'true') {
    const message = interaction.originalMessageId
      ? store.messages.get(interaction.originalMessageId)
      : undefined;
    return reply(200, {
      interaction: {
        id,
        type: interaction.type,
        response_message_id: message?.id,
        response_message_loading: type === 5,
        response_message_ephemeral: false,
      },
      resource: { type, ...(message ? { message: discord.messageObject(message) } : {}) },
    });
  }
  return reply(204);
}

/**
 * /webhooks/:app/:token[/messages/:id]: a follow-up (POST), or GET, PATCH or DELETE of `@original` or a
 * follow-up. Refused before the first callback and once the token has expired.
 */
export function onWebhook(
  discord: FakeDiscord,
  method: string,
  appId: string,
  token: string,
  messageRef: string | undefined,
  body: unknown,
  reply: Reply,
) {
  const { store } = discord;
  const interaction = store.interactionsByToken.get(token);
  if (appId !== discord.applicationId || !interaction || interaction.expired)
    return reply(404, { message: 'Unknown Webhook', code: 10015 });
  if (interaction.callbacks.length === 0) return reply(404, { message: 'Unknown Webhook', code: 10015 });
  const where = `${method} webhook ${messageRef ?? ''} for ${describeInteraction(interaction.payload)}`;
  const messageId = messageRef === '@original' ? interaction.originalMessageId : messageRef;
  if (method === 'POST' && !messageRef) {
    const problems = store.checkOutgoing(body, where);
    store.violations.push(...problems);
    if (problems.length) return reply(400, invalidBody(problems));
    const message = store.storeMessage(
      String(interaction.payload.channel_id),
      body as Record<string, unknown>,
      interaction.id,
    );
    interaction.followUps.push({ data: body as Record<string, unknown>, at: performance.now(), message });
    interaction.emit('change');
    return reply(200, discord.messageObject(message));
  }
  const message = messageId ? store.messages.get(messageId) : undefined;
  if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
  if (method === 'GET') return reply(200, discord.messageObject(message));
  if (method === 'DELETE') {
    store.messages.delete(message.id);
    return reply(204);
  }
  if (method === 'PATCH') {
    const problems = store.checkOutgoing(body, where);
    store.violations.push(...problems);
    if (problems.length) return reply(400, invalidBody(problems));
    store.editMessage(message.id, body as Record<string, unknown>);
    interaction.edits.push({ data: body as Record<string, unknown>, at: performance.now() });
    interaction.emit('change');
    return reply(200, discord.messageObject(store.messages.get(message.id) as FakeMessage));
  }
  store.unhandled.push(`${method} webhook`);
  return reply(405, { message: '405: Method Not Allowed', code: 0 });
}
