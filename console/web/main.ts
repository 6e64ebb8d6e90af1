// The lab console's web app (Preact + htm: 4 kB of UI runtime, no JSX build
// step). Hash routes: #/lab/1..4, #/timeline/ID, #/tables, #/queues, #/topics,
// #/functions, #/alarms, #/metrics, #/mail; /confirmation.html is the page a
// confirmation email's link opens.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, type About } from './api.ts';
import { usePoll } from './hooks.ts';
import { AlarmsPage } from './pages/alarms.ts';
import { FunctionsPage } from './pages/functions.ts';
import { ConfirmationPage, MailPage } from './pages/mail.ts';
import { MetricsPage } from './pages/metrics.ts';
import { PipelinePage } from './pages/pipeline.ts';
import { QueuesPage } from './pages/queues.ts';
import { TablesPage } from './pages/tables.ts';
import { TimelinePage } from './pages/timeline.ts';
import { TopicsPage } from './pages/topics.ts';

const NAV: [string, string][] = [
  ['#/lab/1', 'Lab 1'], ['#/lab/2', 'Lab 2'], ['#/lab/3', 'Lab 3'], ['#/lab/4', 'Lab 4'], ['#/timeline', 'Timeline'], ['#/metrics', 'Metrics'],
  ['#/tables', 'Tables'], ['#/queues', 'Queues'], ['#/topics', 'Topics'], ['#/functions', 'Functions'], ['#/alarms', 'Alarms'], ['#/mail', 'Mailbox'],
];

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/lab/1');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/lab/1');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function Page({ hash, about }: { hash: string; about: About }) {
  const [, route = '', arg = ''] = hash.split('/');
  const ro = about.readOnly;
  switch (route) {
    case 'lab': return html`<${PipelinePage} lab=${Number(arg) || 1} />`;
    case 'timeline': return html`<${TimelinePage} initial=${decodeURIComponent(arg)} />`;
    case 'metrics': return html`<${MetricsPage} />`;
    case 'tables': return html`<${TablesPage} readOnly=${ro} />`;
    case 'queues': return html`<${QueuesPage} readOnly=${ro} />`;
    case 'topics': return html`<${TopicsPage} readOnly=${ro} />`;
    case 'functions': return html`<${FunctionsPage} />`;
    case 'alarms': return html`<${AlarmsPage} />`;
    case 'mail': return html`<${MailPage} target=${about.target} />`;
    default: return html`<${PipelinePage} lab=${1} />`;
  }
}

function App() {
  const hash = useHash();
  const { data: about, error } = usePoll(() => get<About>('/api/about'), 3000);
  const confirmation = location.pathname === '/confirmation.html';
  return html`<header>
      <h1><a href="/#/lab/1">streamlab console</a></h1>
      ${about && html`<span class="badge" data-testid="target">${about.target} · instance ${about.instance}${about.readOnly ? ' · read-only' : ''}</span>`}
      <nav>${NAV.map(([href, label]) => html`<a href=${confirmation ? `/${href}` : href} class=${hash.startsWith(href) ? 'on' : ''}>${label}</a>`)}</nav>
    </header>
    <main>
      ${error && html`<p class="error">The console's server does not answer: ${error.message}</p>`}
      ${about && !about.deployment.ok && html`<div class="empty" data-testid="not-deployed"><h2>Nothing is deployed yet</h2><p>${about.deployment.hint}</p>
        <p>Then this page fills in by itself.</p></div>`}
      ${about?.deployment.ok && (confirmation ? html`<${ConfirmationPage} />` : html`<${Page} hash=${hash} about=${about} />`)}
    </main>`;
}

render(html`<${App} />`, document.getElementById('app')!);
