// A lab's pipeline drawn as SVG. Layout by dagre (@dagrejs/dagre: a maintained
// layered-graph layout, 52 kB minified, no DOM needed), drawing by hand: each
// hop a box with its live counts, red with its reason when it failed. The SVG
// scales down to the page's width (no horizontal scrollbar) and shows whole names.
import { Graph, layout } from '@dagrejs/dagre';
import { html } from 'htm/preact';
import type { Hop, Pipeline } from './types.ts';

const MIN_WIDTH = 150;
const LINE = 15;
/** About the width of one character of the label font (12 px sans-serif). */
const CHAR = 6.6;

/** A box wide enough for its whole label (and its counts): names are not cut. */
function widthOf(hop: Hop): number {
  const longest = Math.max(hop.label.length + 2, ...hop.counts.map(([name, value]) => `${name}: ${value}`.length));
  return Math.max(MIN_WIDTH, Math.ceil(longest * CHAR) + 16);
}

// Plain symbols, not emoji: a machine without an emoji font draws these too.
const ICON: Record<Hop['kind'], string> = { url: '⇢', table: '▦', stream: '≋', function: 'λ', topic: '◉', queue: '▤', dlq: '☠', email: '✉', schedule: '◷' };

export function Diagram({ pipeline, onPick }: { pipeline: Pipeline; onPick?: (hop: Hop) => void }) {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 46, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const hop of pipeline.hops) g.setNode(hop.id, { width: widthOf(hop), height: 30 + LINE * hop.counts.length });
  for (const [from, to] of pipeline.edges) if (g.hasNode(from) && g.hasNode(to)) g.setEdge(from, to);
  layout(g);
  const { width = 0, height = 0 } = g.graph();
  const byId = new Map(pipeline.hops.map((h) => [h.id, h]));
  return html`<svg class="diagram" data-testid=${`diagram-lab${pipeline.lab}`} viewBox=${`0 0 ${width} ${height}`} width="100%" style=${`max-width: ${width}px`} role="img" aria-label=${pipeline.title}>
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" /></marker></defs>
    ${g.edges().map((e) => {
      const points = g.edge(e).points ?? [];
      const failed = byId.get(e.w)?.state === 'failed';
      return html`<polyline class=${`edge ${failed ? 'failed' : ''}`} points=${points.map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(' ')} marker-end="url(#arrow)" />`;
    })}
    ${pipeline.hops.map((hop) => {
      const n = g.node(hop.id);
      const x = n.x - n.width / 2;
      const y = n.y - n.height / 2;
      return html`<g class=${`hop ${hop.state}`} data-hop=${hop.id} data-state=${hop.state} transform=${`translate(${x},${y})`} onClick=${() => onPick?.(hop)}>
        <title>${hop.resource}${hop.reason ? `\n${hop.reason}` : ''}</title>
        <rect width=${n.width} height=${n.height} rx="6" />
        <text x="8" y="18" class="label">${ICON[hop.kind]} ${hop.label}</text>
        ${hop.counts.map(([name, value], i) => html`<text x="8" y=${36 + i * LINE} class="count" data-count=${name}>${name}: <tspan class="value">${value}</tspan></text>`)}
      </g>`;
    })}
  </svg>`;
}
