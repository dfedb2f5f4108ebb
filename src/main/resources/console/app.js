// docspace-guard console: plain DOM, hash routing, all data from the token-protected API.
// Data is only ever put into the page as text (textContent), never as HTML.
'use strict';

const TOKEN_KEY = 'guard.token';
const STATUSES = ['open', 'disabled', 'dismissed', 'reenabled'];
const ROLE_RANK = { viewer: 0, reviewer: 1, admin: 2 };
let me = null; // {name, role} of the token in use

// ---- small helpers ------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs, text) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** UTC, to the second: reviewers compare times with DocSpace's log, which is in UTC. */
function time(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC') : '—';
}

/** A window as people say it: "10 min", "3 h", "1 h 30 min", "45 s". */
function duration(ms) {
  if (!ms) return 'unknown';
  const h = Math.floor(ms / 3600000), m = Math.floor(ms % 3600000 / 60000), s = Math.round(ms % 60000 / 1000);
  return [h ? h + ' h' : '', m ? m + ' min' : '', s || (!h && !m) ? s + ' s' : ''].filter(Boolean).join(' ');
}

function can(role) {
  return me && ROLE_RANK[me.role] >= ROLE_RANK[role];
}

function main() {
  return document.getElementById('main');
}

/** Replaces the view; parts a role does not get (null) are left out rather than shown as "null". */
function show(...nodes) {
  main().replaceChildren(...nodes.filter(n => n !== null && n !== undefined));
}

// ---- API ----------------------------------------------------------------------------------------

/** Calls the API with the session's token; answers {status, body}. A 401 ends the session. */
async function api(method, path, body, token) {
  const headers = { 'Authorization': 'Bearer ' + (token || sessionStorage.getItem(TOKEN_KEY) || '') };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { status: 0, body: { title: 'the service did not answer: ' + e.message } };
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { title: text }; }
  if (response.status === 401 && !token) {
    logout('Your session ended: the token is no longer accepted.');
  }
  return { status: response.status, body: parsed };
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

function failure(answer) {
  return h('p', { class: 'error', role: 'alert' },
    'Could not load (' + answer.status + '): ' + ((answer.body && answer.body.title) || 'no answer'));
}

// ---- login --------------------------------------------------------------------------------------

function loginView(message, notice) {
  clearTimeout(queuePoll);
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  // Signing out is what the user asked for: said plainly, not as an error.
  const error = h('p', { id: 'login-error', class: notice ? 'notice' : 'error', role: notice ? 'status' : 'alert' },
    message || '');
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    error.className = 'error';
    error.setAttribute('role', 'alert');
    const token = input.value.trim();
    if (!token) { error.textContent = 'Enter your API token.'; return; }
    const answer = await api('GET', '/api/me', undefined, token);
    if (answer.status !== 200) {
      error.textContent = answer.status === 401 ? 'This token was not accepted.'
        : 'Login failed (' + answer.status + '): ' + ((answer.body && answer.body.title) || '');
      input.focus();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    me = answer.body;
    signedIn();
    if (!location.hash || location.hash === '#/login') location.hash = '#/incidents'; else route();
  } },
  h('h1', {}, 'Sign in'),
  h('p', { class: 'muted' }, 'The token from GUARD_API_TOKENS. It is kept for this browser tab only.'),
  h('label', { for: 'token' }, 'API token'), input,
  h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, 'Sign in'),
  error);
  show(form);
  input.focus();
}

function signedIn() {
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = me.name + ' (' + me.role + ')';
  healthBanner();
}

function logout(message, notice) {
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  document.getElementById('banner').hidden = true;
  loginView(message, notice);
}

/** The degraded-feed warning, on every view: reviewers must know when the audit trail is not being read. */
async function healthBanner() {
  const banner = document.getElementById('banner');
  const answer = await api('GET', '/health');
  const health = answer.body || {};
  const problems = [];
  if (health.feed && health.feed.status && health.feed.status !== 'ok') {
    problems.push('Audit feed ' + health.feed.status + ': ' + (health.feed.reason || 'no reason given')
      + (health.feed.lastOkAt ? ' (last read fine ' + time(health.feed.lastOkAt) + ')' : ''));
  }
  if (health.rules && health.rules.errors && health.rules.errors.length) {
    problems.push('The last rule reload failed; the previous rules are still active.');
  }
  banner.textContent = problems.join(' ');
  banner.hidden = problems.length === 0;
}

// ---- routing ------------------------------------------------------------------------------------

async function route() {
  if (!sessionStorage.getItem(TOKEN_KEY)) { loginView(); return; }
  if (!me) {
    const answer = await api('GET', '/api/me');
    if (answer.status !== 200) return;
    me = answer.body;
    signedIn();
  }
  const [path, search] = (location.hash.slice(1) || '/incidents').split('?');
  const params = Object.fromEntries(new URLSearchParams(search || ''));
  const parts = path.split('/').filter(Boolean);
  clearTimeout(queuePoll);
  for (const a of document.querySelectorAll('#nav a')) {
    const current = a.getAttribute('href').slice(2) === (parts[0] === 'incident' ? 'incidents' : parts[0]);
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (parts[0] === 'incident' && parts[1]) return incidentView(parts[1]);
  if (parts[0] === 'trail') return trailView(params);
  if (parts[0] === 'rules') return rulesView();
  if (parts[0] === 'scans') return scansView();
  if (parts[0] === 'bulk-work') return bulkWorkView();
  return queueView(params);
}

// ---- incident queue -----------------------------------------------------------------------------

function severity(s) {
  return h('span', { class: 'sev sev-' + s }, s);
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1 };
const DISMISSAL_REASONS = [
  ['false_positive', 'False positive', 'the rule matched activity that was never a threat'],
  ['expected_activity', 'Expected activity', 'real, and planned: a migration, a clean-up'],
  ['handled_elsewhere', 'Handled elsewhere', 'real, dealt with in DocSpace or by another team'],
];
const REASON_LABEL = Object.fromEntries(DISMISSAL_REASONS.map(([k, label]) => [k, label]));
/** How often the queue asks whether new incidents arrived; they are announced, never pushed into the table. */
const QUEUE_POLL_MS = 15000;
let queuePoll = null;
/** Column sort of the rows shown: key and direction; the server always pages newest first. */
let queueSort = { key: 'time', dir: -1 };

/** A user search that is a DocSpace user id (a GUID) filters by id, anything else by a part of the name. */
function userQuery(text) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
    ? { userId: text } : { userName: text };
}

/** The filters of the queue as they are in the address: status apart, they go to the API as they are. */
function queueFilters(params) {
  const f = {};
  for (const k of ['rule', 'severity', 'userId', 'userName', 'since', 'until', 'assignee', 'dismissalReason']) {
    if (params[k]) f[k] = params[k];
  }
  return f;
}

/** The active filters in words, for the empty result: "rule mass-deletion, severity high". */
function describeFilters(f) {
  const words = { rule: 'rule', severity: 'severity', userId: 'user id', userName: 'user name containing',
    since: 'opened from', until: 'opened before', assignee: 'assigned to', dismissalReason: 'dismissed as' };
  return Object.entries(f).map(([k, v]) => words[k] + ' ' + (k === 'since' || k === 'until' ? time(v)
    : k === 'dismissalReason' ? REASON_LABEL[v] || v : '“' + v + '”')).join(', ');
}

