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
