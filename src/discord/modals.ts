import {
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { truncate } from './reply.js';

/**
 * Modals (forms) the bot opens, built within Discord's limits (API v10): title ≤ 45 characters, at most 5
 * fields, each a Label holding a text input or a select; labels ≤ 45, placeholders ≤ 100, values ≤ 4,000.
 */
export interface TextField {
  kind?: 'text';
  id: string;
  label: string;
  description?: string | undefined;
  paragraph?: boolean | undefined;
  value?: string | undefined;
  placeholder?: string | undefined;
  required?: boolean | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
}

export interface SelectField {
  kind: 'select';
  id: string;
  label: string;
  description?: string | undefined;
  options: { label: string; value: string; description?: string | undefined }[];
  selected?: string | undefined;
}

export function buildModal(
  customId: string,
  title: string,
  fields: readonly (TextField | SelectField)[],
): ModalBuilder {
  const modal = new ModalBuilder().setCustomId(customId).setTitle(truncate(title, 45));
  for (const f of fields.slice(0, 5)) {
    const label = new LabelBuilder().setLabel(truncate(f.label, 45));
    if (f.description) label.setDescription(truncate(f.description, 100));
    if (f.kind === 'select') {
      label.setStringSelectMenuComponent(
        new StringSelectMenuBuilder()
          .setCustomId(f.id)
          .setMinValues(1)
          .setMaxValues(1)
          .addOptions(
            f.options.slice(0, 25).map((o) => ({
              label: truncate(o.label, 100),
              value: o.value,
              ...(o.description ? { description: truncate(o.description, 100) } : {}),
              ...(o.value === f.selected ? { default: true } : {}),
            })),
          ),
      );
    } else {
      const max = Math.min(f.maxLength ?? 4000, 4000);
      const input = new TextInputBuilder()
        .setCustomId(f.id)
        .setStyle(f.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short)
        .setRequired(f.required ?? true)
        .setMaxLength(max);
      if (f.minLength) input.setMinLength(f.minLength);
      if (f.placeholder) input.setPlaceholder(truncate(f.placeholder, 100));
      if (f.value) input.setValue(f.value.slice(0, max));
      label.setTextInputComponent(input);
    }
    modal.addLabelComponents(label);
  }
  return modal;
}

/** A text field's value as submitted ('' when the member left an optional field empty or it is absent). */
export function textValue(interaction: ModalSubmitInteraction, id: string): string {
  try {
    return interaction.fields.getTextInputValue(id) ?? '';
  } catch {
    return '';
  }
}

/** A select's first chosen value, or undefined. */
export function selectValue(interaction: ModalSubmitInteraction, id: string): string | undefined {
  try {
    return interaction.fields.getStringSelectValues(id)[0];
  } catch {
    return undefined;
  }
}
