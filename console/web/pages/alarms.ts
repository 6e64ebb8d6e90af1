// Alarms with their state history, and the schedules (EventBridge rules).
import { html } from 'htm/preact';
import { get } from '../api.ts';
import { usePoll } from '../hooks.ts';
import { ErrorLine, time } from './common.ts';

interface Alarm { name: string; state?: string; reason?: string; metric: string; history: { time?: string; summary?: string }[] }
interface Schedule { name?: string; expression?: string; state?: string; targets: (string | undefined)[] }

export function AlarmsPage() {
  const alarms = usePoll(() => get<Alarm[]>('/api/alarms'), 3000);
  const schedules = usePoll(() => get<Schedule[]>('/api/schedules'), 0);
  return html`<section>
    <h2>Alarms</h2>
    <${ErrorLine} error=${alarms.error} />
    <table class="alarms" data-testid="alarms">
      <tr><th>alarm</th><th>state</th><th>metric</th><th>history</th></tr>
      ${(alarms.data ?? []).map((a) => html`<tr data-alarm=${a.name}>
        <td><b>${a.name}</b></td><td class=${a.state === 'ALARM' ? 'failed' : 'ok'} data-testid="alarm-state">${a.state}<br /><small>${a.reason}</small></td>
        <td><small>${a.metric}</small></td>
        <td><ul class="history">${a.history.map((h) => html`<li><small>${time(h.time)} ${h.summary}</small></li>`)}</ul></td>
      </tr>`)}
    </table>
    <h2>Schedules</h2>
    <${ErrorLine} error=${schedules.error} />
    <table data-testid="schedules">
      <tr><th>rule</th><th>expression</th><th>state</th><th>targets</th></tr>
      ${(schedules.data ?? []).map((s) => html`<tr><td>${s.name}</td><td><code>${s.expression}</code></td><td>${s.state}</td><td>${s.targets.join(', ')}</td></tr>`)}
    </table>
  </section>`;
}
