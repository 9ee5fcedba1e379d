import type { DocType } from '../../kb/schema.js';

/** The colours a chart needs. Every text colour has enough contrast on `background` to read on a phone. */
export interface ChartColours {
  name: 'light' | 'dark';
  background: string;
  text: string;
  muted: string;
  grid: string;
  /** One colour per kind of entry, told apart by colour-blind readers too (Okabe–Ito). */
  types: Record<DocType, string>;
  pledge: { announced: string; extended: string; ended: string; reversed: string; letter: string };
}

/** Okabe & Ito's colour-blind-safe set, with black and yellow swapped for what each background can show. */
const OKABE_ITO = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
};

export const LIGHT: ChartColours = {
  name: 'light',
  background: '#FFFFFF',
  text: '#1A1A1A',
  muted: '#555555',
  grid: '#D9D9D9',
  types: {
    law: OKABE_ITO.blue,
    bill: OKABE_ITO.sky,
    letter: OKABE_ITO.orange,
    statement: OKABE_ITO.vermillion,
    case: OKABE_ITO.green,
    report: OKABE_ITO.purple,
    event: '#6E6E6E',
  },
  pledge: {
    announced: OKABE_ITO.blue,
    extended: OKABE_ITO.sky,
    ended: '#1A1A1A',
    reversed: OKABE_ITO.vermillion,
    letter: OKABE_ITO.orange,
  },
};

export const DARK: ChartColours = {
  name: 'dark',
  background: '#1E1F22',
  text: '#F2F3F5',
  muted: '#B5BAC1',
  grid: '#3F4147',
  types: {
    law: OKABE_ITO.sky,
    bill: '#9AD0F0',
    letter: OKABE_ITO.orange,
    statement: OKABE_ITO.vermillion,
    case: OKABE_ITO.green,
    report: OKABE_ITO.purple,
    event: '#B5BAC1',
  },
  pledge: {
    announced: OKABE_ITO.sky,
    extended: OKABE_ITO.green,
    ended: '#F2F3F5',
    reversed: OKABE_ITO.vermillion,
    letter: OKABE_ITO.orange,
  },
};
