// Message timeline: one id's path, attempt by attempt, and where it ended.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get } from '../api.ts';
import { usePoll } from '../hooks.ts';
import type { Timeline } from '../types.ts';
import { ErrorLine, time } from './common.ts';

export function TimelinePage({ initial }: { initial: string }) {
  const [id, setId] = useState(initial);
  const [query, setQuery] = useState(initial);
  const { data, error } = usePoll(() => (query ? get<Timeline>('/api/timeline', { id: query, minutes: 180 }) : Promise.resolve(undefined)), query ? 3000 : 0, [query]);
  return html`<section>
    <h2>Message timeline</h2>
    <form class="row" onSubmit=${(e: Event) => { e.preventDefault(); setQuery(id.trim()); location.hash = `#/timeline/${encodeURIComponent(id.trim())}`; }}>
      <input data-testid="timeline-id" placeholder="message_id, orderId or stream sequence number" value=${id} onInput=${(e: Event) => setId((e.target as HTMLInputElement).value)} size="48" />
      <button type="submit">Follow</button>
    </form>
    <p class="hint">Every function logs the ids it handles: this page searches their CloudWatch Logs (last 3 hours), joins each attempt with its REPORT line, and looks for the id in the lab tables and DLQs.</p>
    <${ErrorLine} error=${error} />
    ${data && html`<div data-testid="timeline">
      <ol class="timeline">
        ${data.attempts.map((a) => html`<li class=${a.ok ? 'ok' : 'failed'} data-testid="attempt">
          <span class="when">${time(a.time)}</span> <b>${a.function}</b>
          ${a.source ? html` ← ${a.source}` : ''}${a.attempt ? ` attempt ${a.attempt}` : ''}
          ${a.durationMs !== undefined ? html` <span class="dur">${a.durationMs} ms</span>` : ''}
          <span class="verdict">${a.ok ? ' ✓' : ' ✗'}</span>
          ${a.error && html`<div class="err">${a.error}</div>`}
          <ul class="lines">${a.lines.map((l) => html`<li>${l}</li>`)}</ul>
        </li>`)}
      </ol>
      <p class="ended" data-testid="ended">Ended: ${data.ended.map((e) => html`<span class=${`end ${e.where}`}>${e.detail}</span>`)}</p>
    </div>`}
  </section>`;
}
