// The home page: every service's health and golden signals (requests/s, error rate, p50/p99 latency) with
// 15 minutes of sparklines, each node's the same plus what its callers' selectors think of it, the call
// graph and the broker's topics with a publish form. The dashboard samples every node itself; this page
// loads the history once and then appends each round the live feed brings.

import { h, fill, link, badge, formatMs, title } from '../dom.js';
import { api } from '../api.js';
import { onOverview } from '../live.js';
import { sparkline } from '../sparkline.js';
import { callGraph } from '../graph.js';

export async function overviewPage(app) {
  title('Overview');
  const history = new Map(); // "service" or "service node-id" → points
  const charts = new Map(); // same keys + a suffix per chart → sparkline
  const expanded = new Set();
  const body = h('tbody');
  const updated = h('span', { class: 'muted' });
  const graph = h('div', { class: 'graph' });
  const topics = h('tbody');
  const notice = h('p', { class: 'notice', hidden: true });
  let round = null;
  let capacity = 180;

  function remember(key, points) {
    const list = history.get(key) || [];
    for (const point of points) {
      if (point && (!list.length || point.t > list[list.length - 1].t)) list.push(point);
    }
    while (list.length > capacity) list.shift();
    history.set(key, list);
    return list;
  }

  function chart(key, lines, label) {
    if (!charts.has(key)) charts.set(key, sparkline(lines, label));
    return charts.get(key);
  }

  // rows are kept across rounds and updated in place: a reader's click or selection survives a round
  const rows = new Map(); // key → { tr, cells }
  function row(key, attrs, count) {
    if (!rows.has(key)) {
      const cells = Array.from({ length: count }, () => h('td'));
      rows.set(key, { tr: h('tr', attrs, cells), cells });
    }
    return rows.get(key);
  }

  // a value with its sparkline: requests/s, error rate, or p50 and p99 together
  function signal(td, key, kind, points, label) {
    const xs = points.map((p) => p.t / 1000);
    const last = points.length ? points[points.length - 1] : {};
    td.className = 'num signal';
    td.dataset.signal = kind;
    if (kind === 'latency') {
      const spark = chart(`${key} latency`, ['--accent', '--bad'], `${label} p50 and p99 latency`);
      spark.update(xs, points.map((p) => p.p50 ?? null), points.map((p) => p.p99 ?? null));
      fill(td, h('span', null, last.p50 != null ? `${formatMs(last.p50)} · ${formatMs(last.p99)}` : '—'), spark.el);
    } else if (kind === 'errors') {
      const spark = chart(`${key} errors`, ['--bad'], `${label} error rate`);
      spark.update(xs, points.map((p) => (p.errorRate != null ? p.errorRate * 100 : (p.rps != null ? 0 : null))));
      fill(td, h('span', { class: last.errorRate > 0 ? 'bad-text' : null },
        last.errorRate != null ? `${(last.errorRate * 100).toFixed(1)} %` : '—'), spark.el);
    } else {
      const spark = chart(`${key} rps`, ['--accent'], `${label} requests per second`);
      spark.update(xs, points.map((p) => p.rps ?? null));
      fill(td, h('span', null, last.rps != null ? rate(last.rps) : '—'), spark.el);
    }
  }

  function health(service) {
    const total = service.nodes.length;
    if (service.unhealthy > 0) {
      return badge(`${service.unhealthy} of ${total} down`, 'bad');
    }
    return badge(`${total} of ${total} up`, 'good');
  }

  function serviceRows(service) {
    const points = remember(service.name, service.history || [service.now]);
    const open = expanded.has(service.name);
    const { tr, cells } = row(service.name, { 'data-service': service.name }, 5);
    tr.className = service.unhealthy > 0 ? 'unhealthy' : '';
    if (!cells[0].firstChild) {
      fill(cells[0], link('/registry', { service: service.name }, h('span', { class: 'mono service-name' }, service.name)));
      cells[0].toggle = h('button', { type: 'button', class: 'small secondary', onclick: () => {
        if (expanded.has(service.name)) expanded.delete(service.name); else expanded.add(service.name);
        render();
      } });
    }
    const toggle = cells[0].toggle;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = `${open ? '▾' : '▸'} ${service.nodes.length} node${service.nodes.length === 1 ? '' : 's'}`;
    fill(cells[1], health(service), ' ', toggle);
    signal(cells[2], service.name, 'rps', points, service.name);
    signal(cells[3], service.name, 'errors', points, service.name);
    signal(cells[4], service.name, 'latency', points, service.name);
    return open ? [tr, ...service.nodes.map((node) => nodeRow(service, node))] : [tr];
  }

  function nodeRow(service, node) {
    const key = `${service.name} ${node.id}`;
    const points = remember(key, node.history || [node.now]);
    const { tr, cells } = row(key, { 'data-node': node.address }, 5);
    tr.className = `node-row${node.up ? '' : ' unhealthy'}`;
    cells[0].className = 'mono';
    cells[0].title = node.id;
    fill(cells[0], '↳ ', node.address, ' ', badge(node.version || '—', 'version'));
    fill(cells[1], node.up ? badge('up', 'good')
      : badge(node.error ? `down: ${node.error.code} ${node.error.status || ''}`.trim() : 'down', 'bad'),
    ' ', selectorState(node.selector));
    signal(cells[2], key, 'rps', points, node.address);
    signal(cells[3], key, 'errors', points, node.address);
    signal(cells[4], key, 'latency', points, node.address);
    return tr;
  }

  function render() {
    if (!round) return;
    const services = round.services || [];
    fill(body, services.length ? services.flatMap(serviceRows)
      : h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'No services yet.')));
    // rows and charts of services and nodes no longer listed go
    const live = new Set(services.flatMap((s) => [s.name, ...s.nodes.map((n) => `${s.name} ${n.id}`)]));
    for (const [key, spark] of charts) {
      if (!live.has(key.slice(0, key.lastIndexOf(' ')))) { spark.destroy(); charts.delete(key); }
    }
    for (const key of rows.keys()) if (!live.has(key)) rows.delete(key);
    for (const key of history.keys()) if (!live.has(key)) history.delete(key);
    fill(graph, callGraph(round.edges || [], services));
    const topicList = round.topics || [];
    fill(topics, topicList.length ? topicList.map(topicRow)
      : h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'No topics: no service subscribes to one, and nothing was published.')));
    for (const key of topicRows.keys()) if (!topicList.some((t) => t.topic === key)) topicRows.delete(key);
    updated.textContent = `sampled ${new Date(round.t).toLocaleTimeString()} · every ${round.intervalMs / 1000} s`;
  }

  const topicRows = new Map();
  function topicRow(topic) {
    if (!topicRows.has(topic.topic)) {
      const cells = Array.from({ length: 5 }, () => h('td'));
      fill(cells[0], badge(topic.topic, 'topic'));
      cells[2].className = cells[3].className = cells[4].className = 'num';
      const action = h('td', { class: 'actions' }, h('button', { type: 'button', class: 'small secondary',
        onclick: () => { publish.topic(topic.topic); publish.el.scrollIntoView({ block: 'nearest' }); } }, 'Publish…'));
      topicRows.set(topic.topic, { tr: h('tr', { 'data-topic': topic.topic }, cells, action), cells });
    }
    const { tr, cells } = topicRows.get(topic.topic);
    fill(cells[1], topic.subscribers.length
      ? topic.subscribers.map((s) => [link('/registry', { service: s }, h('span', { class: 'mono' }, s)), ' '])
      : h('span', { class: 'muted' }, 'none'));
    cells[2].textContent = String(topic.subscriberNodes);
    cells[3].textContent = rate(topic.publishedPerSecond);
    cells[4].textContent = rate(topic.deliveredPerSecond);
    return tr;
  }

  const publish = publishForm();
  fill(app,
    h('div', { class: 'page-head' }, h('h1', null, 'Overview'), h('div', { class: 'toolbar' }, updated, link('/services', null, 'All services →'))),
    notice,
    h('div', { class: 'card flush' }, h('table', { class: 'table overview' },
      h('thead', null, h('tr', null, h('th', null, 'Service'), h('th', null, 'Health'), h('th', { class: 'num' }, 'Requests/s'),
        h('th', { class: 'num' }, 'Errors'), h('th', { class: 'num' }, 'Latency p50 · p99'))),
      body)),
    h('h2', null, 'Calls between services'),
    h('div', { class: 'card' }, graph),
    h('h2', null, 'Topics'),
    h('div', { class: 'card flush' }, h('table', { class: 'table topics' },
      h('thead', null, h('tr', null, h('th', null, 'Topic'), h('th', null, 'Subscribers'), h('th', { class: 'num' }, 'Nodes'),
        h('th', { class: 'num' }, 'Published/s'), h('th', { class: 'num' }, 'Delivered/s'), h('th', null, ''))),
      topics)),
    publish.el);

  try {
    round = await api.overview();
    if (!round.enabled) {
      notice.textContent = 'The overview is off (web_overview_interval=0): nothing samples the nodes.';
      notice.hidden = false;
    }
    capacity = Math.max(2, Math.round(15 * 60 * 1000 / (round.intervalMs || 5000)));
    render();
  } catch (err) {
    notice.textContent = err.message;
    notice.hidden = false;
  }
  // each round from the live feed carries every series' newest point
  const stop = onOverview((next) => {
    if (round && next.t <= round.t) return;
    round = next;
    render();
  });
  return { leave: () => { stop(); for (const spark of charts.values()) spark.destroy(); } };
}

