import type { ChatInputCommandInteraction } from 'discord.js';
import { isThemeName, type ThemeName } from '../pictures/theme.js';

/** The name a chart is attached under, and how an embed shows it. */
export function attachmentUrl(name: string): string {
  return `attachment://${name}`;
}

/** Discord shows images on its dark theme by default; members on the light theme can ask for light. */
export const THEME_CHOICES = [
  { name: 'Dark background', value: 'dark' },
  { name: 'Light background (slides, print)', value: 'light' },
] as const;

export function readPictureOptions(interaction: ChatInputCommandInteraction): {
  image: boolean;
  theme: ThemeName;
} {
  const theme = interaction.options.getString('theme') ?? 'dark';
  return {
    image: interaction.options.getBoolean('image') ?? false,
    theme: isThemeName(theme) ? theme : 'dark',
  };
}