async function queueView(params) {
  clearTimeout(queuePoll);
  const status = STATUSES.includes(params.status) ? params.status : 'open';
  const f = queueFilters(params);
  const go = (changes) => { location.hash = '#/incidents' + query({ status, ...f, ...changes }); };
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Status' }, STATUSES.map(s =>
    h('a', { href: '#/incidents' + query({ status: s, ...f }), 'data-status': s,
             'aria-current': s === status ? 'page' : null }, s, ' ', h('span', { class: 'count' }, ''))));
  const rule = h('select', { id: 'filter-rule' }, h('option', { value: '' }, 'any rule'),
    f.rule ? h('option', { value: f.rule, selected: true }, f.rule) : null);
  const sev = h('select', { id: 'filter-severity' }, h('option', { value: '' }, 'any severity'),
    SEVERITIES.map(s => h('option', { value: s, selected: f.severity === s }, s)));
  const user = h('input', { id: 'filter-user', value: f.userName || f.userId || '', size: 20,
    placeholder: 'name or user id', type: 'search' });
  const since = h('input', { id: 'filter-since', type: 'datetime-local', value: local(f.since) });
  const until = h('input', { id: 'filter-until', type: 'datetime-local', value: local(f.until) });
  const mine = h('input', { id: 'filter-mine', type: 'checkbox', checked: !!me && f.assignee === me.name });
  const filters = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const u = user.value.trim();
    location.hash = '#/incidents' + query({ status, rule: rule.value, severity: sev.value, ...(u ? userQuery(u) : {}),
      since: since.value ? utc(since.value) : '', until: until.value ? utc(until.value) : '',
      assignee: mine.checked ? me.name : (f.assignee && f.assignee !== me.name ? f.assignee : ''),
      dismissalReason: f.dismissalReason });
  } },
  h('div', {}, h('label', { for: 'filter-user' }, 'User'), user),
  h('div', {}, h('label', { for: 'filter-rule' }, 'Rule'), rule),
  h('div', {}, h('label', { for: 'filter-severity' }, 'Severity'), sev),
  h('div', {}, h('label', { for: 'filter-since' }, 'Opened from (UTC)'), since),
  h('div', {}, h('label', { for: 'filter-until' }, 'before (UTC)'), until),
  h('div', { class: 'check' }, mine, h('label', { for: 'filter-mine' }, 'Assigned to me')),
  h('button', { type: 'submit', id: 'filter-apply' }, 'Filter'),
  Object.keys(f).length ? h('a', { href: '#/incidents' + query({ status }), id: 'filter-clear' }, 'Clear filters') : null);

  const selectable = can('reviewer') && status === 'open';
  const rows = [];          // the incidents loaded so far, in the server's order
  const selected = new Set();
  const body = h('tbody', {});
  const more = h('div', { class: 'more' });
  const fresh = h('div', { id: 'new-incidents', class: 'fresh', role: 'status', 'aria-live': 'polite' });
  const bulkBar = selectable ? h('div', { id: 'bulk-bar', class: 'bulk-bar' }) : null;
  const bulkResult = h('div', { id: 'bulk-outcome', class: 'result', role: 'status', 'aria-live': 'polite' });
  const selectAll = selectable ? h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select all shown',
    onchange: () => {
      for (const i of rows) { if (selectAll.checked) selected.add(i.id); else selected.delete(i.id); }
      draw();
    } }) : null;

  const sortHeader = (key, label) => h('th', { scope: 'col', 'aria-sort': queueSort.key === key
      ? (queueSort.dir < 0 ? 'descending' : 'ascending') : null },
    h('button', { type: 'button', class: 'sort', 'data-sort': key, onclick: () => {
      queueSort = { key, dir: queueSort.key === key ? -queueSort.dir : -1 };
      for (const th of table.querySelectorAll('th[aria-sort]')) th.removeAttribute('aria-sort');
      table.querySelector('button[data-sort="' + key + '"]').parentElement
        .setAttribute('aria-sort', queueSort.dir < 0 ? 'descending' : 'ascending');
      draw();
    } }, label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, '')));
  const table = h('table', { class: 'incidents' },
    h('caption', { class: 'muted', style: 'text-align:left;padding:4px 0' },
      'Newest first; the column headers sort the incidents shown.'),
    h('thead', {}, h('tr', {}, selectable ? h('th', { scope: 'col', class: 'sel' }, selectAll) : null,
      h('th', { scope: 'col' }, '#'), sortHeader('severity', 'Severity'), h('th', { scope: 'col' }, 'Rule'),
      h('th', { scope: 'col' }, 'User'), sortHeader('files', 'Files'), sortHeader('time', 'Last event'),
      h('th', { scope: 'col' }, 'Assignee'), h('th', { scope: 'col' }, 'Status'))), body);

  function sorted() {
    const key = { time: i => Date.parse(i.lastEventAt), files: i => i.fileCount,
      severity: i => SEVERITY_RANK[i.severity] || 0 }[queueSort.key];
    return [...rows].sort((a, b) => queueSort.dir * (key(a) - key(b) || a.id - b.id));
  }

  function draw() {
    body.replaceChildren(...sorted().map(i => h('tr', { 'data-id': String(i.id) },
      selectable ? h('td', { class: 'sel' }, h('input', { type: 'checkbox', class: 'pick', value: String(i.id),
        'aria-label': 'Select incident ' + i.id, checked: selected.has(i.id), onchange: (e) => {
          if (e.target.checked) selected.add(i.id); else selected.delete(i.id);
          drawBulkBar();
        } })) : null,
      h('td', { class: 'num' }, h('a', { href: '#/incident/' + i.id }, String(i.id))),
      h('td', {}, severity(i.severity)),
      h('td', {}, i.rule),
      h('td', {}, i.userName ? i.userName : i.userId),
      h('td', { class: 'num' }, String(i.fileCount)),
      h('td', {}, time(i.lastEventAt)),
      h('td', { class: 'assignee' }, i.assignee || '—'),
      h('td', { class: 'status' }, i.status + (i.awaitingConfirmation ? ' · awaiting confirmation' : '')
        + (i.dismissalReason ? ' · ' + (REASON_LABEL[i.dismissalReason] || i.dismissalReason).toLowerCase() : ''),
        i.suppressedBy ? h('span', { class: 'suppressed', title: 'inside declared bulk work ' + i.suppressedBy
          + ': recorded, not alerted' }, ' · suppressed') : ''))));
    if (!rows.length) {
      const described = describeFilters(f);
      body.append(h('tr', {}, h('td', { colspan: selectable ? 9 : 8, class: 'muted', id: 'empty-result' },
        'No ' + status + ' incidents' + (described ? ' with ' + described + '.' : '.'),
        described ? h('a', { href: '#/incidents' + query({ status }), style: 'margin-left:8px' }, 'Clear filters') : '')));
    }
    drawBulkBar();
  }

  function drawBulkBar() {
    if (!bulkBar) return;
    const picked = rows.filter(i => selected.has(i.id));
    bulkBar.hidden = picked.length === 0;
    bulkBar.replaceChildren(h('span', { id: 'bulk-count' }, picked.length + ' selected'),
      h('button', { type: 'button', id: 'bulk-disable', class: 'danger',
        onclick: () => bulkDecide('approve', picked, bulkResult, reload) }, 'Disable accounts…'),
      h('button', { type: 'button', id: 'bulk-dismiss', onclick: () => bulkDecide('dismiss', picked, bulkResult, reload) },
        'Dismiss…'),
      h('button', { type: 'button', onclick: () => { selected.clear(); if (selectAll) selectAll.checked = false; draw(); } },
        'Clear selection'));
  }

  const load = async (cursor) => {
    const answer = await api('GET', '/api/incidents' + query({ status, ...f, limit: 50, cursor }));
    if (answer.status !== 200) { more.replaceChildren(failure(answer)); return; }
    rows.push(...answer.body.items);
    draw();
    more.replaceChildren(answer.body.nextCursor
      ? h('button', { type: 'button', id: 'more', onclick: () => load(answer.body.nextCursor) }, 'Older incidents')
      : '');
  };
  const counts = async () => {
    const answer = await api('GET', '/api/incidents/counts' + query(f));
    if (answer.status !== 200) return;
    for (const s of STATUSES) {
      const span = tabs.querySelector('a[data-status="' + s + '"] .count');
      if (span) span.textContent = String(answer.body.byStatus[s] ?? 0);
    }
  };
  // New incidents are only announced: the reviewer's place in the table stays where it is until they ask.
  const poll = async () => {
    if (!table.isConnected) return;
    const newest = rows.reduce((m, i) => Math.max(m, i.id), 0);
    const answer = await api('GET', '/api/incidents' + query({ status, ...f, limit: 50 }));
    if (!table.isConnected) return;
    if (answer.status === 200) {
      const n = answer.body.items.filter(i => i.id > newest).length;
      fresh.replaceChildren(n ? h('button', { type: 'button', id: 'show-new', class: 'primary', onclick: reload },
        n + (n === 1 ? ' new incident' : ' new incidents') + (answer.body.nextCursor && n >= 50 ? '+' : '') + ' — show')
        : '');
      counts();
    }
    queuePoll = setTimeout(poll, QUEUE_POLL_MS);
  };
  async function reload() {
    rows.length = 0;
    selected.clear();
    if (selectAll) selectAll.checked = false;
    fresh.replaceChildren();
    await Promise.all([load(null), counts()]);
  }

  show(h('h1', {}, 'Incidents'), tabs, filters, fresh, bulkBar, bulkResult,
    h('div', { class: 'scroll' }, table), more);
  fillRuleFilter(rule, f.rule);
  await Promise.all([load(null), counts()]);
  queuePoll = setTimeout(poll, QUEUE_POLL_MS);
}

