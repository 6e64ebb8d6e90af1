// Queues: depth, a peek, and DLQ redrive with one button (StartMessageMoveTask).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get, post } from '../api.ts';
import { usePoll } from '../hooks.ts';
import { ErrorLine, labLabel } from './common.ts';

interface Queue {
  lab: number; url: string; name: string; visible: number; inFlight: number; visibilityTimeout: number;
  redrive?: { dlq: string; maxReceiveCount: number };
  dlq?: { key: string; what: string; canRedrive: boolean };
  lastMoveTask?: { StartedTimestamp?: number; Status?: string; ApproximateNumberOfMessagesMoved?: number; ApproximateNumberOfMessagesToMove?: number; FailureReason?: string };
}
interface Peeked { id: string; body: string; receiveCount: number; sent?: string; attributes: Record<string, string>; reason?: string }

export function QueuesPage({ readOnly }: { readOnly: boolean }) {
  const { data, error } = usePoll(() => get<Queue[]>('/api/queues'), 2000);
  const [peeked, setPeeked] = useState<{ url: string; messages: Peeked[] } | undefined>();
  const [status, setStatus] = useState<{ ok?: string; error?: Error }>({});
  return html`<section>
    <h2>Queues</h2>
    <p class="hint">Depth from GetQueueAttributes every 2 s. Peek receives up to 10 messages and makes them visible again at once (their receive count goes up by one, as in the SQS console's "Poll for messages").</p>
    <${ErrorLine} error=${error ?? status.error} />
    ${status.ok && html`<p class="ok" data-testid="action-result">${status.ok}</p>`}
    <table class="queues" data-testid="queues">
      <tr><th>queue</th><th>visible</th><th>in flight</th><th>settings</th><th></th></tr>
      ${(data ?? []).map((q) => html`<tr data-queue=${q.name} class=${q.dlq && q.visible > 0 ? 'failed' : ''}>
        <td><b>${q.name}</b><br /><small>${labLabel(q.lab)}${q.dlq ? ` · DLQ: ${q.dlq.what}` : ''}</small></td>
        <td class="num" data-testid="visible">${q.visible}</td><td class="num" data-testid="in-flight">${q.inFlight}</td>
        <td><small>visibility ${q.visibilityTimeout} s${q.redrive ? ` · to ${q.redrive.dlq} after ${q.redrive.maxReceiveCount} receives` : ''}
          ${q.lastMoveTask && html`<br /><span data-testid="move-task">last redrive (${q.lastMoveTask.StartedTimestamp ? new Date(q.lastMoveTask.StartedTimestamp).toISOString().slice(11, 19) : '?'}): ${q.lastMoveTask.Status}, ${q.lastMoveTask.ApproximateNumberOfMessagesMoved ?? 0} of ${q.lastMoveTask.ApproximateNumberOfMessagesToMove ?? 0} moved${q.lastMoveTask.FailureReason ? `: ${q.lastMoveTask.FailureReason}` : ''}</span>`}</small></td>
        <td class="actions">
          <button data-testid="peek" onClick=${async () => { try { setPeeked({ url: q.url, messages: await get<Peeked[]>('/api/queues/peek', { url: q.url }) }); } catch (e) { setStatus({ error: e as Error }); } }}>Peek</button>
          ${q.dlq?.canRedrive && !readOnly && html`<button data-testid="redrive" disabled=${q.visible === 0} onClick=${async () => {
            try { setStatus({ ok: `✓ ${(await post<{ call: string }>('/api/queues/redrive', { url: q.url })).call}: moving ${q.visible} message(s) back to the source queue` }); } catch (e) { setStatus({ error: e as Error }); }
          }}>Start DLQ redrive</button>`}
        </td>
      </tr>`)}
    </table>
    ${peeked && html`<h3>${peeked.url.split('/').at(-1)}: ${peeked.messages.length} message(s)</h3>
      <ul class="peek" data-testid="peeked">${peeked.messages.map((m) => html`<li>
        <small>${m.id} · received ${m.receiveCount}× · sent ${m.sent ?? '?'}</small>
        ${m.reason && html`<div class="err">why: ${m.reason}</div>`}
        <pre>${m.body}</pre></li>`)}</ul>`}
  </section>`;
}
