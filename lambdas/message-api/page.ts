// The web app (lab 4): one page, no build step, served by this function at
// GET /. It calls the API with relative URLs, so the same page works at the
// local address (…/_aws/execute-api/<api-id>/) and on AWS
// (https://<api-id>.execute-api.<region>.amazonaws.com/).
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>streamlab · messages</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  header { background: #232f3e; color: #fff; padding: 12px 20px; }
  header h1 { font-size: 18px; margin: 0; }
  main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(320px, 1fr); gap: 16px; padding: 16px 20px; align-items: start; }
  section { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 12px 16px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  label { display: block; font-size: 13px; color: #4a5568; margin-top: 6px; }
  input, textarea, select { width: 100%; box-sizing: border-box; font: inherit; padding: 5px 7px; border: 1px solid #c5ccd6; border-radius: 4px; }
  button { margin-top: 8px; font: inherit; padding: 5px 12px; border: 0; border-radius: 4px; background: #ff9900; color: #1d2330; cursor: pointer; }
  button.link { background: none; color: #0b63c5; padding: 0 4px; margin: 0; }
  ul { list-style: none; padding: 0; margin: 0; }
  li { border-top: 1px solid #eef0f3; padding: 6px 0; }
  .meta { color: #6b7280; font-size: 12px; }
  .error { color: #b42318; min-height: 1.2em; font-size: 13px; }
  .depth-1 { margin-left: 16px; } .depth-2 { margin-left: 32px; } .depth-3 { margin-left: 48px; } .depth-4 { margin-left: 64px; }
  svg text { font-size: 10px; fill: #4a5568; }
</style>
</head>
<body>
<header><h1>streamlab · messages</h1></header>
<main>
  <section>
    <h2>Post a message</h2>
    <form id="post">
      <label>Author <input id="author" required maxlength="64"></label>
      <label>Text <textarea id="text" required rows="3" maxlength="2000"></textarea></label>
      <label>Reply to (message id, optional) <input id="reply-to"></label>
      <button type="submit">Post</button>
      <div class="error" id="post-error"></div>
    </form>
    <h2 style="margin-top:14px">Recent messages</h2>
    <ul id="messages"></ul>
  </section>
  <section>
    <h2>Thread</h2>
    <ul id="thread"><li class="meta">Choose "thread" on a message.</li></ul>
  </section>
  <section>
    <h2>Search</h2>
    <form id="search"><input id="query" placeholder="a word of a message"><button type="submit">Search</button></form>
    <div class="error" id="search-error"></div>
    <ul id="hits"></ul>
  </section>
  <section>
    <h2>Messages per window (last hour)</h2>
    <div id="chart"></div>
    <ul id="top-authors"></ul>
  </section>
  <section>
    <h2>Notification preferences</h2>
    <form id="preferences">
      <label>Your email (the subscription's address) <input id="subscriber" type="email" required></label>
      <label>Only these authors (comma separated, empty: all) <input id="authors"></label>
      <label>Mute messages with these keywords <input id="muted"></label>
      <label>Kinds <select id="kinds"><option value="">messages and replies</option><option value="message">messages only</option><option value="reply">replies only</option></select></label>
      <label>Delivery <select id="mode"><option value="instant">instant</option><option value="digest">daily digest</option></select></label>
      <button type="submit">Save</button>
      <div class="error" id="preferences-status"></div>
    </form>
  </section>
</main>
<script>
const api = (path, init) => fetch('api/' + path, init).then(async (r) => {
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || r.statusText);
  return body;
});
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

function item(m, cls = '') {
  return '<li class="' + cls + '" data-id="' + esc(m.message_id) + '"><b>' + esc(m.author) + '</b> ' + esc(m.text) +
    '<div class="meta">' + esc(m.timestamp) + ' · <button class="link" data-reply="' + esc(m.message_id) + '">reply</button>' +
    '<button class="link" data-thread="' + esc(m.thread_id || m.message_id) + '">thread</button></div></li>';
}

async function loadMessages() {
  const { messages } = await api('messages?limit=8');
  document.getElementById('messages').innerHTML = messages.map((m) => item(m)).join('') || '<li class="meta">No messages yet.</li>';
}

async function loadThread(id) {
  const { messages } = await api('threads/' + encodeURIComponent(id));
  const depth = new Map();
  for (const m of messages) depth.set(m.message_id, m.reply_to_message_id ? Math.min(4, (depth.get(m.reply_to_message_id) ?? 0) + 1) : 0);
  document.getElementById('thread').innerHTML = messages.map((m) => item(m, 'depth-' + depth.get(m.message_id))).join('');
}

async function loadAnalytics() {
  const { windows, top_authors } = await api('analytics?minutes=60');
  const max = Math.max(1, ...windows.map((w) => w.total));
  const bar = 24, height = 120, every = Math.ceil(windows.length / 8);
  const bars = windows.map((w, i) => {
    const h = Math.round((w.total / max) * (height - 20));
    return '<rect x="' + (i * (bar + 4)) + '" y="' + (height - 14 - h) + '" width="' + bar + '" height="' + h + '" fill="#ff9900"><title>' + esc(w.start) + ': ' + w.total + '</title></rect>' +
      (i % every === 0 ? '<text x="' + (i * (bar + 4)) + '" y="' + (height - 2) + '">' + esc(w.start.slice(11, 16)) + '</text>' : '');
  }).join('');
  document.getElementById('chart').innerHTML = windows.length ? '<svg id="chart-svg" width="' + Math.max(200, windows.length * (bar + 4)) + '" height="' + height + '">' + bars + '</svg>' : '<p class="meta">No complete window yet.</p>';
  document.getElementById('top-authors').innerHTML = top_authors.map((a) => '<li>' + esc(a.author) + ': ' + a.count + '</li>').join('');
}

document.addEventListener('click', (e) => {
  const t = e.target;
  if (t.dataset.reply) document.getElementById('reply-to').value = t.dataset.reply;
  if (t.dataset.thread) loadThread(t.dataset.thread).catch((err) => alert(err.message));
});

document.getElementById('post').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('post-error');
  error.textContent = '';
  const body = { author: document.getElementById('author').value, text: document.getElementById('text').value };
  const reply = document.getElementById('reply-to').value.trim();
  if (reply) body.reply_to_message_id = reply;
  try {
    const { message } = await api('messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    document.getElementById('text').value = '';
    document.getElementById('reply-to').value = '';
    await loadMessages();
    await loadThread(message.thread_id);
  } catch (err) { error.textContent = err.message; }
});

document.getElementById('search').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('search-error');
  error.textContent = '';
  try {
    const { hits } = await api('search?q=' + encodeURIComponent(document.getElementById('query').value));
    document.getElementById('hits').innerHTML = hits.map((h) => '<li><b>' + esc(h.author) + '</b> ' + esc(h.snippet) + '<div class="meta">' + esc(h.timestamp) + '</div></li>').join('') || '<li class="meta">No message has every word.</li>';
  } catch (err) { error.textContent = err.message; }
});

document.getElementById('preferences').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = document.getElementById('preferences-status');
  const kinds = document.getElementById('kinds').value;
  const body = { authors: list(document.getElementById('authors').value), muted_keywords: list(document.getElementById('muted').value), kinds: kinds ? [kinds] : [], mode: document.getElementById('mode').value };
  try {
    await api('preferences/' + encodeURIComponent(document.getElementById('subscriber').value), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    status.textContent = 'Saved: your subscription\\'s filter policy follows in a moment.';
  } catch (err) { status.textContent = err.message; }
});

loadMessages().catch((err) => { document.getElementById('messages').innerHTML = '<li class="error">' + esc(err.message) + '</li>'; });
loadAnalytics().catch(() => {});
setInterval(() => loadAnalytics().catch(() => {}), 15000);
</script>
</body>
</html>
`;