/** A datetime-local value for an ISO time in UTC (the inputs are read as UTC). */
function local(iso) {
  return iso ? iso.replace(/Z$/, '').slice(0, 16) : '';
}

/** Only rules that have incidents: a rule without any would only ever show an empty queue. */
async function fillRuleFilter(select, current) {
  const answer = await api('GET', '/api/rules/stats');
  if (answer.status !== 200 || !select.isConnected) return;
  select.replaceChildren(h('option', { value: '' }, 'any rule'), ...answer.body.map(r =>
    h('option', { value: r.rule, selected: r.rule === current }, r.rule + ' (' + r.total + ')')));
}

/**
 * A decision on several incidents, one request each (each is its own transition, refused or done on its own),
 * after a confirmation that names the accounts; then one line of outcomes: "12 disabled, 1 refused: ...".
 */
async function bulkDecide(action, picked, result, reload) {
  if (!picked.length) return;
  const names = [...new Set(picked.map(i => i.userName || i.userId))];
  const values = action === 'approve'
    ? await disableDialog(names, picked.length)
    : await dismissDialog(picked.length + (picked.length === 1 ? ' incident' : ' incidents'));
  if (!values) return;
  result.className = 'result';
  result.textContent = (action === 'approve' ? 'Disabling' : 'Dismissing') + ' ' + picked.length + '…';
  const outcomes = [];
  for (const i of picked) {
    const answer = await api('POST', '/api/incidents/' + i.id + '/' + action, values);
    outcomes.push({ incident: i, answer });
  }
  const done = outcomes.filter(o => o.answer.status === 200);
  const refused = outcomes.filter(o => o.answer.status !== 200);
  const byReason = new Map();
  for (const o of refused) {
    const why = refusal(o.answer);
    byReason.set(why, (byReason.get(why) || []).concat(o.incident.id));
  }
  await reload();
  result.className = 'result ' + (refused.length ? 'error' : 'ok');
  result.replaceChildren(
    h('span', { id: 'bulk-summary' }, [done.length + ' ' + (action === 'approve' ? 'disabled' : 'dismissed'),
      ...[...byReason].map(([why, ids]) => ids.length + ' refused: ' + why)].join(', ') + '.'),
    refused.length ? h('ul', { class: 'outcomes' }, refused.map(o => h('li', {},
      h('a', { href: '#/incident/' + o.incident.id }, 'Incident ' + o.incident.id),
      ' (' + (o.incident.userName || o.incident.userId) + '): ' + ((o.answer.body && o.answer.body.title) || o.answer.status))))
      : null);
}

/** Why a decision was refused, short enough to group by: "protected account", "not open any more". */
function refusal(answer) {
  const title = ((answer.body && answer.body.title) || '').toLowerCase();
  if (answer.status === 502) return 'DocSpace refused';
  if (/protected|owner|administrator|admin|ldap|service account/.test(title)) return 'protected account';
  if (answer.status === 409) return 'not open any more';
  return 'error ' + answer.status;
}

// ---- dialogs ------------------------------------------------------------------------------------

/**
 * A modal dialog; answers what its form holds, or null when cancelled. {@code read} turns the form into the
 * request body, or returns a string to show as the problem instead of closing.
 */
function dialog(id, title, content, confirmLabel, read, danger) {
  return new Promise(resolve => {
    const problem = h('p', { class: 'error', role: 'alert' });
    const d = h('dialog', { id, 'aria-labelledby': id + '-title' });
    const finish = (value) => { d.close(); d.remove(); resolve(value); };
    const form = h('form', { method: 'dialog', onsubmit: (e) => {
      e.preventDefault();
      const value = read(form);
      if (typeof value === 'string') { problem.textContent = value; return; }
      finish(value);
    } },
    h('h2', { id: id + '-title' }, title), content, problem,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: danger ? 'danger' : 'primary', id: id + '-confirm' }, confirmLabel),
      h('button', { type: 'button', id: id + '-cancel', onclick: () => finish(null) }, 'Cancel')));
    d.append(form);
    d.addEventListener('cancel', (e) => { e.preventDefault(); finish(null); });
    document.body.append(d);
    d.showModal();
    const first = form.querySelector('textarea, input, select');
    if (first) first.focus();
  });
}

/** Names who loses access and how to undo it, before any account is disabled. */
function disableDialog(names, count, comment) {
  const text = h('textarea', { name: 'comment', id: 'disable-comment', maxlength: 2000, rows: 2 }, comment || '');
  const who = names.length === 1 ? names[0] : names.length + ' accounts';
  return dialog('disable-dialog', 'Disable ' + who + (names.length === 1 ? '’s DocSpace account?' : ' in DocSpace?'),
    h('div', {},
      names.length > 1 ? h('ul', { class: 'names' }, names.slice(0, 12).map(n => h('li', {}, n)),
        names.length > 12 ? h('li', {}, '… and ' + (names.length - 12) + ' more') : null) : null,
      h('p', {}, (names.length === 1 ? names[0] + ' is' : 'They are') + ' signed out of DocSpace and cannot sign in, '
        + 'open, edit or share files until the account is enabled again. Nothing is deleted.'),
      h('p', { class: 'muted' }, 'You can re-enable ' + (names.length === 1 ? 'it' : 'each')
        + ' later from the incident page (Re-enable account).'
        + (count > 1 ? ' Protected accounts (owner, administrators, service accounts) are refused one by one.' : '')),
      h('label', { for: 'disable-comment' }, 'Why (required; kept in the audit trail)'), text),
    names.length === 1 ? 'Disable account' : 'Disable ' + count + ' accounts',
    form => text.value.trim() ? { comment: text.value.trim() } : 'Say why: the audit trail keeps it.', true);
}

/** A dismissal says why from a fixed set, so that the rule's author can count them; a comment is optional. */
function dismissDialog(what, comment) {
  const text = h('textarea', { name: 'comment', id: 'dismiss-comment', maxlength: 2000, rows: 2 }, comment || '');
  return dialog('dismiss-dialog', 'Dismiss ' + what + '?', h('div', {},
    h('p', { class: 'muted' }, 'Nothing happens to the account. The reason is counted per rule on the Rules page.'),
    h('fieldset', { class: 'reasons' }, h('legend', {}, 'Reason (required)'),
      DISMISSAL_REASONS.map(([value, label, hint]) => h('div', {},
        h('input', { type: 'radio', name: 'reason', id: 'reason-' + value, value }),
        h('label', { for: 'reason-' + value }, label), h('span', { class: 'muted' }, ' — ' + hint)))),
    h('label', { for: 'dismiss-comment' }, 'Comment (optional)'), text),
  'Dismiss', form => {
    const picked = form.querySelector('input[name="reason"]:checked');
    if (!picked) return 'Choose a reason.';
    return text.value.trim() ? { reason: picked.value, comment: text.value.trim() } : { reason: picked.value };
  });
}

// ---- incident page ------------------------------------------------------------------------------

