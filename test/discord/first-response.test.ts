import {
  ButtonInteraction,
  ChatInputCommandInteraction,
  Client,
  type InteractionReplyOptions,
  MessagePayload,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createJsonTransformer } from '../../src/discord/json-transformer.js';
import {
  actionButton,
  cardEmbed,
  errorReply,
  firstResponse,
  linkButton,
  NO_MENTIONS,
  type Reply,
  row,
  toMessageOptions,
} from '../../src/discord/reply.js';
import { interactionPayload, messageObject } from '../fakes/discord-objects.js';

// The reply layer builds an interaction's first response itself rather than through discord.js's
// MessagePayload#resolveBody (src/discord/reply.ts firstResponse): the body must be discord.js's own.

const client = new Client({
  intents: [],
  allowedMentions: NO_MENTIONS,
  jsonTransformer: createJsonTransformer(),
});

function raw(type: number, data: Record<string, unknown>, message?: Record<string, unknown>) {
  return interactionPayload({
    id: '500000000000000001',
    token: 'itoken',
    applicationId: '100000000000000001',
    type,
    data,
    guildId: null,
    channelId: '300000000000000001',
    user: { id: '400000000000000001', username: 'member' },
    permissions: '0',
    roles: [],
    message,
  }) as never;
}

/** discord.js makes interactions from the gateway's payloads; its constructors are not public. */
const make = <T>(type: unknown, data: unknown): T =>
  new (type as new (client: Client, data: unknown) => T)(client, data);

const command = make<ChatInputCommandInteraction>(
  ChatInputCommandInteraction,
  raw(2, { id: '1', name: 'law', type: 1 }),
);
const bot = { id: '100000000000000001', username: 'Dossier' };
const message = messageObject(
  {
    id: '600000000000000001',
    channel_id: '300000000000000001',
    content: '',
    embeds: [],
    components: [],
    flags: 0,
    attachments: [],
  },
  { botUser: bot, apiBase: 'http://127.0.0.1/api', applicationId: bot.id },
);
const button = make<ButtonInteraction>(
  ButtonInteraction,
  raw(3, { custom_id: 'search:page:1:1', component_type: 2 }, message),
);

const replies: [string, Reply][] = [
  [
    'a card with buttons',
    {
      embeds: [
        cardEmbed(
          {
            title: 'Illinois BIPA',
            url: 'https://example.org/bipa',
            description: 'A law about [biometrics](https://example.org) *and* `more`',
            fields: [{ name: 'Status', value: 'In force', inline: true }],
          },
          '2026-11-22',
        ),
      ],
      components: [
        row(
          actionButton('search:page:1:0', '◀ Previous', { disabled: true }),
          actionButton('search:page:1:1', 'Next ▶'),
        ),
        row(linkButton('Source', 'https://example.org')),
      ],
    },
  ],
  ['an ephemeral refusal', errorReply('Nothing in the knowledge base matches "x".')],
  ['text only', { content: 'hello @everyone' }],
  ['nothing at all', {}],
];

describe('first responses built by the reply layer', () => {
  for (const [what, reply] of replies) {
    it(`GIVEN ${what} WHEN it answers a command THEN the body is exactly discord.js's own`, async () => {
      const options = toMessageOptions(reply);
      const ours = firstResponse(command, options);
      expect(ours).toBeInstanceOf(MessagePayload);
      const theirs = await MessagePayload.create(command, options as InteractionReplyOptions)
        .resolveBody()
        .resolveFiles();
      const built = await (ours as MessagePayload).resolveBody().resolveFiles();
      expect(JSON.stringify(built.body)).toBe(JSON.stringify(theirs.body));
      expect(built.files).toEqual(theirs.files);
    });

    it(`GIVEN ${what} WHEN a button updates its message THEN the body is exactly discord.js's own`, async () => {
      const { flags: _flags, ...options } = toMessageOptions(reply);
      const ours = (await (firstResponse(button, options) as MessagePayload).resolveBody().resolveFiles())
        .body;
      const theirs = (await MessagePayload.create(button, options).resolveBody().resolveFiles()).body;
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    });
  }

  it('GIVEN a reply with files WHEN answered THEN discord.js builds it (multipart)', () => {
    const options = toMessageOptions({ files: [{ name: 'map.png', data: Buffer.from('x') }] });
    expect(firstResponse(command, options)).toBe(options);
  });
});