function rate(perSecond) {
  if (perSecond == null) return '—';
  if (perSecond === 0) return '0';
  return perSecond < 10 ? `${perSecond.toFixed(2)}/s` : `${Math.round(perSecond)}/s`;
}

// what the nodes calling this one think of it: their selectors' load and ejections
function selectorState(view) {
  if (!view) return null;
  const parts = [`${view.callers} caller${view.callers === 1 ? '' : 's'}`, `${view.inflight} in flight`];
  if (view.ejectedBy > 0) {
    return h('span', { class: 'selector-state' }, badge(`ejected by ${view.ejectedBy} for ${Math.ceil(view.ejectedForMs / 1000)} s`
      + (view.lastFault ? ` (last: ${view.lastFault})` : ''), 'bad'), h('span', { class: 'muted' }, parts.join(' · ')));
  }
  if (view.failures > 0) parts.push(`${view.failures} failure${view.failures === 1 ? '' : 's'} in a row${view.lastFault ? ` (${view.lastFault})` : ''}`);
  return h('span', { class: 'selector-state muted' }, parts.join(' · '));
}

function publishForm() {
  const topic = h('input', { type: 'text', name: 'topic', placeholder: 'topic', class: 'mono', autocomplete: 'off', spellcheck: 'false' });
  const message = h('textarea', { name: 'message', rows: 3, class: 'mono', spellcheck: 'false' }, '{}');
  message.value = '{}';
  const result = h('span', { class: 'muted publish-result', role: 'status' });
  const form = h('form', { class: 'card publish-form' },
    h('h3', null, 'Publish a message'),
    h('label', null, 'Topic ', topic),
    h('label', null, 'Message (JSON) ', message),
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, 'Publish'), result));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    result.className = 'muted publish-result';
    result.textContent = 'publishing…';
    try {
      const reply = await api.publish(topic.value.trim(), message.value);
      result.className = 'publish-result good-text';
      result.textContent = `published in ${formatMs(reply.latencyMs)}`;
    } catch (err) {
      result.className = 'publish-result bad-text';
      result.textContent = err.message;
    }
  });
  return { el: form, topic: (name) => { topic.value = name; } };
}