async function incidentView(id) {
  clearTimeout(queuePoll);
  // An id the API cannot hold is not sent, and not repeated back: it may be anything pasted into the address.
  if (!/^[1-9]\d{0,17}$/.test(id)) {
    show(h('h1', {}, 'Incident'), h('p', { class: 'error', role: 'alert' },
      'There is no such incident: an incident id is a whole number, like 42.'));
    return;
  }
  show(h('h1', {}, 'Incident ' + id), h('div', { class: 'placeholder' }, 'Loading…'));
  const [detail, timeline] = await Promise.all([
    api('GET', '/api/incidents/' + id),
    api('GET', '/api/incidents/' + id + '/timeline'),
  ]);
  if (detail.status !== 200) { show(h('h1', {}, 'Incident ' + id), failure(detail)); return; }
  const i = detail.body.incident;
  const who = i.userName || i.userId;
  const result = h('div', { id: 'action-result', class: 'result', role: 'status', 'aria-live': 'polite' });
  show(
    h('h1', {}, 'Incident ' + i.id + ' · ', severity(i.severity), ' ', i.rule, ' · ', who),
    h('p', { id: 'incident-reason', class: 'why' }, i.reason || 'Why: not recorded (opened before reasons were kept).'),
    h('div', { class: 'grid' },
      h('section', { 'aria-label': 'Facts' },
        h('dl', { class: 'facts' },
          h('dt', {}, 'Status'), h('dd', { id: 'incident-status', class: 'status' },
            i.status + (i.awaitingConfirmation ? ' (awaiting confirmation)' : '')),
          i.dismissalReason ? h('dt', {}, 'Dismissed as') : null,
          i.dismissalReason ? h('dd', { id: 'incident-dismissal' }, REASON_LABEL[i.dismissalReason] || i.dismissalReason) : null,
          h('dt', {}, 'Assignee'), h('dd', { id: 'incident-assignee' }, i.assignee || 'nobody'),
          i.suppressedBy ? h('dt', {}, 'Suppressed') : null,
          i.suppressedBy ? h('dd', { id: 'incident-suppressed' }, 'inside ',
            h('a', { href: '#/bulk-work' }, 'declared bulk work ' + i.suppressedBy),
            ': recorded, not alerted, never disabled automatically') : null,
          h('dt', {}, 'User'), h('dd', {}, (i.userName || '—') + ' · ' + i.userId),
          h('dt', {}, 'Rule'), h('dd', {}, i.rule),
          h('dt', {}, 'Rule set'), h('dd', {}, i.rulesVersion),
          h('dt', {}, 'Threshold'), h('dd', {}, i.threshold ? 'more than ' + i.threshold : 'any'),
          h('dt', {}, 'Window'), h('dd', {}, duration(i.windowMillis)),
          h('dt', {}, 'Files'), h('dd', {}, String(i.fileCount)),
          h('dt', {}, 'First event'), h('dd', {}, time(i.firstEventAt)),
          h('dt', {}, 'Last event'), h('dd', {}, time(i.lastEventAt)),
          h('dt', {}, 'Opened'), h('dd', {}, time(i.createdAt)),
          h('dt', {}, 'Account'), h('dd', {}, i.accountStatus === 2 ? 'disabled in DocSpace'
            : i.accountStatus === 1 ? 'active in DocSpace' : 'not changed by the guard')),
        can('reviewer') ? decisionForm(i, result) : null),
      h('section', { 'aria-label': 'Timeline' },
        h('h2', { style: 'margin-top:0' }, 'Timeline of ' + who + "'s file events"),
        timeline.status === 200 ? timelinePanel(timeline.body, detail.body) : failure(timeline))),
    h('h2', {}, 'Where the requests came from'),
    originsTable(detail.body.events),
    h('h2', {}, 'Files (' + detail.body.fileIds.length + ')'),
    filesTable(detail.body),
    recoveryPanel(i),
    h('h2', {}, 'History'),
    historyTable(detail.body.history));
}

/** Each decision a reviewer can take now; the ones the status does not allow are not offered. */
function decisionForm(i, result) {
  const who = i.userName || i.userId;
  const busy = (b) => { for (const el of document.querySelectorAll('.actions button')) el.disabled = b; };
  const run = async (action, body, done) => {
    busy(true);
    const answer = await api('POST', '/api/incidents/' + i.id + '/' + action, body);
    const message = outcome(action, answer, done);
    await incidentView(String(i.id));
    const fresh = document.getElementById('action-result');
    if (fresh) {
      fresh.className = 'result ' + (answer.status === 200 ? 'ok' : 'error');
      fresh.textContent = message;
    }
  };
  const buttons = [];
  if (i.assignee !== me.name) {
    buttons.push(h('button', { type: 'button', id: 'take', 'data-action': 'take',
      title: i.assignee ? 'take it over from ' + i.assignee : 'you work on it; others see your name',
      onclick: () => run('take', undefined, 'You took the incident.') }, i.assignee ? 'Take over' : 'Take'));
  } else {
    buttons.push(h('button', { type: 'button', id: 'release', 'data-action': 'release',
      onclick: () => run('release', undefined, 'Released: nobody works on it now.') }, 'Release'));
  }
  if (i.status === 'open') {
    buttons.push(h('button', { type: 'button', class: 'danger', id: 'disable', 'data-action': 'approve',
      title: 'disables ' + who + '’s account in DocSpace', onclick: async () => {
        const values = await disableDialog([who], 1);
        if (values) run('approve', values, 'Disabled: ' + who + ' can no longer sign in. Re-enable the account here when it is safe.');
      } }, 'Disable account…'));
    buttons.push(h('button', { type: 'button', id: 'dismiss', 'data-action': 'dismiss',
      title: 'closes the incident; nothing happens to the account', onclick: async () => {
        const values = await dismissDialog('incident ' + i.id);
        if (values) run('dismiss', values, 'Dismissed as ' + (REASON_LABEL[values.reason] || values.reason).toLowerCase() + '.');
      } }, 'Dismiss…'));
  }
  if (i.status === 'disabled') {
    buttons.push(h('button', { type: 'button', id: 'reenable', 'data-action': 'reenable', onclick: async () => {
      const text = h('textarea', { id: 'reenable-comment', maxlength: 2000, rows: 2 });
      const values = await dialog('reenable-dialog', 'Enable ' + who + '’s DocSpace account again?',
        h('div', {}, h('p', {}, who + ' can sign in and work with files again.'),
          h('label', { for: 'reenable-comment' }, 'Why (required)'), text), 'Re-enable account',
        () => text.value.trim() ? { comment: text.value.trim() } : 'Say why: the audit trail keeps it.');
      if (values) run('reenable', values, 'Re-enabled: ' + who + ' can sign in again.');
    } }, 'Re-enable account…'));
  }
  if (i.awaitingConfirmation) {
    buttons.push(h('button', { type: 'button', id: 'confirm', 'data-action': 'confirm',
      title: 'keeps the automatic disable; it no longer expires', onclick: async () => {
        const text = h('textarea', { id: 'confirm-comment', maxlength: 2000, rows: 2 });
        const values = await dialog('confirm-dialog', 'Keep ' + who + '’s account disabled?',
          h('div', {}, h('p', {}, 'A rule disabled it automatically; confirming keeps it disabled until someone '
            + 're-enables it here.'), h('label', { for: 'confirm-comment' }, 'Why (required)'), text),
          'Keep disabled', () => text.value.trim() ? { comment: text.value.trim() } : 'Say why: the audit trail keeps it.');
        if (values) run('confirm', values, 'Confirmed: the account stays disabled.');
      } }, 'Confirm automatic disable…'));
  }
  return h('section', { class: 'actions', 'aria-label': 'Decision' }, h('div', { class: 'buttons' }, buttons), result);
}

/** DocSpace's answer in plain words: done, refused by the workflow (409), refused by DocSpace (502). */
function outcome(action, answer, done) {
  const title = (answer.body && answer.body.title) || '';
  if (answer.status === 200) {
    const account = answer.body.accountStatus === 2 ? ' DocSpace reports the account disabled.'
      : answer.body.accountStatus === 1 ? ' DocSpace reports the account active.' : '';
    return done + account;
  }
  if (answer.status === 409) return 'Not done: ' + title;
  if (answer.status === 502) {
    const ds = answer.body && answer.body.details && answer.body.details.docSpaceStatus;
    return 'DocSpace refused' + (ds ? ' (HTTP ' + ds + ')' : '') + ': ' + title + ' The incident is unchanged.';
  }
  return 'Failed (' + answer.status + '): ' + title;
}

// ---- recovery plan ------------------------------------------------------------------------------

/** The plan reads DocSpace twice per file: it is asked for, not loaded with the page. */
function recoveryPanel(i) {
  const body = h('div', { id: 'recovery-body' });
  const show = h('button', { type: 'button', id: 'recovery-plan', onclick: async () => {
    show.disabled = true;
    body.replaceChildren(h('p', { class: 'muted' }, 'Reading each file\'s versions from DocSpace…'));
    const answer = await api('GET', '/api/incidents/' + i.id + '/recovery');
    show.disabled = false;
    body.replaceChildren(answer.status === 200 ? recoveryPlan(i, answer.body) : failure(answer));
  } }, 'Show recovery plan');
  const progress = h('div', { id: 'recovery-progress', role: 'status', 'aria-live': 'polite' });
  const runForm = can('reviewer') && i.status === 'disabled' ? recoveryRunForm(i, progress) : null;
  watchRecovery(i, progress);
  return h('section', { class: 'recovery', 'aria-label': 'Recover files' },
    h('h2', {}, 'Recover files'),
    h('p', { class: 'muted' }, 'What undoing this account\'s changes would do, file by file, from DocSpace\'s '
      + 'versions and trash. Showing the plan writes nothing; running it restores and renames back, one file at a '
      + 'time, once the account is disabled.'), show, body, runForm, progress);
}

