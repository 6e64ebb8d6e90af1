// Small pieces every page uses.
import { html } from 'htm/preact';

export function ErrorLine({ error }: { error?: Error }) {
  return error ? html`<p class="error" data-testid="error">${error.message}</p>` : null;
}

export function Loading() {
  return html`<p class="hint">Loading…</p>`;
}

export function Json({ value }: { value: unknown }) {
  return html`<pre class="json">${JSON.stringify(value, null, 2)}</pre>`;
}

export function time(iso: string | number | undefined): string {
  if (iso === undefined) return '';
  const d = new Date(iso);
  return `${d.toISOString().slice(11, 23)}`;
}

/** Which lab a resource belongs to; 0 is the learner's own (anything else in the account). */
export function labLabel(lab: number): string {
  return lab === 0 ? 'your own (not a lab resource)' : `Lab ${lab}`;
}
