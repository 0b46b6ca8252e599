// Health and stats of each node of a service: Debug.Health and Debug.Stats asked of every node,
// refreshed every few seconds while the page is open.

import { h, fill, link, badge, formatBytes, formatDuration, formatMs, title } from '../dom.js';
import { api } from '../api.js';
import { onServices, unhealthyNodes } from '../live.js';
import { unhealthyBadge } from './services.js';

const REFRESH_MS = 5000;

export function statsPage(app, params) {
  const name = params.get('service');
  if (!name) return pickService(app);
  title(`${name} stats`);
  const body = h('tbody');
  const updated = h('span', { class: 'muted' });
  const auto = h('input', { type: 'checkbox', checked: true, 'aria-label': 'Refresh every 5 seconds' });
  let timer = null;
  let stopped = false;

  async function refresh() {
    clearTimeout(timer);
    try {
      const report = await api.nodes(name);
      fill(body, (report.nodes || []).map(row));
      if (!(report.nodes || []).length) fill(body, h('tr', null, h('td', { colspan: 13, class: 'muted' }, 'No nodes.')));
      updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (err) {
      fill(body, h('tr', null, h('td', { colspan: 13 }, h('span', { class: 'notice bad' }, err.message))));
    }
    if (auto.checked && !stopped) timer = setTimeout(refresh, REFRESH_MS);
  }
  auto.addEventListener('change', refresh);

  fill(app,
    h('nav', { class: 'crumbs' }, link('/services', null, 'Services'), ' / ', link('/registry', { service: name }, name), ' / stats'),
    h('div', { class: 'page-head' }, h('h1', null, 'Health & stats ', h('span', { class: 'mono' }, name)),
      h('div', { class: 'toolbar' }, updated, h('label', null, auto, ' every 5 s'),
        h('button', { type: 'button', class: 'secondary', onclick: refresh }, 'Refresh'))),
    h('div', { class: 'card flush' }, h('table', { class: 'table stats' },
      h('thead', null, h('tr', null, ['Address', 'Version', 'Health', 'Answered in', 'Uptime', 'Memory', 'Threads', 'GC',
        'Requests', 'Errors', 'Retries', 'Hedges', 'Registry'].map((t, i) => h('th', { class: i > 2 && i < 12 ? 'num' : null }, t)))),
      body)));
  refresh();
  return { leave: () => { stopped = true; clearTimeout(timer); } };
}

function row(node) {
  const health = node.health || {};
  const stats = node.stats && node.stats.ok ? node.stats.reply || {} : null;
  const cell = (text) => h('td', { class: 'num' }, text);
  return h('tr', { 'data-address': node.address },
    h('td', { class: 'mono', title: node.id }, node.address),
    h('td', null, badge(node.version, 'version')),
    h('td', null, health.ok ? badge((health.reply && health.reply.status) || 'ok', 'good')
      : badge(health.error ? `${health.error.code} ${health.error.status || ''}`.trim() : 'down', 'bad')),
    cell(formatMs(health.latencyMs)),
    cell(stats ? formatDuration(stats.uptime) : '—'),
    cell(stats ? formatBytes(stats.memory) : '—'),
    cell(stats ? String(stats.threads ?? '') : '—'),
    cell(stats && stats.gc != null ? formatMs(stats.gc / 1e6) : '—'),
    cell(stats ? String(stats.requests ?? '') : '—'),
    cell(stats ? String(stats.errors ?? '') : '—'),
    cell(stats ? retries(stats.client) : '—'),
    cell(stats ? hedges(stats.client) : '—'),
    h('td', null, stats ? staleness(stats.stale) : '—'));
}

// The node's client: retries sent (and refused by its retry budget), hedges sent (and won).
function retries(client) {
  if (!client) return '—';
  return client.retriesRefused > 0 ? `${client.retries} (${client.retriesRefused} refused)` : String(client.retries);
}

function hedges(client) {
  if (!client) return '—';
  return client.hedges > 0 ? `${client.hedges} (${client.hedgesWon} won)` : '0';
}

// What the node's registry cache answers from its snapshot file because the registry could not.
function staleness(stale) {
  const ages = Object.entries(stale || {});
  if (!ages.length) return badge('current', 'good');
  const oldest = Math.max(...ages.map(([, ms]) => ms));
  return h('span', { title: ages.map(([name, ms]) => `${name}: ${formatDuration(Math.floor(ms / 1000))} old`).join('\n') },
    badge(`stale: ${ages.length} service${ages.length === 1 ? '' : 's'}, ${formatDuration(Math.floor(oldest / 1000))}`, 'bad'));
}

function pickService(app) {
  title('Health & stats');
  const list = h('ul', { class: 'pick' });
  fill(app, h('div', { class: 'page-head' }, h('h1', null, 'Health & stats')),
    h('p', { class: 'muted' }, 'Pick a service to see each node’s health and stats.'), list);
  const stop = onServices((services) => fill(list, (services.services || []).map((s) =>
    h('li', { 'data-service': s.name }, link('/stats', { service: s.name }, h('span', { class: 'mono' }, s.name)), ' ',
      h('span', { class: 'muted' }, `${s.nodes} node${s.nodes === 1 ? '' : 's'}`), ' ', unhealthyBadge(unhealthyNodes(s.name))))));
  return { leave: stop };
}
