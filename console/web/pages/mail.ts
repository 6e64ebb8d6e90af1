// Mailbox: the local outbox as a mail client. A confirmation email's link
// opens /confirmation.html?TopicArn=…&Token=…, as AWS's does.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get, post } from '../api.ts';
import { usePoll } from '../hooks.ts';
import { ErrorLine } from './common.ts';

interface Mail { id: string; from?: string; to?: string; subject?: string; date?: string; kind?: string; topic?: string; body: string }

/** The body as text, with its links clickable. */
function Body({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return html`<pre class="mail-body">${parts.map((p) => (/^https?:\/\//.test(p) ? html`<a href=${p} data-testid="mail-link">${p.includes('confirmation.html') ? 'Confirm subscription' : p}</a>` : p))}</pre>`;
}

export function MailPage({ target }: { target: string }) {
  const { data, error } = usePoll(() => get<Mail[]>('/api/mail'), 3000);
  const [open, setOpen] = useState<string | undefined>();
  const shown = data?.find((m) => m.id === open) ?? data?.[0];
  return html`<section>
    <h2>Mailbox</h2>
    <p class="hint">${target === 'aws' ? 'On AWS the emails go to your real inbox; this lists the local outbox only.' : 'The emails the emulator sent, newest first (.streamlab/<instance>/outbox).'}</p>
    <${ErrorLine} error=${error} />
    <div class="mailbox">
      <ul class="mail-list" data-testid="mail-list">
        ${(data ?? []).map((m) => html`<li class=${m.id === shown?.id ? 'open' : ''} data-kind=${m.kind} onClick=${() => setOpen(m.id)}>
          <b>${m.subject}</b><br /><small>${m.to} · ${m.date}</small>
        </li>`)}
        ${data?.length === 0 && html`<li class="hint">No email yet.</li>`}
      </ul>
      ${shown && html`<article class="mail" data-testid="mail">
        <h3>${shown.subject}</h3>
        <p class="hint">From ${shown.from} to ${shown.to}, ${shown.date}</p>
        <${Body} text=${shown.body} />
      </article>`}
    </div>
  </section>`;
}

/** The page the confirmation link opens: ConfirmSubscription, then the result. */
export function ConfirmationPage() {
  const params = new URLSearchParams(location.search);
  const { data, error } = usePoll(() => post<{ subscriptionArn: string }>('/api/confirm', { topicArn: params.get('TopicArn'), token: params.get('Token') }), 0);
  return html`<section>
    <h2>Subscription confirmation</h2>
    <${ErrorLine} error=${error} />
    ${data && html`<p class="ok" data-testid="confirmed">Subscription confirmed! You have successfully subscribed.<br />Your subscription's id is: <code>${data.subscriptionArn}</code></p>
      <p><a href="/#/topics">See it in Topics</a></p>`}
  </section>`;
}
