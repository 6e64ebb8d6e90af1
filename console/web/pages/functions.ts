// Functions: configuration, role and its grants, resource policy, and a live
// log tail (FilterLogEvents every 2 s).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api.ts';
import { usePoll } from '../hooks.ts';
import { ErrorLine, Json, time, labLabel } from './common.ts';
import { resourceName } from '@streamlab/kit/arn';

interface Fn {
  lab: number; name: string; runtime?: string; handler?: string; memory?: number; timeout?: number; reservedConcurrency?: number;
  environment: string[]; deadLetter?: string; role?: string; rolePolicies: { name: string; grants: string[] }[]; attachedPolicies: (string | undefined)[];
  resourcePolicy: unknown; logGroup: string;
}

export function FunctionsPage() {
  const { data, error } = usePoll(() => get<Fn[]>('/api/functions'), 0);
  const [name, setName] = useState<string | undefined>();
  const fn = data?.find((f) => f.name === name) ?? data?.[0];
  const logs = usePoll(() => (fn ? get<{ time: string; message: string }[]>('/api/logs', { function: fn.name, minutes: 15 }) : Promise.resolve([])), 2000, [fn?.name]);
  return html`<section>
    <h2>Functions</h2>
    <${ErrorLine} error=${error} />
    <div class="row">${(data ?? []).map((f) => html`<button class=${f === fn ? 'tab on' : 'tab'} onClick=${() => setName(f.name)}>${f.name}</button>`)}</div>
    ${fn && html`<div class="two">
      <div>
        <p>${labLabel(fn.lab)} · ${fn.runtime} · ${fn.handler} · ${fn.memory} MB · timeout ${fn.timeout} s${fn.reservedConcurrency !== undefined ? ` · reserved concurrency ${fn.reservedConcurrency}` : ''}${fn.deadLetter ? ` · DLQ ${resourceName(fn.deadLetter)}` : ''}</p>
        <p class="hint">Environment: ${fn.environment.join(', ') || 'none'}</p>
        <h3>Role <code>${fn.role?.split('/').at(-1)}</code></h3>
        ${fn.rolePolicies.map((p) => html`<p><b>${p.name}</b></p><ul class="grants">${p.grants.map((g) => html`<li><code>${g}</code></li>`)}</ul>`)}
        ${fn.attachedPolicies.length > 0 && html`<p class="hint">Attached: ${fn.attachedPolicies.join(', ')}</p>`}
        <h3>Resource policy</h3>
        ${fn.resourcePolicy ? html`<${Json} value=${fn.resourcePolicy} />` : html`<p class="hint">none</p>`}
      </div>
      <div>
        <h3>Log tail <small>${fn.logGroup}</small></h3>
        <${LogTail} lines=${logs.data ?? []} />
      </div>
    </div>`}
  </section>`;
}

/** The newest lines in view, as a tail shows them: it follows new lines unless the reader scrolled up. */
function LogTail({ lines }: { lines: { time: string; message: string }[] }) {
  const box = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const pre = box.current;
    if (pre && following.current) pre.scrollTop = pre.scrollHeight;
  }, [lines]);
  const onScroll = () => {
    const pre = box.current;
    if (pre) following.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
  };
  return html`<pre class="logs" data-testid="log-tail" ref=${box} onScroll=${onScroll}>${lines.map((l) => `${time(l.time)} ${l.message}\n`)}</pre>`;
}
