import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoAlbersUsa, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { fitWidth, wrapText } from '../font.js';
import { escapeXml, round, SvgCanvas } from '../svg.js';
import type { Theme } from '../theme.js';
import type { LawMap } from './law-map.js';
import { formatDay, mapTextSummary } from './map-text.js';

/**
 * The map as SVG: US states (Census shapes from us-atlas, Albers USA projection with Alaska and Hawaii
 * inset) filled by category, a marker for each city or county with its own law, then the legend with
 * counts, what the map leaves out, the date and the disclaimer. Every text is measured so it fits.
 */

export const MAP_WIDTH = 1200;
const MARGIN = 32;
const MAP_TOP = 124;
const MAP_HEIGHT = 640;
const LEGEND_SIZE = 28;
const NOTE_SIZE = 24;

type StateProps = { name: string };
let atlas: { states: FeatureCollection<Geometry, StateProps>; borders: ReturnType<typeof mesh> } | undefined;

/** The US Census state shapes (1:10,000,000), read once from the us-atlas package. */
function usAtlas() {
  if (!atlas) {
    const require = createRequire(import.meta.url);
    const topology = JSON.parse(
      readFileSync(require.resolve('us-atlas/states-10m.json'), 'utf8'),
    ) as Topology<{
      states: GeometryCollection<StateProps>;
    }>;
    atlas = {
      states: feature(topology, topology.objects.states) as FeatureCollection<Geometry, StateProps>,
      borders: mesh(topology, topology.objects.states, (a, b) => a !== b),
    };
  }
  return atlas;
}

export interface DrawnMap {
  svg: string;
  canvas: SvgCanvas;
  /** Cities and counties listed but not drawn (no coordinates in knowledge/jurisdictions.yml). */
  unplaced: string[];
}

