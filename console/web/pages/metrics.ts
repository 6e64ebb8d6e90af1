// Metrics: the seeds' CloudWatch graphs, drawn with uPlot (a maintained
// canvas chart library of 52 kB minified, made for time series).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { get } from '../api.ts';
import { usePoll } from '../hooks.ts';
import type { Chart } from '../types.ts';
import { ErrorLine } from './common.ts';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];

/** Series on one time axis: the union of their timestamps, gaps as null. */
function aligned(chart: Chart): uPlot.AlignedData {
  const times = [...new Set(chart.series.flatMap((s) => s.t))].sort((a, b) => a - b);
  return [times.map((t) => t / 1000), ...chart.series.map((s) => {
    const at = new Map(s.t.map((t, i) => [t, s.v[i]!]));
    return times.map((t) => at.get(t) ?? null);
  })];
}

function Plot({ chart, minutes }: { chart: Chart; minutes: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot>();
  const labels = chart.series.map((s) => s.label).join('|');
  useEffect(() => {
    const opts: uPlot.Options = {
      width: 460, height: 180,
      series: [{}, ...chart.series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], points: { size: 4 }, spanGaps: false }))],
      // The x axis spans the chosen window: with one datapoint, uPlot's own range spanned years.
      scales: { x: { time: true, range: () => [Date.now() / 1000 - minutes * 60, Date.now() / 1000] } },
      axes: [{}, { label: chart.unit }],
      legend: { live: false },
    };
    plot.current = new uPlot(opts, aligned(chart), box.current!);
    return () => plot.current?.destroy();
  }, [labels, minutes]);
  useEffect(() => plot.current?.setData(aligned(chart)), [chart]);
  const total = chart.series.reduce((a, s) => a + s.v.reduce((x, y) => x + y, 0), 0);
  return html`<figure class="chart" data-testid="chart" data-title=${chart.title} data-points=${chart.series.reduce((a, s) => a + s.t.length, 0)} data-total=${total}>
    <figcaption>${chart.title}</figcaption>
    <div ref=${box}></div>
  </figure>`;
}

export function MetricsPage() {
  const [minutes, setMinutes] = useState(15);
  const { data, error } = usePoll(() => get<Chart[]>('/api/metrics', { minutes }), 5000, [minutes]);
  return html`<section>
    <h2>Metrics</h2>
    <p class="hint">CloudWatch GetMetricData over the last <select value=${minutes} onChange=${(e: Event) => setMinutes(Number((e.target as HTMLSelectElement).value))}>
      ${[5, 15, 60, 180].map((m) => html`<option value=${m}>${m} minutes</option>`)}</select>, refreshed every 5 s.
      Locally the runtime publishes each datapoint and the graphs use 10 s periods; AWS Lambda publishes per minute.</p>
    <${ErrorLine} error=${error} />
    <div class="charts">${(data ?? []).map((c) => html`<${Plot} key=${c.title} chart=${c} minutes=${minutes} />`)}</div>
  </section>`;
}
