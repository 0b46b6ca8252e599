// A service: its versions, nodes (address, metadata, health), endpoints with their request and response
// shapes and a call form each, and the topics it subscribes to. Which endpoint's form is open is in the
// URL; the page follows the registry as it changes.

import { h, fill, link, badge, title } from '../dom.js';
import { api } from '../api.js';
import { onServices } from '../live.js';
import { typeTree } from '../types.js';
import { callForm } from './client.js';

export function servicePage(app, params) {
  const name = params.get('service');
  title(name);
  const head = h('div', { class: 'page-head' });
  const gone = h('p', { class: 'notice bad', hidden: true }, `${name} has no live node any more. This page shows what was last known.`);
  const nodesBody = h('div');
  const endpointsBody = h('div', { class: 'endpoints' });
  const subscribersBody = h('div');
  const metadataBody = h('div');
  let revision = -1;
  let endpointsKey = null;
  let detail = null;
  let openEndpoint = params.get('endpoint');
  const initialRequest = parseJson(params.get('request'));

  fill(app,
    h('nav', { class: 'crumbs' }, link('/services', null, 'Services'), ' / ', h('span', { class: 'mono' }, name)),
    head, gone,
    h('section', null, h('h2', null, 'Nodes'), nodesBody),
    h('section', null, h('h2', null, 'Endpoints'), endpointsBody),
    h('section', null, subscribersBody),
    h('section', null, metadataBody));

  async function load() {
    try {
      detail = await api.service(name);
    } catch (err) {
      if (err.status === 404 && detail) {
        gone.hidden = false;
        return;
      }
      fill(head, h('h1', { class: 'mono' }, name));
      fill(nodesBody, h('p', { class: 'notice bad' }, err.status === 404 ? `No service ${name} is registered.` : err.message));
      return;
    }
    gone.hidden = true;
    revision = detail.revision;
    render();
    health();
  }

  function render() {
    const versions = detail.versions || [];
    const nodeCount = versions.reduce((n, v) => n + (v.nodes || []).length, 0);
    fill(head,
      h('div', null,
        h('h1', { class: 'mono' }, name),
        h('p', { class: 'subtitle' },
          versions.map((v) => badge(`v${v.version}`, 'version')),
          ` ${nodeCount} node${nodeCount === 1 ? '' : 's'} · `,
          link('/stats', { service: name }, 'health & stats'),
          detail.web ? [' · ', h('a', { href: detail.web, class: 'open-web' }, 'open web app ↗')] : null)));
    renderNodes(versions);
    const endpoints = unique(versions.flatMap((v) => v.endpoints || []));
    const key = JSON.stringify(endpoints) + JSON.stringify(versions.map((v) => (v.nodes || []).map((n) => n.address)));
    if (key !== endpointsKey) {
      endpointsKey = key;
      renderEndpoints(endpoints.filter((e) => !isSubscriber(e)), versions);
      renderSubscribers(endpoints.filter(isSubscriber));
    }
    const metadata = versions.filter((v) => Object.keys(v.metadata || {}).length);
    fill(metadataBody, metadata.length ? [h('h2', null, 'Service metadata'),
      metadata.map((v) => h('div', { class: 'card' }, badge(`v${v.version}`, 'version'), pairs(v.metadata)))] : null);
  }

  function renderNodes(versions) {
    const rows = versions.flatMap((v) => (v.nodes || []).map((n) => h('tr', { 'data-node': n.id },
      h('td', { class: 'mono' }, n.id),
      h('td', { class: 'mono' }, n.address),
      h('td', null, badge(v.version, 'version')),
      h('td', null, pairs(n.metadata)),
      h('td', { class: 'health', 'data-address': n.address }, h('span', { class: 'muted' }, '…')))));
    fill(nodesBody, h('div', { class: 'card flush' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Node'), h('th', null, 'Address'), h('th', null, 'Version'),
        h('th', null, 'Metadata'), h('th', null, 'Health'))),
      h('tbody', null, rows))));
  }

  async function health() {
    let report;
    try { report = await api.nodes(name); } catch (e) { return; }
    for (const node of report.nodes || []) {
      for (const cell of nodesBody.querySelectorAll('td.health')) {
        if (cell.dataset.address !== node.address) continue;
        const h1 = node.health || {};
        fill(cell, h1.ok ? badge((h1.reply && h1.reply.status) || 'ok', 'good')
          : [badge(h1.error ? `${h1.error.code} ${h1.error.status || ''}`.trim() : 'down', 'bad'), ' ', removeButton(node)]);
        cell.title = h1.ok ? `answered in ${h1.latencyMs.toFixed(1)} ms` : (h1.error && h1.error.detail) || '';
      }
    }
  }

  // a node that does not answer can be taken out of the registry; the dashboard asks it once more first
  function removeButton(node) {
    const button = h('button', { type: 'button', class: 'secondary small', 'data-deregister': node.address }, 'Deregister');
    button.addEventListener('click', async () => {
      if (!confirm(`Take ${node.address} out of ${name}'s nodes? It does not answer its health check.`)) return;
      button.disabled = true;
      try {
        await api.deregister(name, node.address);
        load();
      } catch (err) {
        button.disabled = false;
        button.replaceWith(h('span', { class: 'error-text' }, err.message));
      }
    });
    return button;
  }

  function renderEndpoints(endpoints, versions) {
    if (!endpoints.length) {
      fill(endpointsBody, h('p', { class: 'muted' }, 'No endpoints registered.'));
      return;
    }
    const nodes = versions.flatMap((v) => (v.nodes || []).map((n) => ({ address: n.address, version: v.version })));
    fill(endpointsBody, endpoints.map((endpoint) => endpointCard(endpoint, nodes)));
  }

  function endpointCard(endpoint, nodes) {
    const stream = (endpoint.metadata || {}).stream === 'true';
    const formSlot = h('div', { class: 'form-slot' });
    const toggle = h('button', { type: 'button', class: 'secondary' }, 'Call');
    const card = h('article', { class: 'card endpoint', 'data-endpoint': endpoint.name },
      h('header', { class: 'endpoint-head' },
        h('h3', { class: 'mono' }, endpoint.name),
        stream ? badge('stream', 'stream') : null,
        otherMetadata(endpoint.metadata),
        h('span', { class: 'spacer' }),
        link('/client', { service: name, endpoint: endpoint.name }, 'own page'),
        toggle),
      h('div', { class: 'shapes' }, typeTree(endpoint.request, 'request'), typeTree(endpoint.response, 'response')),
      formSlot);
    function open(initial) {
      fill(formSlot, callForm({ service: name, endpoint, nodes, initial,
        onCalled: (body) => setQuery({ endpoint: endpoint.name, request: JSON.stringify(body) }) }));
      card.classList.add('open');
      toggle.textContent = 'Close';
    }
    toggle.addEventListener('click', () => {
      if (card.classList.contains('open')) {
        formSlot.replaceChildren();
        card.classList.remove('open');
        toggle.textContent = 'Call';
        if (openEndpoint === endpoint.name) { openEndpoint = null; setQuery({ endpoint: null, request: null }); }
      } else {
        openEndpoint = endpoint.name;
        setQuery({ endpoint: endpoint.name, request: null });
        open(null);
      }
    });
    if (openEndpoint === endpoint.name) open(initialRequest);
    return card;
  }

  function renderSubscribers(subscribers) {
    fill(subscribersBody, subscribers.length ? [h('h2', null, 'Subscribers'),
      h('div', { class: 'card flush' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, h('th', null, 'Topic'), h('th', null, 'Handler'), h('th', null, 'Message'))),
        h('tbody', null, subscribers.map((s) => h('tr', null,
          h('td', null, badge(s.metadata.topic || '?', 'topic')),
          h('td', { class: 'mono' }, s.name),
          h('td', null, typeTree(s.request)))))))] : null);
  }

  load();
  const stop = onServices((services) => {
    const summary = (services.services || []).find((s) => s.name === name);
    if (!summary) {
      if (detail) gone.hidden = false;
      return;
    }
    if (summary.revision !== revision) load();
  });
  return { leave: stop };
}

function setQuery(changes) {
  const query = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value == null) query.delete(key); else query.set(key, value);
  }
  history.replaceState(null, '', `${location.pathname}?${query}`);
}

function isSubscriber(endpoint) {
  return (endpoint.metadata || {}).subscriber === 'true';
}

function unique(endpoints) {
  const seen = new Map();
  for (const e of endpoints) if (!seen.has(e.name)) seen.set(e.name, e);
  return [...seen.values()];
}

function pairs(metadata) {
  const entries = Object.entries(metadata || {});
  if (!entries.length) return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'pairs' }, entries.map(([k, v]) => h('span', { class: 'pair' },
    h('span', { class: 'pair-key' }, k), h('span', { class: 'pair-value' }, v))));
}

function otherMetadata(metadata) {
  const rest = Object.entries(metadata || {}).filter(([k]) => k !== 'stream');
  return rest.length ? pairs(Object.fromEntries(rest)) : null;
}

function parseJson(text) {
  if (!text) return null;
  try { return JSON.parse(text); } catch (e) { return null; }
}

