import { buildTimeline, type TimelineQuery } from '../../kb/build-timeline.js';
import type { Library } from '../../kb/library.js';
import { pledgeHistory } from '../../kb/pledge-history.js';
import type { SearchIndex } from '../../search/types.js';
import { pledgeChart } from './pledge-chart.js';
import { type Chart, type ChartOptions, timelineChart } from './timeline-chart.js';
import { type LaneKind, timelineEvents } from './timeline-events.js';

/** A chart ready to render, with the words that say the same thing for those who cannot see it. */
export interface DrawnChart extends Chart {
  /** Alt text: what the picture shows, within Discord's 1,024-character attachment description. */
  alt: string;
}

export const ALT_MAX = 1024;

/**
 * The /timeline selection (the very list the text reply shows) drawn as a chart. `scope` names the
 * selection as the text reply's title does ("about \"moratorium\", law").
 */
export function drawTimeline(
  library: Library,
  search: SearchIndex,
  query: TimelineQuery,
  view: { lanes: LaneKind; scope: string; asOf: string },
  options: ChartOptions,
): DrawnChart | undefined {
  const items = buildTimeline(library, search, query);
  if (items.length === 0) return undefined;
  const { events, lanes } = timelineEvents(items, library, view.lanes);
  const chart = timelineChart(
    {
      title: `Timeline${view.scope ? `: ${view.scope}` : ''}`,
      subtitle: `${items.length} event${items.length === 1 ? '' : 's'}, ${items[0]?.date.slice(0, 4)} to ${items.at(-1)?.date.slice(0, 4)} · lanes by ${view.lanes}`,
      events,
      lanes,
      version: library.version,
      asOf: view.asOf,
    },
    options,
  );
  const perLane = lanes.map((l) => `${l} ${events.filter((e) => e.lane === l).length}`).join(', ');
  const alt = limit(
    `Timeline chart${view.scope ? ` ${view.scope}` : ''}: ${items.length} events from ${items[0]?.date} to ${items.at(-1)?.date}, in lanes by ${view.lanes} (${perLane}). The same events are listed as text with /timeline.`,
  );
  return { ...chart, alt };
}

/** A company's pledges as bars over time, with the letters /statement lists for it. */
export function drawPledges(
  library: Library,
  company: string,
  asOf: string,
  options: ChartOptions,
): DrawnChart | undefined {
  const history = pledgeHistory(library, company);
  if (!history) return undefined;
  const chart = pledgeChart({ history, version: library.version, asOf }, options);
  const pledges = history.pledges.map((p) => {
    const changes = p.changes.map((c) => `${c.kind} ${c.date}`).join(', ');
    return `${p.statement.title} (${p.statement.date}${changes ? `; ${changes}` : ''}${p.end ? '' : '; no end recorded'})`;
  });
  const alt = limit(
    `Chart of ${history.company}'s pledges over time: ${pledges.join('; ') || 'none'}. ${history.letters.length} coalition letter${history.letters.length === 1 ? '' : 's'} shown as markers.`,
  );
  return { ...chart, alt };
}

function limit(text: string): string {
  return text.length <= ALT_MAX ? text : `${text.slice(0, ALT_MAX - 1)}…`;
}
