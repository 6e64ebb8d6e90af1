// Topics: subscriptions (pending or confirmed) and seed 004's "Publish message".
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get, post } from '../api.ts';
import { usePoll } from '../hooks.ts';
import { ErrorLine, labLabel } from './common.ts';
import { nameOf } from '@streamlab/kit/arn';

interface Topic {
  lab: number;
  arn: string;
  name: string;
  subscriptions: { protocol?: string; endpoint?: string; arn?: string; pending: boolean; filterPolicy?: { policy: string; scope: string } }[];
}

export function TopicsPage({ readOnly }: { readOnly: boolean }) {
  const { data, error } = usePoll(() => get<Topic[]>('/api/topics'), 3000);
  const [arn, setArn] = useState<string | undefined>();
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<{ ok?: string; error?: Error }>({});
  const topic = data?.find((t) => t.arn === arn) ?? data?.[0];
  return html`<section>
    <h2>Topics</h2>
    <${ErrorLine} error=${error ?? status.error} />
    <div class="row">${(data ?? []).map((t) => html`<button class=${t === topic ? 'tab on' : 'tab'} data-testid=${`topic-${t.name}`} onClick=${() => setArn(t.arn)}>${t.name}</button>`)}</div>
    ${topic && html`<p class="hint">${labLabel(topic.lab)} · <code>${topic.arn}</code></p>
      <table class="subs" data-testid="subscriptions">
        <tr><th>protocol</th><th>endpoint</th><th>status</th><th>filter policy</th></tr>
        ${topic.subscriptions.map((s) => html`<tr data-endpoint=${s.endpoint}><td>${s.protocol}</td><td>${s.endpoint && nameOf(s.endpoint)}</td>
          <td data-testid="sub-status" class=${s.pending ? 'pending' : 'ok'}>${s.pending ? 'Pending confirmation' : 'Confirmed'}</td>
          <td data-testid="sub-filter">${s.filterPolicy ? html`<code>${s.filterPolicy.policy}</code><br /><small>on ${s.filterPolicy.scope}</small>` : html`<small>none: every message</small>`}</td></tr>`)}
      </table>
      ${!readOnly && html`<h3>Publish message</h3>
        <form class="publish" onSubmit=${async (e: Event) => {
          e.preventDefault();
          try { const r = await post<{ call: string; messageId: string }>('/api/topics/publish', { arn: topic.arn, subject, message }); setStatus({ ok: `✓ ${r.call}: MessageId ${r.messageId}` }); } catch (err) { setStatus({ error: err as Error }); }
        }}>
          <input data-testid="publish-subject" placeholder="Subject (optional)" value=${subject} onInput=${(e: Event) => setSubject((e.target as HTMLInputElement).value)} size="60" />
          <textarea data-testid="publish-message" rows="6" cols="80" placeholder="Message body" value=${message} onInput=${(e: Event) => setMessage((e.target as HTMLTextAreaElement).value)}></textarea>
          <button type="submit" data-testid="publish">Publish message</button>
        </form>`}
      ${status.ok && html`<p class="ok" data-testid="action-result">${status.ok}</p>`}`}
  </section>`;
}