function recoveryRunForm(i, progress) {
  const comment = h('textarea', { id: 'recovery-comment', maxlength: 2000, rows: 2 });
  const result = h('div', { id: 'recovery-result', class: 'result', role: 'status' });
  const run = h('button', { type: 'button', id: 'recovery-run', onclick: async () => {
    if (!comment.value.trim()) { result.className = 'result error'; result.textContent = 'Say why in the comment.'; return; }
    run.disabled = true;
    const answer = await api('POST', '/api/incidents/' + i.id + '/recovery', { comment: comment.value });
    run.disabled = false;
    result.className = 'result ' + (answer.status === 202 ? 'ok' : 'error');
    result.textContent = answer.status === 202 ? 'Recovery run ' + answer.body.id + ' started.'
      : 'Not started (' + answer.status + '): ' + ((answer.body && answer.body.title) || '');
    if (answer.status === 202) watchRecovery(i, progress);
  } }, 'Run recovery');
  return h('div', { class: 'actions' }, h('label', { for: 'recovery-comment' }, 'Comment (required: say why)'),
    comment, run, result);
}

/** Shows the latest run's progress, read again every two seconds while it runs. */
async function watchRecovery(i, progress) {
  const answer = await api('GET', '/api/incidents/' + i.id + '/recovery/run');
  if (answer.status !== 200) return; // no run yet
  const r = answer.body.run;
  const total = r.done + r.failed + r.skipped + r.remaining;
  progress.replaceChildren(
    h('p', {}, 'Run ' + r.id + ' (' + r.status + (r.dryRun ? ', dry run' : '') + ', by ' + r.requestedBy + '): '
      + r.done + ' done, ' + r.failed + ' failed, ' + r.skipped + ' skipped, ' + r.remaining + ' remaining'),
    h('progress', { id: 'recovery-bar', max: total || 1, value: total - r.remaining }),
    r.status === 'running' && can('reviewer') ? h('button', { type: 'button', id: 'recovery-cancel', onclick: async () => {
      await api('POST', '/api/incidents/' + i.id + '/recovery/run/cancel');
      watchRecovery(i, progress);
    } }, 'Cancel') : null,
    h('table', { id: 'recovery-steps' },
      h('thead', {}, h('tr', {}, ['File', 'Title', 'State', 'Outcome'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, answer.body.steps.map(st => h('tr', {}, h('td', {}, st.fileId), h('td', {}, st.title || '—'),
        h('td', { class: 'status' }, st.state), h('td', {}, st.outcome || ''))))));
  if (r.status === 'running') setTimeout(() => { if (progress.isConnected) watchRecovery(i, progress); }, 2000);
}

function recoveryPlan(i, plan) {
  const t = plan.totals;
  const byReason = m => Object.entries(m).map(([reason, n]) => n + ' ' + reason);
  const csv = h('button', { type: 'button', id: 'recovery-csv', onclick: () => download(
    '/api/incidents/' + i.id + '/recovery?format=csv', 'incident-' + i.id + '-recovery.csv') }, 'Download CSV');
  return h('div', {},
    h('ul', { id: 'recovery-totals' },
      h('li', {}, t.toRestore + ' to restore to their version from before the incident'),
      h('li', {}, t.toRenameBack + ' to rename back'),
      h('li', {}, t.unchanged + ' unchanged'),
      ...byReason(t.skipped).map(s => h('li', {}, 'skipped: ' + s)),
      ...byReason(t.cannot).map(s => h('li', {}, 'cannot: ' + s))),
    csv,
    h('table', { id: 'recovery-items' },
      h('thead', {}, h('tr', {}, ['File', 'Title now', 'What happens', 'Why'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, plan.items.map(item => h('tr', { class: 'outcome-' + item.outcome },
        h('td', {}, item.fileId), h('td', {}, item.title || '—'),
        h('td', {}, item.outcome === 'planned'
          ? [item.restoreVersion ? 'restore version ' + item.restoreVersion : '',
             item.renameTo ? 'rename to ' + item.renameTo : ''].filter(Boolean).join(', ')
          : item.outcome),
        h('td', {}, item.reason))))));
}

/** Fetches an answer with the session's token and saves it as a file. */
async function download(path, filename) {
  const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) } });
  if (!response.ok) return;
  const link = h('a', { href: URL.createObjectURL(await response.blob()), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

// ---- evidence -----------------------------------------------------------------------------------

/**
 * A link into the portal: DocSpace opens a file in its editor at /doceditor?fileId=, and a folder or room at
 * /rooms/shared/<id>/filter?folder=<id> (the client routes of DocSpace's web client). Text only when the
 * service has no portal address.
 */
function portalLink(kind, id, text) {
  const base = me && me.docSpaceUrl && /^https?:\/\//.test(me.docSpaceUrl) ? me.docSpaceUrl.replace(/\/+$/, '') : null;
  if (!base || !id) return text;
  const href = kind === 'file' ? base + '/doceditor?fileId=' + encodeURIComponent(id)
    : base + '/rooms/shared/' + encodeURIComponent(id) + '/filter?folder=' + encodeURIComponent(id);
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', title: 'open in DocSpace' }, text);
}

/** "File Updated", "Files Moved To Trash Folder": DocSpace's action text without the names in it. */
function actionLabel(e) {
  return (e.action || 'action ' + e.actionId).replace(/\[[^\]]*\]\.?\s*/g, '').replace(/:\s.*$/, '').trim()
    || 'action ' + e.actionId;
}

/** A file name, marked when it matches a name list (e.g. a ransomware extension). */
function fileName(name, lists) {
  if (!name) return h('span', { class: 'muted' }, 'no name in the event');
  return lists && lists.length
    ? h('mark', { class: 'suspicious', title: 'matches the ' + lists.join(', ') + ' list' }, name, ' ⚠ ' + lists.join(', '))
    : name;
}

const RENAMED = 5001;

function filesTable(detail) {
  const events = [...detail.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  const byFile = new Map(detail.fileIds.map(f => [f, []]));
  for (const e of events) {
    const file = e.target && e.target[0];
    if (byFile.has(file)) byFile.get(file).push(e);
  }
  const first = evs => evs.length ? Date.parse(evs[0].at) : Infinity;
  const files = [...byFile].sort((a, b) => first(a[1]) - first(b[1]) || (a[0] < b[0] ? -1 : 1));
  const row = ([file, evs]) => {
    const named = evs.filter(e => e.fileName);
    const last = named[named.length - 1];
    const rooms = [...new Set(evs.map(e => e.context).filter(Boolean))];
    const folders = [...new Set(evs.filter(e => e.entries && e.entries[1] === 2 && e.target[1]).map(e => e.target[1]))];
    let previous = null;
    const changes = evs.map(e => {
      const was = previous;
      if (e.fileName) previous = e.fileName;
      const renamed = e.actionId === RENAMED && e.fileName;
      return h('li', {}, h('span', { class: 'muted' }, time(e.at).slice(11, 19)), ' ', actionLabel(e),
        renamed ? h('span', { class: 'rename' }, ': ', was && was !== e.fileName ? [fileName(was, []), ' → '] : '→ ',
          fileName(e.fileName, e.suspicious)) : '');
    });
    return h('tr', { 'data-file': file },
      h('td', {}, portalLink('file', file, last ? fileName(last.fileName, last.suspicious) : file),
        h('div', { class: 'muted small' }, 'id ' + file)),
      h('td', {}, rooms.join(', ') || '—', folders.length ? h('div', { class: 'small' }, 'to folder ',
        folders.map((f, k) => [k ? ', ' : '', portalLink('folder', f, f)])) : ''),
      h('td', {}, evs.length ? h('ul', { class: 'changes' }, changes) : '—'));
  };
  const LIMIT = 100;
  const body = h('tbody', {}, files.slice(0, LIMIT).map(row));
  const all = files.length > LIMIT ? h('button', { type: 'button', id: 'files-all', onclick: (e) => {
    body.append(...files.slice(LIMIT).map(row));
    e.target.remove();
  } }, 'Show all ' + files.length + ' files') : null;
  return h('div', {}, h('div', { class: 'scroll' }, h('table', { class: 'files-table', id: 'files' },
    h('caption', { class: 'muted', style: 'text-align:left;padding:4px 0' }, 'In the order they were first touched'),
    h('thead', {}, h('tr', {}, ['File', 'Room / folder', 'What happened (UTC)'].map(t => h('th', { scope: 'col' }, t)))),
    body)), all);
}

/** The requests behind the events, by address and client: one account used from two countries stands out. */
function originsTable(events) {
  const groups = new Map();
  for (const e of events) {
    const key = [e.ip, e.country, e.city, e.browser, e.platform].join('|');
    const g = groups.get(key) || { e, n: 0, first: e.at, last: e.at };
    g.n++;
    if (e.at < g.first) g.first = e.at;
    if (e.at > g.last) g.last = e.at;
    groups.set(key, g);
  }
  if (!groups.size) return h('p', { class: 'muted' }, 'No stored events.');
  return h('div', { class: 'scroll' }, h('table', { id: 'origins' },
    h('thead', {}, h('tr', {}, ['IP', 'Country', 'City', 'Browser', 'Platform', 'Events', 'From – to (UTC)']
      .map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, [...groups.values()].sort((a, b) => b.n - a.n).map(g => h('tr', {},
      h('td', { class: 'ip' }, g.e.ip || '—'), h('td', {}, g.e.country || '—'), h('td', {}, g.e.city || '—'),
      h('td', {}, g.e.browser || '—'), h('td', {}, g.e.platform || '—'), h('td', { class: 'num' }, String(g.n)),
      h('td', {}, time(g.first).slice(11, 19) + ' – ' + time(g.last).slice(11, 19)))))));
}

function historyTable(history) {
  return h('div', { class: 'scroll' }, h('table', { id: 'history' },
    h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Comment', 'Outcome'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, history.map(t => h('tr', {},
      h('td', {}, time(t.at)), h('td', {}, t.actor), h('td', {}, t.action),
      h('td', {}, t.comment || ''), h('td', {}, t.outcome || ''))))));
}

// ---- timeline chart -----------------------------------------------------------------------------

/**
 * Distinct counted files in the window (t - window, t], as a step function: it can only change when an
 * event enters (at its time) or leaves (window later), so it is evaluated at exactly those instants.
 */
function windowCounts(events, windowMillis) {
  const counted = events.filter(e => e.counted).map(e => ({ t: Date.parse(e.at), file: e.fileId }));
  const instants = [...new Set(counted.flatMap(e => [e.t, e.t + windowMillis]))].sort((a, b) => a - b);
  return instants.map(t => ({
    t, n: new Set(counted.filter(e => e.t <= t && t < e.t + windowMillis).map(e => e.file)).size,
  }));
}

/** Tick spacing people read at a glance: 1, 2, 5, 10, 15, 30 s or min, or whole hours. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200]
  .map(s => s * 1000);

function ticks(from, to, most) {
  const step = TICK_STEPS.find(s => (to - from) / s <= most) || 86400000;
  const out = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return { step, at: out };
}

/** The decisions in an incident's history, as the chart marks them. */
const DECISION_MARKS = { approve: 'disabled', auto_disable: 'disabled (rule)', reenable: 're-enabled',
  auto_reenable: 're-enabled (expiry)', dismiss: 'dismissed' };

function timelinePanel(tl, detail) {
  const holder = h('div', {});
  const first = Date.parse(tl.firstEventAt), last = Date.parse(tl.lastEventAt);
  const pad = Math.max(60000, (last - first) * 0.08);
  // The whole view reaches the decisions taken after the events, and now when it is not far off: a chart
  // that ends before the account was disabled hides what the reviewer did.
  const from = Date.parse(tl.from);
  let to = Date.parse(tl.to);
  const decided = detail.history.filter(e => DECISION_MARKS[e.action]).map(e => Date.parse(e.at));
  if (decided.length) to = Math.max(to, Math.max(...decided) + pad);
  if (Date.now() > to && Date.now() - to < to - from) to = Date.now() + pad;
  const ranges = { all: [from, to], burst: [first - pad, last + pad] };
  const buttons = Object.entries({ burst: 'Zoom to the burst', all: 'Whole window' }).map(([k, label]) =>
    h('button', { type: 'button', id: 'zoom-' + k, 'aria-pressed': 'false', onclick: () => draw(k) }, label));
  const draw = (k) => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.id === 'zoom-' + k));
    holder.replaceChildren(chart(tl, detail, ranges[k][0], ranges[k][1]));
  };
  draw('all');
  return h('div', {}, h('div', { class: 'buttons zoom' }, buttons), holder,
    h('p', { class: 'legend' },
      'Dots: file events (red: counted by the incident; hover for each). Blue line: distinct counted files in the '
      + 'sliding ' + duration(tl.windowMillis) + ' window, drawn up to the last event. Dashed: the rule\'s '
      + 'threshold. Vertical lines: decisions, and now.'));
}

