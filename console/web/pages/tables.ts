// Tables: the seed's "Explore table items": browse, filter, edit (PutItem) and
// delete (DeleteItem) items, plus each table's keys, indexes and stream.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get, post } from '../api.ts';
import { usePoll } from '../hooks.ts';
import { ErrorLine, labLabel } from './common.ts';

interface Table { lab: number; name: string; keys: string[]; indexes: string[]; stream: string; encryption: string }
interface Items { table: string; items: Record<string, unknown>[]; scanned: number; more: boolean }

export function TablesPage({ readOnly }: { readOnly: boolean }) {
  const tables = usePoll(() => get<Table[]>('/api/tables'), 0);
  const [name, setName] = useState<string | undefined>();
  const [filter, setFilter] = useState('');
  const table = tables.data?.find((t) => t.name === name) ?? tables.data?.[0];
  const items = usePoll(() => (table ? get<Items>('/api/items', { table: table.name, filter: filter || undefined }) : Promise.resolve(undefined)), 4000, [table?.name, filter]);
  const [editing, setEditing] = useState<string | undefined>();
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<{ ok?: string; error?: Error }>({});
  const keyOf = (item: Record<string, unknown>) => Object.fromEntries((table?.keys ?? []).map((k) => [k, item[k]]));
  const act = async (call: Promise<{ call: string }>) => {
    try {
      setStatus({ ok: `✓ ${(await call).call}` });
      setEditing(undefined);
      items.reload();
    } catch (error) {
      setStatus({ error: error as Error });
    }
  };
  return html`<section>
    <h2>Tables</h2>
    <${ErrorLine} error=${tables.error} />
    <div class="row">${(tables.data ?? []).map((t) => html`<button class=${t === table ? 'tab on' : 'tab'} data-testid=${`table-${t.name}`} onClick=${() => setName(t.name)}>${t.name}</button>`)}</div>
    ${table && html`<p class="hint">${labLabel(table.lab)} · key ${table.keys.join(' + ')} · indexes ${table.indexes.join(', ') || 'none'} · stream ${table.stream} · encryption ${table.encryption}</p>
      <input data-testid="item-filter" placeholder="filter: text in any attribute" value=${filter} onInput=${(e: Event) => setFilter((e.target as HTMLInputElement).value)} size="40" />
      <${ErrorLine} error=${items.error ?? status.error} />
      ${status.ok && html`<p class="ok" data-testid="action-result">${status.ok}</p>`}
      <p class="hint">${items.data ? `${items.data.items.length} item(s) shown of ${items.data.scanned} scanned${items.data.more ? ' (more: refine the filter)' : ''}` : ''}</p>
      <table class="items" data-testid="items">
        ${(items.data?.items ?? []).map((item) => {
          const id = JSON.stringify(keyOf(item));
          return html`<tr data-key=${id}>
            <td>${editing === id
              ? html`<textarea data-testid="item-editor" rows="8" cols="80" value=${draft} onInput=${(e: Event) => setDraft((e.target as HTMLTextAreaElement).value)}></textarea>
                  <button data-testid="item-save" onClick=${() => { try { void act(post('/api/items/put', { table: table.name, item: JSON.parse(draft) })); } catch (error) { setStatus({ error: error as Error }); } }}>Save (PutItem)</button>
                  <button onClick=${() => setEditing(undefined)}>Cancel</button>`
              : html`<code>${JSON.stringify(item)}</code>`}</td>
            ${!readOnly && editing !== id && html`<td class="actions">
              <button data-testid="item-edit" onClick=${() => { setEditing(id); setDraft(JSON.stringify(item, null, 2)); }}>Edit</button>
              <button data-testid="item-delete" onClick=${() => confirm(`DeleteItem ${id}?`) && void act(post('/api/items/delete', { table: table.name, key: keyOf(item) }))}>Delete</button>
            </td>`}
          </tr>`;
        })}
      </table>`}
  </section>`;
}
