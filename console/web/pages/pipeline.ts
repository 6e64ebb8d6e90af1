// Pipeline view: each lab's diagram with live counts, refreshed every 2 s;
// failed hops listed with their reasons under the diagram.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get } from '../api.ts';
import { Diagram } from '../diagram.ts';
import { usePoll } from '../hooks.ts';
import type { Hop, Pipeline } from '../types.ts';
import { ErrorLine, Loading } from './common.ts';

export function PipelinePage({ lab }: { lab: number }) {
  const [minutes, setMinutes] = useState(15);
  const { data, error } = usePoll(() => get<Pipeline[]>('/api/pipelines', { minutes }), 2000, [minutes]);
  const [picked, setPicked] = useState<Hop | undefined>();
  const pipeline = data?.find((p) => p.lab === lab);
  return html`<section>
    <h2>${pipeline?.title ?? `Lab ${lab}`}</h2>
    <p class="hint">Counts over the last <select data-testid="window" value=${minutes} onChange=${(e: Event) => setMinutes(Number((e.target as HTMLSelectElement).value))}>
      ${[5, 15, 60, 180].map((m) => html`<option value=${m}>${m} minutes</option>`)}
    </select>, refreshed every 2 s. Functions count from CloudWatch metrics, queues from GetQueueAttributes, tables from a COUNT scan. Click a hop for its resource.</p>
    <${ErrorLine} error=${error} />
    ${pipeline ? html`<div class="diagram-wrap"><${Diagram} pipeline=${pipeline} onPick=${setPicked} /></div>` : !error && html`<${Loading} />`}
    ${picked && html`<p class="picked" data-testid="picked"><b>${picked.label}</b>: <code>${picked.resource}</code></p>`}
    ${pipeline && html`<ul class="reasons" data-testid="reasons">
      ${pipeline.hops.filter((h) => h.state === 'failed').map((h) => html`<li class="failed" data-hop=${h.id}><b>${h.label}</b> failed: ${h.reason}</li>`)}
    </ul>`}
  </section>`;
}