function chart(tl, detail, from, to) {
  const W = 860, H = 270, L = 44, R = 12, T = 26, B = 48;
  const windowMillis = tl.windowMillis || 0;
  const steps = windowMillis ? windowCounts(tl.events, windowMillis) : [];
  const last = Date.parse(tl.lastEventAt), first = Date.parse(tl.firstEventAt);
  const maxCount = Math.max(tl.threshold || 0, ...steps.map(s => s.n), 1);
  const yMax = Math.ceil(maxCount * 1.15);
  const inRange = t => t >= from && t <= to;
  const x = t => L + (Math.min(Math.max(t, from), to) - from) / Math.max(to - from, 1) * (W - L - R);
  const plotBottom = H - B;
  const y = n => plotBottom - n / yMax * (plotBottom - T);
  // Labels get a white halo so that no line runs through them.
  const label = (attrs, text) => svg('text', { 'font-size': 11, fill: '#5b6675', stroke: '#fff', 'stroke-width': 3,
    'paint-order': 'stroke', ...attrs }, text);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'timeline-chart',
    'aria-label': `${tl.events.length} file events; threshold ${tl.threshold ?? 'unknown'}` });

  root.append(svg('rect', { x: x(first), y: T, width: Math.max(x(last) - x(first), 2), height: plotBottom - T,
    fill: '#fdecea' }));
  root.append(svg('line', { x1: L, y1: plotBottom, x2: W - R, y2: plotBottom, stroke: '#8a95a5' }));
  root.append(svg('line', { x1: L, y1: T, x2: L, y2: plotBottom, stroke: '#8a95a5' }));
  const yStep = Math.max(1, Math.ceil(yMax / 5));
  for (let n = 0; n <= yMax; n += yStep) {
    root.append(label({ x: L - 6, y: y(n) + 4, 'text-anchor': 'end' }, n));
  }
  const xt = ticks(from, to, 6);
  for (const t of xt.at) {
    root.append(svg('line', { x1: x(t), x2: x(t), y1: plotBottom, y2: plotBottom + 4, stroke: '#8a95a5' }));
    root.append(label({ x: x(t), y: plotBottom + 16, 'text-anchor': 'middle', class: 'tick' },
      new Date(t).toISOString().slice(11, xt.step < 60000 ? 19 : 16)));
  }
  root.append(label({ x: W - R, y: H - 4, 'text-anchor': 'end' }, 'UTC'));
  // The count is what the rule saw; after the last event nothing happened, so nothing is drawn.
  if (steps.length) {
    let path = `M ${x(from)} ${y(0)}`;
    for (const s of steps.filter(s => s.t <= last)) path += ` H ${x(s.t)} V ${y(s.n)}`;
    path += ` H ${x(last)}`;
    root.append(svg('path', { d: path, fill: 'none', stroke: '#1f5fbf', 'stroke-width': 2, class: 'window-count' }));
  }
  if (tl.threshold) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(tl.threshold), y2: y(tl.threshold), stroke: '#b3261e',
      'stroke-dasharray': '6 4', 'stroke-width': 1.5, class: 'threshold' }));
    root.append(label({ x: L + 6, y: y(tl.threshold) - 6, fill: '#b3261e' }, 'threshold: more than ' + tl.threshold));
  }
  const marker = (t, text, color, cls) => {
    if (!inRange(t)) return;
    root.append(svg('line', { x1: x(t), x2: x(t), y1: T - 12, y2: plotBottom, stroke: color, 'stroke-width': 1.5,
      class: cls }));
    const right = x(t) > W - R - 90; // near the right edge the label goes to the left of its line
    root.append(label({ x: x(t) + (right ? -3 : 3), y: T - 4, fill: color, class: cls + '-label',
      'text-anchor': right ? 'end' : 'start' }, text));
  };
  for (const entry of detail.history) {
    if (DECISION_MARKS[entry.action]) marker(Date.parse(entry.at), DECISION_MARKS[entry.action], '#256029', 'decision');
  }
  marker(Date.now(), 'now', '#1c2430', 'now');
  const names = new Map(detail.events.map(e => [e.id, e]));
  for (const e of tl.events) {
    const t = Date.parse(e.at);
    if (!inRange(t)) continue;
    const known = names.get(e.eventId);
    const dot = svg('circle', { cx: x(t), cy: plotBottom + 30, r: 3.5,
      fill: e.counted ? '#b3261e' : '#9aa4b2', class: e.counted ? 'event counted' : 'event' });
    dot.append(svg('title', {}, time(e.at) + ' · ' + (known ? actionLabel(known) : 'action ' + e.actionId) + ' · '
      + (known && known.fileName ? known.fileName : 'file ' + e.fileId) + (e.counted ? '' : ' (not counted)')));
    root.append(dot);
  }
  if (!tl.events.length) {
    root.append(label({ x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No stored file events around this incident'));
  }
  return h('div', { class: 'chart', id: 'chart' }, root);
}

// ---- audit trail --------------------------------------------------------------------------------

async function trailView(params) {
  const fields = [['incidentId', 'Incident'], ['actor', 'Actor'], ['userId', 'User id'], ['action', 'Action']];
  const inputs = Object.fromEntries(fields.map(([k]) => [k, h('input', { id: 'trail-' + k, value: params[k] || '', size: 16 })]));
  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    location.hash = '#/trail' + query(Object.fromEntries(fields.map(([k]) => [k, inputs[k].value.trim()])));
  } }, fields.map(([k, label]) => h('div', {}, h('label', { for: 'trail-' + k }, label), inputs[k])),
  h('button', { type: 'submit' }, 'Filter'));
  const body = h('tbody', {});
  const more = h('div', { class: 'more' });
  show(h('h1', {}, 'Audit trail'), form, h('table', { id: 'trail' },
    h('thead', {}, h('tr', {}, ['When', 'Actor', 'Action', 'Incident', 'User', 'Comment', 'Outcome', 'Rule set']
      .map(t => h('th', { scope: 'col' }, t)))), body), more);
  const load = async (cursor) => {
    const answer = await api('GET', '/api/audit-trail' + query({ ...Object.fromEntries(fields.map(([k]) => [k, params[k]])), limit: 50, cursor }));
    if (answer.status !== 200) { more.replaceChildren(failure(answer)); return; }
    for (const t of answer.body.items) {
      body.append(h('tr', {}, h('td', {}, time(t.at)), h('td', {}, t.actor), h('td', {}, t.action),
        h('td', {}, t.incidentId ? h('a', { href: '#/incident/' + t.incidentId }, String(t.incidentId)) : ''),
        h('td', {}, t.userId || ''), h('td', {}, t.comment || ''), h('td', {}, t.outcome || ''),
        h('td', {}, t.rulesVersion || '')));
    }
    if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No entries.')));
    more.replaceChildren(answer.body.nextCursor
      ? h('button', { type: 'button', onclick: () => load(answer.body.nextCursor) }, 'Older entries') : '');
  };
  await load(null);
}

