import type { FakeMessage } from '../fakes/fake-discord.js';

/** Everything a member can read in a message: content, then each embed's title, description, fields, footer. */
export function textOf(message: Pick<FakeMessage, 'content' | 'embeds'>): string {
  const parts = [message.content];
  for (const e of message.embeds as {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[]) {
    parts.push(e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
    parts.push(e.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

export interface ButtonView {
  label: string;
  customId?: string;
  url?: string;
  disabled: boolean;
}

export function buttonsOf(message: Pick<FakeMessage, 'components'>): ButtonView[] {
  return message.components.flatMap((row) =>
    (
      (row.components ?? []) as { label?: string; custom_id?: string; url?: string; disabled?: boolean }[]
    ).map((b) => ({
      label: b.label ?? '',
      ...(b.custom_id ? { customId: b.custom_id } : {}),
      ...(b.url ? { url: b.url } : {}),
      disabled: b.disabled ?? false,
    })),
  );
}

export function button(message: Pick<FakeMessage, 'components'>, label: RegExp): ButtonView {
  const found = buttonsOf(message).find((b) => label.test(b.label));
  if (!found)
    throw new Error(
      `no button matching ${label}; buttons: ${buttonsOf(message)
        .map((b) => b.label)
        .join(', ')}`,
    );
  return found;
}
