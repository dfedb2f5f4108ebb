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

function loginView(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' }, message || '');
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
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

function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  document.getElementById('banner').hidden = true;
  loginView(message);
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

async function queueView(params) {
  const status = STATUSES.includes(params.status) ? params.status : 'open';
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Status' }, STATUSES.map(s =>
    h('a', { href: '#/incidents' + query({ status: s, rule: params.rule, userId: params.userId }),
             'aria-current': s === status ? 'page' : null }, s)));
  const rule = h('input', { id: 'filter-rule', value: params.rule || '', list: 'rule-names', size: 22 });
  const user = h('input', { id: 'filter-user', value: params.userId || '', size: 22 });
  const filters = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    location.hash = '#/incidents' + query({ status, rule: rule.value.trim(), userId: user.value.trim() });
  } },
  h('div', {}, h('label', { for: 'filter-rule' }, 'Rule'), rule),
  h('div', {}, h('label', { for: 'filter-user' }, 'User id'), user),
  h('button', { type: 'submit' }, 'Filter'),
  h('datalist', { id: 'rule-names' }));
  const body = h('tbody', {});
  const table = h('table', { class: 'incidents' },
    h('caption', { class: 'muted', style: 'text-align:left;padding:4px 0' }, 'Newest first'),
    h('thead', {}, h('tr', {}, ['#', 'Severity', 'Rule', 'User', 'Files', 'First event', 'Last event', 'Status']
      .map(t => h('th', { scope: 'col' }, t)))), body);
  const more = h('div', { class: 'more' });
  show(h('h1', {}, 'Incidents'), tabs, filters, table, more);
  fillRuleNames();

  const load = async (cursor) => {
    const answer = await api('GET', '/api/incidents' + query({ status, rule: params.rule, userId: params.userId,
      limit: 25, cursor }));
    if (answer.status !== 200) { more.replaceChildren(failure(answer)); return; }
    for (const i of answer.body.items) {
      body.append(h('tr', {},
        h('td', { class: 'num' }, h('a', { href: '#/incident/' + i.id }, String(i.id))),
        h('td', {}, severity(i.severity)),
        h('td', {}, i.rule),
        h('td', {}, i.userName ? i.userName + ' (' + i.userId + ')' : i.userId),
        h('td', { class: 'num' }, String(i.fileCount)),
        h('td', {}, time(i.firstEventAt)),
        h('td', {}, time(i.lastEventAt)),
        h('td', { class: 'status' }, i.status + (i.awaitingConfirmation ? ' · awaiting confirmation' : ''),
          i.suppressedBy ? h('span', { class: 'suppressed', title: 'inside declared bulk work ' + i.suppressedBy
            + ': recorded, not alerted' }, ' · suppressed') : '')));
    }
    if (!body.children.length) {
      body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No ' + status + ' incidents.')));
    }
    more.replaceChildren(answer.body.nextCursor
      ? h('button', { type: 'button', id: 'more', onclick: () => load(answer.body.nextCursor) }, 'Older incidents')
      : '');
  };
  await load(null);
}

async function fillRuleNames() {
  const answer = await api('GET', '/api/rules');
  const list = document.getElementById('rule-names');
  if (answer.status === 200 && list) {
    list.replaceChildren(...answer.body.rules.map(r => h('option', { value: r })));
  }
}

// ---- incident page ------------------------------------------------------------------------------

/** What each decision needs: the status it starts from, and for confirm an automatic disable. */
const DECISIONS = [
  { action: 'approve', label: 'Approve', hint: 'disables the account in DocSpace', allowed: i => i.status === 'open' },
  { action: 'dismiss', label: 'Dismiss', hint: 'no action on the account', allowed: i => i.status === 'open' },
  { action: 'reenable', label: 'Re-enable', hint: 'enables the account in DocSpace again', allowed: i => i.status === 'disabled' },
  { action: 'confirm', label: 'Confirm', hint: 'keeps an automatic disable', allowed: i => i.awaitingConfirmation },
];