// ---- rules --------------------------------------------------------------------------------------

async function rulesView() {
  show(h('h1', {}, 'Rules'), h('div', { class: 'placeholder' }, 'Loading…'));
  const [answer, stats] = await Promise.all([api('GET', '/api/rules'), api('GET', '/api/rules/stats')]);
  if (answer.status !== 200) { show(h('h1', {}, 'Rules'), failure(answer)); return; }
  const r = answer.body;
  const result = h('div', { id: 'reload-result', class: 'result', role: 'status', 'aria-live': 'polite' });
  const reload = can('admin') ? h('button', { type: 'button', id: 'reload', onclick: async () => {
    const res = await api('POST', '/api/rules/reload');
    await rulesView();
    const fresh = document.getElementById('reload-result');
    fresh.className = 'result ' + (res.status === 200 ? 'ok' : 'error');
    fresh.textContent = res.status === 200 ? 'Reloaded: version ' + res.body.version
      : 'Refused (' + res.status + '): ' + ((res.body && res.body.title) || 'the previous rules stay active');
  } }, 'Reload rules from disk') : null;
  show(h('h1', {}, 'Rules'),
    h('dl', { class: 'facts', style: 'max-width:520px' },
      h('dt', {}, 'Version'), h('dd', { id: 'rules-version' }, r.version),
      h('dt', {}, 'Loaded'), h('dd', {}, time(r.loadedAt)),
      h('dt', {}, 'Files'), h('dd', {}, r.files.join(', '))),
    h('h2', {}, 'How each rule fares'),
    stats.status === 200 ? ruleStatsTable(stats.body) : failure(stats),
    h('h2', {}, 'Loaded rules'),
    h('table', { id: 'rule-windows' }, h('thead', {}, h('tr', {}, ['Rule', 'Window', 'Allowed accounts']
      .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.rules.map(name => h('tr', {}, h('td', {}, name),
        h('td', {}, r.windowMillis[name] ? duration(r.windowMillis[name]) : '—'),
        h('td', {}, [...(r.allowlist[name] || []), ...(r.allowlist['all-rules'] || []).map(u => u + ' (all rules)')]
          .join(', ') || '—'))))),
    h('p', { class: 'muted' }, 'Every scan replays the stored events of the longest window, '
      + duration(r.longestWindowMillis) + ', around new events.'
      + (r.crossUserRules.length ? ' Rules matching several users together (' + r.crossUserRules.join(', ')
        + ') make the rules run in one session.' : '')),
    h('h2', {}, 'Last load errors'),
    r.lastErrors.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ['File', 'Line', 'Message'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, r.lastErrors.map(e => h('tr', {}, h('td', {}, e.file), h('td', { class: 'num' }, String(e.line)),
          h('td', {}, e.message)))))
      : h('p', { class: 'muted' }, 'None.'),
    reload, result);
}

/**
 * Per rule: its incidents by status and its dismissals by reason. Many false positives say the rule needs
 * tuning; many "expected activity" say bulk work should be declared ahead.
 */
