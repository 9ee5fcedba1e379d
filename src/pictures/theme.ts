/**
 * Colours for pictures. The categorical palette is Okabe & Ito's (2008), chosen so the colours stay
 * distinct with the common colour-vision deficiencies; every colour is also named in the legend and the
 * text beside the image, so nothing is said by colour alone. Two backgrounds, because Discord is read in
 * light and dark themes and an image is not re-coloured by the client.
 */

export const PALETTE = {
  blue: '#0072B2',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  orange: '#E69F00',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  yellow: '#F0E442',
} as const;

export type PaletteColour = keyof typeof PALETTE;

export type ThemeName = 'light' | 'dark';

export interface Theme {
  name: ThemeName;
  background: string;
  /** Titles and labels. */
  text: string;
  /** Secondary text: dates, notes, the disclaimer. */
  muted: string;
  /** Areas with nothing to show ("none in the base"). */
  emptyFill: string;
  /** Borders between areas, and around markers. */
  stroke: string;
  /** Lines of axes and grids. */
  grid: string;
}

export const THEMES: Record<ThemeName, Theme> = {
  light: {
    name: 'light',
    background: '#FFFFFF',
    text: '#1A1A1A',
    muted: '#4D4D4D',
    emptyFill: '#E6E6E6',
    stroke: '#FFFFFF',
    grid: '#BFBFBF',
  },
  dark: {
    name: 'dark',
    background: '#2B2D31',
    text: '#F2F3F5',
    muted: '#C4C9CE',
    emptyFill: '#4E5058',
    stroke: '#2B2D31',
    grid: '#6D6F78',
  },
};

export function isThemeName(value: string): value is ThemeName {
  return value === 'light' || value === 'dark';
}
