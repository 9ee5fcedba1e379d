import { describe, expect, it } from 'vitest';
import {
  ConsoleButtonInteraction,
  ConsoleCommandInteraction,
  type ConsoleEvent,
  ConsoleModalSubmitInteraction,
} from '../../src/console/interactions.js';

// The console's interactions answer once, as Discord's do: a command that answers twice fails in the
// console as it would in a server, instead of printing two replies that Discord would never show.

function recorded() {
  const events: ConsoleEvent[] = [];
  return { events, emit: (e: ConsoleEvent) => void events.push(e) };
}

describe('console interactions', () => {
  it('GIVEN a command that replied or deferred THEN a second reply, defer or form is refused; editReply and followUp still work', async () => {
    const { events, emit } = recorded();
    const replied = new ConsoleCommandInteraction(emit, 'about', []);
    await replied.reply({ content: 'one' });
    await expect(replied.reply({ content: 'two' })).rejects.toThrow(/already acknowledged/);
    await expect(replied.deferReply()).rejects.toThrow(/already acknowledged/);
    await expect(replied.showModal({ title: 'f', custom_id: 'f', components: [] })).rejects.toThrow(
      /already acknowledged/,
    );
    const deferred = new ConsoleCommandInteraction(emit, 'about', []);
    await deferred.deferReply();
    await expect(deferred.reply({ content: 'late' })).rejects.toThrow(/already acknowledged/);
    await deferred.editReply({ content: 'done' });
    await deferred.followUp({ content: 'more' });
    expect(events.map((e) => e.kind)).toEqual(['reply', 'defer', 'edit', 'followUp']);
  });

  it('GIVEN a button or a form on a message THEN it updates that message once, and not after a reply', async () => {
    const { events, emit } = recorded();
    const button = new ConsoleButtonInteraction(emit, 'page:2', 'm1');
    await button.update({ content: 'page 2' });
    await expect(button.update({ content: 'page 3' })).rejects.toThrow(/already acknowledged/);
    await expect(button.reply({ content: 'x' })).rejects.toThrow(/already acknowledged/);
    const form = new ConsoleModalSubmitInteraction(emit, 'edit', { title: 'T' }, 'm2');
    await form.reply({ content: 'saved' });
    await expect(form.update({ content: 'x' })).rejects.toThrow(/already acknowledged/);
    expect(events).toEqual([
      { kind: 'update', message: { content: 'page 2' }, ephemeral: false },
      { kind: 'reply', message: { content: 'saved' }, ephemeral: false },
    ]);
  });
});