function ruleStatsTable(stats) {
  if (!stats.length) return h('p', { class: 'muted' }, 'No incidents yet.');
  const link = (rule, extra, n) => n ? h('a', { href: '#/incidents' + query({ rule, ...extra }) }, String(n)) : '0';
  return h('div', { class: 'scroll' }, h('table', { id: 'rule-stats' },
    h('thead', {}, h('tr', {}, ['Rule', 'Incidents', 'Open', 'Disabled', 'Re-enabled', 'Dismissed',
      ...DISMISSAL_REASONS.map(([, label]) => 'Dismissed: ' + label.toLowerCase()), 'False positives']
      .map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, stats.map(r => h('tr', { 'data-rule': r.rule },
      h('td', {}, r.rule), h('td', { class: 'num' }, String(r.total)),
      ...['open', 'disabled', 'reenabled', 'dismissed'].map(st => h('td', { class: 'num', 'data-status': st },
        link(r.rule, { status: st }, r.byStatus[st]))),
      ...DISMISSAL_REASONS.map(([reason]) => h('td', { class: 'num', 'data-reason': reason },
        link(r.rule, { status: 'dismissed', dismissalReason: reason }, r.dismissedBy[reason]))),
      h('td', { class: 'num' }, r.total ? Math.round(100 * r.dismissedBy.false_positive / r.total) + ' %' : '—'))))));
}

// ---- scans --------------------------------------------------------------------------------------

/** How often the scans table is read again while a scan runs, to show its progress. */
const SCAN_POLL_MS = 2000;
let scanPoll = null;

async function scansView(message) {
  show(h('h1', {}, 'Scans'), h('div', { class: 'placeholder' }, 'Loading…'));
  const [scans, health] = await Promise.all([api('GET', '/api/scans?limit=20'), api('GET', '/health')]);
  const feed = (health.body && health.body.feed) || {};
  const result = h('div', { id: 'scan-result', class: 'result', role: 'status', 'aria-live': 'polite' }, message || '');
  if (message) result.className = 'result ok';
  const report = (answer, what) => {
    healthBanner();
    result.className = 'result ' + (answer.status === 200 ? 'ok' : 'error');
    result.textContent = answer.status === 200
      ? what + ' ' + answer.body.status + ': ' + answer.body.eventsRead + ' events read, '
        + answer.body.incidentsOpened + ' incidents opened.' + (answer.body.message ? ' ' + answer.body.message : '')
      : what + ' failed (' + answer.status + '): ' + ((answer.body && answer.body.title) || '');
    refreshScans();
  };
  const scanNow = can('reviewer') ? h('button', { type: 'button', id: 'scan-now', onclick: async (e) => {
    e.target.disabled = true;
    result.className = 'result';
    result.textContent = 'Scanning…';
    report(await api('POST', '/api/scans'), 'Scan');
    e.target.disabled = false;
  } }, 'Scan now') : null;
  show(h('h1', {}, 'Scans'),
    h('p', { id: 'feed', class: feed.status && feed.status !== 'ok' ? 'error' : '' },
      'Audit feed: ' + (feed.status || 'unknown') + (feed.reason ? ' — ' + feed.reason : '')
      + (feed.lastOkAt ? ' · last read fine ' + time(feed.lastOkAt) : '')),
    h('div', { class: 'filters' }, scanNow, can('reviewer') ? backfillForm(result, report) : null),
    result,
    scans.status !== 200 ? failure(scans) : scanTable(scans.body.items));
  pollWhileRunning(scans.status === 200 ? scans.body.items : []);
}

/** A backfill of a window given in UTC; the table shows its progress while the request waits for the counts. */
function backfillForm(result, report) {
  const from = h('input', { id: 'backfill-from', type: 'datetime-local', required: true });
  const to = h('input', { id: 'backfill-to', type: 'datetime-local', required: true });
  return h('form', { class: 'filters', id: 'backfill', onsubmit: async (e) => {
    e.preventDefault();
    const button = e.target.querySelector('button');
    button.disabled = true;
    result.className = 'result';
    result.textContent = 'Backfill running; its progress shows below.';
    const answer = api('POST', '/api/scans', { from: utc(from.value), to: utc(to.value) });
    setTimeout(refreshScans, 300);
    report(await answer, 'Backfill');
    button.disabled = false;
  } },
  h('div', {}, h('label', { for: 'backfill-from' }, 'Backfill from (UTC)'), from),
  h('div', {}, h('label', { for: 'backfill-to' }, 'to (UTC)'), to),
  h('button', { type: 'submit', id: 'backfill-start' }, 'Start backfill'));
}

/** A datetime-local value read as UTC, as the API wants it. */
function utc(value) {
  return value.length === 16 ? value + ':00Z' : value + 'Z';
}

function scanTable(items) {
  const span = s => {
    const from = time(s.windowFrom), to = time(s.windowTo);
    return from.slice(0, 10) === to.slice(0, 10) ? from + ' – ' + to.slice(11) : from + ' – ' + to;
  };
  return h('table', { id: 'scans' },
    h('thead', {}, h('tr', {}, ['Started', 'Kind', 'Trigger', 'Window', 'Chunks', 'Read', 'New', 'Rejected',
      'Opened', 'Extended', 'Status', ''].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, items.map(s => h('tr', { 'data-scan': String(s.id) },
      h('td', {}, time(s.startedAt)), h('td', {}, s.kind), h('td', {}, s.triggerKind), h('td', {}, span(s)),
      h('td', { class: 'num progress' }, s.chunksDone + ' / ' + s.chunksTotal),
      h('td', { class: 'num' }, String(s.eventsRead)), h('td', { class: 'num' }, String(s.eventsNew)),
      h('td', { class: 'num' }, String(s.eventsRejected)), h('td', { class: 'num' }, String(s.incidentsOpened)),
      h('td', { class: 'num' }, String(s.incidentsExtended)),
      h('td', { class: 'status ' + (s.status === 'ok' || s.status === 'running' ? '' : 'error'),
        title: s.message || '' }, s.status),
      h('td', {}, s.status === 'running' && can('reviewer') && !s.cancelRequestedBy
        ? h('button', { type: 'button', class: 'cancel-scan', onclick: async (e) => {
          e.target.disabled = true;
          const answer = await api('POST', '/api/scans/' + s.id + '/cancel');
          if (answer.status !== 200) e.target.replaceWith(failure(answer));
          refreshScans();
        } }, 'Cancel')
        : s.cancelRequestedBy && s.status === 'running' ? 'cancelling…' : '')))));
}

/** Reads the scans again and replaces the table, if the Scans view is still the one shown. */
async function refreshScans() {
  const scans = await api('GET', '/api/scans?limit=20');
  const table = document.getElementById('scans');
  if (!table || scans.status !== 200) return;
  table.replaceWith(scanTable(scans.body.items));
  pollWhileRunning(scans.body.items);
}

function pollWhileRunning(items) {
  clearTimeout(scanPoll);
  if (items.some(s => s.status === 'running')) scanPoll = setTimeout(refreshScans, SCAN_POLL_MS);
}

// ---- start --------------------------------------------------------------------------------------

document.getElementById('logout').addEventListener('click', () => logout('Signed out.', true));
// ---- declared bulk work -----------------------------------------------------------------------

async function bulkWorkView() {
  show(h('h1', {}, 'Bulk work'), h('div', { class: 'placeholder' }, 'Loading…'));
  const answer = await api('GET', '/api/bulk-work');
  if (answer.status !== 200) { show(h('h1', {}, 'Bulk work'), failure(answer)); return; }
  const result = h('div', { id: 'bulk-result', class: 'result', role: 'status', 'aria-live': 'polite' });
  show(h('h1', {}, 'Bulk work'),
    h('p', { class: 'muted' }, 'Findings of the account (or of everyone) inside declared bulk work are recorded '
      + 'as incidents marked suppressed: not alerted, never disabled automatically.'),
    can('reviewer') ? bulkWorkForm(result) : null, result,
    h('table', { id: 'bulk-work' },
      h('thead', {}, h('tr', {}, ['#', 'Account', 'From', 'To', 'Reason', 'Declared by', 'State', '']
        .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, answer.body.length ? answer.body.map(w => h('tr', {},
        h('td', { class: 'num' }, String(w.id)), h('td', {}, w.userId || 'everyone'),
        h('td', {}, time(w.startsAt)), h('td', {}, time(w.endsAt)), h('td', {}, w.reason),
        h('td', {}, w.declaredBy + ', ' + time(w.declaredAt)),
        h('td', { class: 'status' }, w.state + (w.revokedBy ? ' by ' + w.revokedBy : '')),
        h('td', {}, can('reviewer') && (w.state === 'planned' || w.state === 'in force')
          ? h('button', { type: 'button', 'data-revoke': w.id, onclick: async () => {
            const res = await api('POST', '/api/bulk-work/' + w.id + '/revoke', {});
            await bulkWorkView();
            const fresh = document.getElementById('bulk-result');
            fresh.className = 'result ' + (res.status === 200 ? 'ok' : 'error');
            fresh.textContent = res.status === 200 ? 'Revoked bulk work ' + w.id + '.'
              : 'Not revoked (' + res.status + '): ' + ((res.body && res.body.title) || '');
          } }, 'Revoke') : '')))
        : h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No bulk work declared.')))));
}

function bulkWorkForm(result) {
  const user = h('input', { id: 'bulk-user', size: 38, placeholder: 'empty: everyone' });
  const from = h('input', { id: 'bulk-from', type: 'datetime-local', required: true });
  const to = h('input', { id: 'bulk-to', type: 'datetime-local', required: true });
  const reason = h('input', { id: 'bulk-reason', required: true, maxlength: 500, size: 40 });
  return h('form', { class: 'filters', id: 'bulk-declare', onsubmit: async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/bulk-work', { userId: user.value.trim() || null, from: utc(from.value),
      to: utc(to.value), reason: reason.value });
    if (res.status === 201) {
      await bulkWorkView();
      const fresh = document.getElementById('bulk-result');
      fresh.className = 'result ok';
      fresh.textContent = 'Declared bulk work ' + res.body.id + '.';
    } else {
      result.className = 'result error';
      result.textContent = 'Not declared (' + res.status + '): ' + ((res.body && res.body.title) || '');
    }
  } },
  h('div', {}, h('label', { for: 'bulk-user' }, 'Account (user id)'), user),
  h('div', {}, h('label', { for: 'bulk-from' }, 'From (UTC)'), from),
  h('div', {}, h('label', { for: 'bulk-to' }, 'To (UTC)'), to),
  h('div', {}, h('label', { for: 'bulk-reason' }, 'Reason'), reason),
  h('button', { type: 'submit', id: 'bulk-submit' }, 'Declare'));
}

window.addEventListener('hashchange', () => { route().then(() => main().focus({ preventScroll: true })); });
route();