async function incidentView(id) {
  show(h('h1', {}, 'Incident ' + id), h('div', { class: 'placeholder' }, 'Loading…'));
  const [detail, timeline] = await Promise.all([
    api('GET', '/api/incidents/' + encodeURIComponent(id)),
    api('GET', '/api/incidents/' + encodeURIComponent(id) + '/timeline'),
  ]);
  if (detail.status !== 200) { show(h('h1', {}, 'Incident ' + id), failure(detail)); return; }
  const i = detail.body.incident;
  const result = h('div', { id: 'action-result', class: 'result', role: 'status', 'aria-live': 'polite' });
  show(
    h('h1', {}, 'Incident ' + i.id + ' · ', severity(i.severity), ' ', i.rule),
    h('div', { class: 'grid' },
      h('section', { 'aria-label': 'Facts' },
        h('dl', { class: 'facts' },
          h('dt', {}, 'Why'), h('dd', { id: 'incident-reason' }, i.reason || 'not recorded (opened before reasons were kept)'),
          h('dt', {}, 'Status'), h('dd', { id: 'incident-status', class: 'status' },
            i.status + (i.awaitingConfirmation ? ' (awaiting confirmation)' : '')),
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
        h('h2', { style: 'margin-top:0' }, 'Timeline of ' + (i.userName || i.userId) + "'s file events"),
        timeline.status === 200 ? chart(timeline.body) : failure(timeline),
        h('p', { class: 'legend' },
          'Dots: file events (dark: counted by the incident). Line: distinct counted files in the sliding '
          + duration(i.windowMillis) + ' window. Dashed: the rule\'s threshold.'))),
    recoveryPanel(i),
    h('h2', {}, 'Files (' + detail.body.fileIds.length + ')'),
    filesTable(detail.body),
    h('h2', {}, 'History'),
    historyTable(detail.body.history));
}

function decisionForm(i, result) {
  const comment = h('textarea', { id: 'comment', required: true, maxlength: 2000 });
  const buttons = DECISIONS.map(d => h('button', {
    type: 'button', 'data-action': d.action, disabled: !d.allowed(i),
    title: d.allowed(i) ? d.hint : 'not possible while the incident is ' + i.status
      + (d.action === 'confirm' ? ' without an automatic disable awaiting review' : ''),
    onclick: () => decide(i.id, d.action, comment, result),
  }, d.label));
  return h('section', { class: 'actions', 'aria-label': 'Decision' },
    h('label', { for: 'comment' }, 'Comment (required: say why)'), comment,
    h('div', { class: 'buttons' }, buttons), result);
}

async function decide(id, action, comment, result) {
  const text = comment.value.trim();
  if (!text) {
    result.className = 'result error';
    result.textContent = 'Write a comment first: every decision says why.';
    comment.focus();
    return;
  }
  for (const b of document.querySelectorAll('.actions button')) b.disabled = true;
  const answer = await api('POST', '/api/incidents/' + id + '/' + action, { comment: text });
  const message = outcome(action, answer);
  await incidentView(id);
  const fresh = document.getElementById('action-result');
  if (fresh) {
    fresh.className = 'result ' + (answer.status === 200 ? 'ok' : 'error');
    fresh.textContent = message;
  }
}

/** DocSpace's answer in plain words: done, refused by the workflow (409), refused by DocSpace (502). */
function outcome(action, answer) {
  const title = (answer.body && answer.body.title) || '';
  if (answer.status === 200) {
    const account = answer.body.accountStatus === 2 ? ' DocSpace reports the account disabled.'
      : answer.body.accountStatus === 1 ? ' DocSpace reports the account active.' : '';
    return 'Done: ' + action + ' → ' + answer.body.status + '.' + account;
  }
  if (answer.status === 409) return 'Not done (409): ' + title;
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

function filesTable(detail) {
  const byFile = new Map(detail.fileIds.map(f => [f, []]));
  for (const e of detail.events) {
    const file = e.target && e.target[0];
    if (byFile.has(file)) byFile.get(file).push(e);
  }
  return h('div', { class: 'files' }, h('table', { class: 'files-table' },
    h('thead', {}, h('tr', {}, ['File', 'Events', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, [...byFile].map(([file, events]) => h('tr', {},
      h('td', {}, file),
      h('td', {}, events.map(e => time(e.at).slice(11)).join(', ') || '—'),
      h('td', {}, [...new Set(events.map(e => e.action || String(e.actionId)))].join(', ')))))));
}

function historyTable(history) {
  return h('table', { id: 'history' },
    h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Comment', 'Outcome'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, history.map(t => h('tr', {},
      h('td', {}, time(t.at)), h('td', {}, t.actor), h('td', {}, t.action),
      h('td', {}, t.comment || ''), h('td', {}, t.outcome || '')))));
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

function chart(tl) {
  const W = 860, H = 260, L = 44, R = 12, T = 14, B = 48;
  const from = Date.parse(tl.from), to = Date.parse(tl.to);
  const windowMillis = tl.windowMillis || 0;
  const steps = windowMillis ? windowCounts(tl.events, windowMillis) : [];
  const maxCount = Math.max(tl.threshold || 0, ...steps.map(s => s.n), 1);
  const yMax = Math.ceil(maxCount * 1.15);
  const x = t => L + (Math.min(Math.max(t, from), to) - from) / Math.max(to - from, 1) * (W - L - R);
  const plotBottom = H - B;
  const y = n => plotBottom - n / yMax * (plotBottom - T);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'timeline-chart',
    'aria-label': `${tl.events.length} file events; threshold ${tl.threshold ?? 'unknown'}` });

  // the incident's span, shaded, so the counted burst stands out from the activity around it
  const first = Date.parse(tl.firstEventAt), last = Date.parse(tl.lastEventAt);
  root.append(svg('rect', { x: x(first), y: T, width: Math.max(x(last) - x(first), 2), height: plotBottom - T,
    fill: '#fdecea' }));
  // axes and y ticks
  root.append(svg('line', { x1: L, y1: plotBottom, x2: W - R, y2: plotBottom, stroke: '#8a95a5' }));
  root.append(svg('line', { x1: L, y1: T, x2: L, y2: plotBottom, stroke: '#8a95a5' }));
  const yStep = Math.max(1, Math.ceil(yMax / 5));
  for (let n = 0; n <= yMax; n += yStep) {
    root.append(svg('text', { x: L - 6, y: y(n) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5b6675' }, n));
  }
  // x ticks: five UTC times
  for (let k = 0; k <= 4; k++) {
    const t = from + (to - from) * k / 4;
    root.append(svg('text', { x: x(t), y: plotBottom + 16, 'text-anchor': k === 0 ? 'start' : k === 4 ? 'end' : 'middle',
      'font-size': 11, fill: '#5b6675' }, new Date(t).toISOString().slice(11, 16) + ' UTC'));
  }
  // the sliding-window count as steps
  if (steps.length) {
    let path = `M ${x(from)} ${y(0)}`;
    for (const s of steps) path += ` H ${x(s.t)} V ${y(s.n)}`;
    path += ` H ${x(to)}`;
    root.append(svg('path', { d: path, fill: 'none', stroke: '#1f5fbf', 'stroke-width': 2, class: 'window-count' }));
  }
  // the threshold
  if (tl.threshold) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(tl.threshold), y2: y(tl.threshold), stroke: '#b3261e',
      'stroke-dasharray': '6 4', 'stroke-width': 1.5, class: 'threshold' }));
    root.append(svg('text', { x: W - R - 4, y: y(tl.threshold) - 5, 'text-anchor': 'end', 'font-size': 11,
      fill: '#b3261e' }, 'threshold: more than ' + tl.threshold));
  }
  // every file event as a dot on a strip under the axis
  for (const e of tl.events) {
    root.append(svg('circle', { cx: x(Date.parse(e.at)), cy: plotBottom + 30, r: 3,
      fill: e.counted ? '#b3261e' : '#9aa4b2', class: e.counted ? 'event counted' : 'event' }));
  }
  if (!tl.events.length) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#5b6675' },
      'No stored file events around this incident'));
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
  const answer = await api('GET', '/api/rules');
  if (answer.status !== 200) { show(h('h1', {}, 'Rules'), failure(answer)); return; }
  const r = answer.body;
  const result = h('div', { id: 'reload-result', class: 'result', role: 'status', 'aria-live': 'polite' });
  const reload = can('admin') ? h('button', { type: 'button', id: 'reload', onclick: async () => {
    const res = await api('POST', '/api/rules/reload');
    await rulesView();
    const fresh = document.getElementById('reload-result');
    fresh.className = 'result ' + (res.status === 200 ? 'ok' : 'error');
    fresh.textContent = res.status === 200 ? 'Reloaded: version ' + res.body.version
      : 'Refused (' + res.status + '): ' + ((res.body && res.body.title) || '') + ' The previous rules stay active.';
  } }, 'Reload rules from disk') : null;
  show(h('h1', {}, 'Rules'),
    h('dl', { class: 'facts', style: 'max-width:520px' },
      h('dt', {}, 'Version'), h('dd', { id: 'rules-version' }, r.version),
      h('dt', {}, 'Loaded'), h('dd', {}, time(r.loadedAt)),
      h('dt', {}, 'Files'), h('dd', {}, r.files.join(', '))),
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

document.getElementById('logout').addEventListener('click', () => logout('Signed out.'));
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
