import type { DocType } from '../../kb/schema.js';
import { PALETTE, THEMES, type Theme, type ThemeName } from '../theme.js';

/**
 * The colours a chart needs, taken from the pictures' theme (src/pictures/theme.ts): its background and
 * text colours, and Okabe & Ito's colour-blind-safe palette for kinds of entries and a pledge's states.
 * Every colour is also named in the chart's legend.
 */
export interface ChartColours {
  name: ThemeName;
  background: string;
  text: string;
  muted: string;
  grid: string;
  /** One colour per kind of entry. */
  types: Record<DocType, string>;
  pledge: { announced: string; extended: string; ended: string; reversed: string; letter: string };
}

export function chartColours(theme: Theme): ChartColours {
  const dark = theme.name === 'dark';
  return {
    name: theme.name,
    background: theme.background,
    text: theme.text,
    muted: theme.muted,
    grid: theme.emptyFill,
    types: {
      // Blue is too dark to see on the dark background; sky blue takes its place there.
      law: dark ? PALETTE.skyBlue : PALETTE.blue,
      bill: dark ? '#A8D8F5' : PALETTE.skyBlue,
      letter: PALETTE.orange,
      statement: PALETTE.vermillion,
      case: PALETTE.bluishGreen,
      report: PALETTE.reddishPurple,
      event: theme.muted,
    },
    pledge: {
      announced: dark ? PALETTE.skyBlue : PALETTE.blue,
      extended: PALETTE.bluishGreen,
      ended: theme.text,
      reversed: PALETTE.vermillion,
      letter: PALETTE.orange,
    },
  };
}

export const LIGHT = chartColours(THEMES.light);
export const DARK = chartColours(THEMES.dark);