export function drawLawMap(
  map: LawMap,
  theme: Theme,
  options: { version: string; topic?: string } = { version: '' },
): DrawnMap {
  const { states } = usAtlas();
  const colourOf = new Map(map.layer.categories.map((c) => [c.id, c.colour]));
  const stateCategory = new Map(map.states.map((s) => [s.name.toLowerCase(), s.category]));
  const innerWidth = MAP_WIDTH - 2 * MARGIN;

  // Legend and notes first: the canvas is as tall as they need.
  const legend = map.layer.categories.map((c) => {
    const n = map.counts[c.id] ?? { states: 0, localities: 0 };
    return { colour: c.colour, text: `${c.label} (${countWords(n.states, n.localities)})` };
  });
  const notes: string[] = [];
  if (map.federal.length) notes.push(`Federal: ${map.federal.map((l) => l.doc.title).join('; ')}`);
  if (map.upcoming.length)
    notes.push(
      `Enacted, not yet in effect: ${map.upcoming.map((l) => `${l.doc.placeName ?? l.doc.jurisdiction} (from ${formatDay(l.standing.state === 'not-yet' ? l.standing.effective : '')})`).join(', ')}`,
    );
  if (map.elsewhere.length)
    notes.push(
      `Outside the US, not drawn: ${map.elsewhere.map((p) => `${p.name} (${p.laws.length} ${p.laws.length === 1 ? 'law' : 'laws'})`).join(', ')}`,
    );
  const unplaced = map.localities.filter((l) => !l.at).map((l) => l.name);
  if (unplaced.length) notes.push(`Not drawn (no coordinates in the base): ${unplaced.join(', ')}`);
  const noteLines = notes.flatMap((n) => wrapText(n, innerWidth, NOTE_SIZE, { maxLines: 3 }));
  const disclaimer = wrapText(
    `From the Dossier knowledge base${options.version ? ` (version ${options.version})` : ''}, not legal advice. Check each law's sources before relying on it.`,
    innerWidth,
    NOTE_SIZE,
    { maxLines: 2 },
  );
  const legendTop = MAP_TOP + MAP_HEIGHT + 24;
  const legendLines = legend.map((row) => wrapText(row.text, innerWidth - 48, LEGEND_SIZE, { maxLines: 2 }));
  const legendHeight = legendLines.reduce((h, lines) => h + 42 + (lines.length - 1) * 34, 0) + 2 * 42;
  const notesTop = legendTop + legendHeight + 12;
  const height = Math.ceil(notesTop + (noteLines.length + disclaimer.length) * 32 + 24);
  const canvas = new SvgCanvas(MAP_WIDTH, height, theme);

  canvas.text(MARGIN, 58, fitWidth(map.layer.title, innerWidth, 40, 'bold'), { size: 40, weight: 'bold' });
  const subtitle = `As of ${formatDay(map.asOf)}${options.topic ? ` · about "${options.topic}"` : ''} · ${map.states.length} states, ${map.localities.length} cities and counties`;
  canvas.text(MARGIN, 98, fitWidth(subtitle, innerWidth, 26), { size: 26, fill: theme.muted });

  const projection = geoAlbersUsa().fitExtent(
    [
      [MARGIN, MAP_TOP],
      [MAP_WIDTH - MARGIN, MAP_TOP + MAP_HEIGHT],
    ],
    states,
  );
  const path = geoPath(projection).digits(1);
  const shapes = states.features.map((f: Feature<Geometry, StateProps>) => {
    const category = stateCategory.get(f.properties.name.toLowerCase());
    const fill = (category && colourOf.get(category)) ?? theme.emptyFill;
    return `<path d="${path(f) ?? ''}" fill="${fill}"><title>${escapeXml(f.properties.name)}</title></path>`;
  });
  canvas.raw(`<g>${shapes.join('')}</g>`);
  canvas.raw(
    `<path d="${path(usAtlas().borders) ?? ''}" fill="none" stroke="${theme.stroke}" stroke-width="1.2" stroke-linejoin="round"/>`,
  );

  // Markers: the weakest categories first, so the strongest are drawn on top where they overlap.
  const markers = map.localities
    .filter((l) => l.at && l.category)
    .sort(
      (a, b) =>
        map.layer.categories.findIndex((c) => c.id === b.category) -
        map.layer.categories.findIndex((c) => c.id === a.category),
    );
  for (const m of markers) {
    const xy = m.at ? projection([m.at.lon, m.at.lat]) : null;
    if (!xy) continue;
    canvas.raw(
      `<circle cx="${round(xy[0])}" cy="${round(xy[1])}" r="9" fill="${colourOf.get(m.category ?? '') ?? theme.emptyFill}" stroke="${theme.text}" stroke-width="2"><title>${escapeXml(m.name)}</title></circle>`,
    );
  }

  let y = legendTop;
  const rowText = (text: string) => fitWidth(text, innerWidth - 48, LEGEND_SIZE);
  for (const [i, row] of legend.entries()) {
    canvas.raw(`<rect x="${MARGIN}" y="${y}" width="32" height="32" rx="4" fill="${row.colour}"/>`);
    for (const [n, line] of (legendLines[i] ?? []).entries())
      canvas.text(MARGIN + 48, y + 26 + n * 34, line, { size: LEGEND_SIZE });
    y += 42 + ((legendLines[i]?.length ?? 1) - 1) * 34;
  }
  canvas.raw(
    `<rect x="${MARGIN}" y="${y}" width="32" height="32" rx="4" fill="${theme.emptyFill}" stroke="${theme.grid}"/>`,
  );
  canvas.text(MARGIN + 48, y + 26, rowText('None in the knowledge base'), { size: LEGEND_SIZE });
  y += 42;
  canvas.raw(
    `<circle cx="${MARGIN + 16}" cy="${y + 16}" r="9" fill="${theme.emptyFill}" stroke="${theme.text}" stroke-width="2"/>`,
  );
  canvas.text(MARGIN + 48, y + 26, rowText('A city or county with its own law, coloured as above'), {
    size: LEGEND_SIZE,
  });
  y = notesTop;
  for (const line of noteLines) {
    y += 32;
    canvas.text(MARGIN, y, line, { size: NOTE_SIZE });
  }
  for (const line of disclaimer) {
    y += 32;
    canvas.text(MARGIN, y, line, { size: NOTE_SIZE, fill: theme.muted });
  }
  canvas.raw(`<desc>${escapeXml(mapTextSummary(map))}</desc>`);
  return { svg: canvas.toString(), canvas, unplaced };
}

function countWords(states: number, localities: number): string {
  const s = `${states} ${states === 1 ? 'state' : 'states'}`;
  const l = `${localities} ${localities === 1 ? 'city or county' : 'cities and counties'}`;
  return `${s}, ${l}`;
}
