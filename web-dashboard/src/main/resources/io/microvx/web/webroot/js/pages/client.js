// The call form: fields built from the endpoint's request shape (or raw JSON), the call's metadata, the
// node and timeout to use, and the reply or error with the call's latency; for a streaming endpoint, each reply as it arrives
// and a Stop button. The request of the last call goes in the URL, so
// the address bar is a link that opens the same call again.

import { h, fill, jsonView, badge, formatMs, link, title } from '../dom.js';
import { api } from '../api.js';
import { requestFields, typeTree } from '../types.js';

/**
 * The form for one endpoint. nodes: [{address, version}]; initial: the request to start with (object).
 * onCalled(requestJson) is told the request of each call.
 */
export function callForm({ service, endpoint, nodes, initial, onCalled }) {
  const shape = endpoint.request || { type: '', values: [] };
  const streaming = (endpoint.metadata || {}).stream === 'true';
  let running = null; // the AbortController of the stream being shown
  const form = requestFields(shape);
  const raw = h('textarea', { class: 'mono raw-json', rows: 8, spellcheck: 'false', 'aria-label': 'Request JSON' });
  const hasFields = (shape.values || []).length > 0;
  let mode = hasFields ? 'form' : 'json';

  const formTab = h('button', { type: 'button', class: 'tab', role: 'tab' }, 'Form');
  const jsonTab = h('button', { type: 'button', class: 'tab', role: 'tab' }, 'JSON');
  const formPane = h('div', { class: 'pane' }, hasFields ? form.element : h('p', { class: 'muted' }, 'This request has no fields.'));
  const jsonPane = h('div', { class: 'pane' }, raw);

  function show(next) {
    if (next === 'json' && mode === 'form') {
      try { raw.value = JSON.stringify(form.read(), null, 2); } catch (e) { /* keep what is there */ }
    }
    if (next === 'form' && mode === 'json') {
      try { form.write(JSON.parse(raw.value || '{}')); } catch (e) { /* the form keeps its values */ }
    }
    mode = next;
    formTab.setAttribute('aria-selected', String(mode === 'form'));
    jsonTab.setAttribute('aria-selected', String(mode === 'json'));
    formPane.hidden = mode !== 'form';
    jsonPane.hidden = mode !== 'json';
  }
  formTab.addEventListener('click', () => show('form'));
  jsonTab.addEventListener('click', () => show('json'));

  const node = h('select', { name: 'node', 'aria-label': 'Node' },
    h('option', { value: '' }, 'any node (selector picks)'),
    (nodes || []).map((n) => h('option', { value: n.address }, `${n.address}  (v${n.version})`)));
  const timeout = h('input', { type: 'number', name: 'timeout', min: '0.1', step: 'any', placeholder: 'default', class: 'narrow',
    'aria-label': 'Timeout in seconds' });
  const metadata = h('textarea', { class: 'mono raw-json', rows: 3, spellcheck: 'false', name: 'metadata',
    'aria-label': 'Metadata JSON', placeholder: '{"X-User": "ada"}' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Call ', h('span', { class: 'mono' }, endpoint.name));
  const result = h('div', { class: 'call-result', 'aria-live': 'polite' });
  const stop = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Stop');
  stop.addEventListener('click', () => { if (running) running.abort(); });

  // replies are listed as they come; the last ones are kept, so a long stream cannot swamp the page
  async function runStream(call) {
    if (running) running.abort();
    const controller = new AbortController();
    running = controller;
    const status = badge('streaming', 'muted');
    const counter = h('span', { class: 'latency' }, '0 replies');
    const list = h('ol', { class: 'stream-replies' });
    fill(result, h('div', { class: 'result-head' }, status, counter), list);
    submit.disabled = true;
    stop.hidden = false;
    let count = 0;
    try {
      await api.stream(call, (line) => {
        if (line.end) {
          const error = line.error || {};
          fill(status, line.ok ? (line.truncated ? 'stopped at the limit' : 'ended') : `${error.code || 'error'} ${error.status || ''}`.trim());
          status.className = `badge ${line.ok ? 'good' : 'bad'}`;
          counter.textContent = `${line.count} ${line.count === 1 ? 'reply' : 'replies'} in ${formatMs(line.latencyMs)}`;
          if (!line.ok) result.append(h('p', { class: 'error-text' }, error.detail || 'the stream failed'));
          return;
        }
        count += 1;
        list.append(h('li', { class: 'mono' }, JSON.stringify(line.reply)));
        while (list.childElementCount > 200) list.firstElementChild.remove();
        counter.textContent = `${count} ${count === 1 ? 'reply' : 'replies'}`;
      }, controller.signal);
    } catch (err) {
      if (controller.signal.aborted) {
        fill(status, 'stopped');
        status.className = 'badge muted';
      } else {
        result.append(h('p', { class: 'error-text' }, err.message));
        fill(status, 'Dashboard error');
        status.className = 'badge bad';
      }
    } finally {
      if (running === controller) {
        running = null;
        submit.disabled = false;
        stop.hidden = true;
      }
    }
  }
  const cli = h('code', { class: 'cli-line' });

  function request() {
    if (mode === 'json') {
      const text = raw.value.trim() || '{}';
      let value;
      try { value = JSON.parse(text); } catch (e) { throw new Error('the request is not valid JSON'); }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the request must be a JSON object');
      return value;
    }
    return form.read();
  }

  // the call's metadata (go-micro's headers): a JSON object of text values, or nothing
  function headers() {
    const text = metadata.value.trim();
    if (!text) return null;
    let value;
    try { value = JSON.parse(text); } catch (e) { throw new Error('the metadata is not valid JSON'); }
    if (value === null || typeof value !== 'object' || Array.isArray(value)
      || Object.values(value).some((v) => typeof v !== 'string')) {
      throw new Error('the metadata must be a JSON object of text values');
    }
    return value;
  }

  function updateCli() {
    let body;
    let pairs = '';
    try { body = JSON.stringify(request()); } catch (e) { body = '…'; }
    try {
      pairs = Object.entries(headers() || {}).map(([k, v]) => ` --metadata '${k}=${v}'`).join('');
    } catch (e) { pairs = ' --metadata …'; }
    cli.textContent = `micro ${streaming ? 'stream' : 'call'} ${service} ${endpoint.name} '${body}'${pairs}`;
  }

  const element = h('form', { class: 'call-form', 'data-endpoint': endpoint.name, novalidate: true,
    oninput: updateCli, onchange: updateCli,
    onkeydown: (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); element.requestSubmit(); } },
    onsubmit: async (e) => {
      e.preventDefault();
      let body;
      let md;
      try {
        body = request();
        md = headers();
      } catch (err) {
        fill(result, h('div', { class: 'result-head' }, badge('Invalid request', 'bad')), h('p', { class: 'error-text' }, err.message));
        return;
      }
      const seconds = parseFloat(timeout.value);
      const call = { service, endpoint: endpoint.name, request: body, address: node.value || null,
        timeout: seconds > 0 ? seconds : null, metadata: md };
      if (streaming) {
        if (onCalled) onCalled(body);
        runStream(call);
        return;
      }
      submit.disabled = true;
      fill(result, h('p', { class: 'muted' }, 'Calling…'));
      try {
        const outcome = await api.call(call);
        showOutcome(result, outcome);
        if (onCalled) onCalled(body);
      } catch (err) {
        fill(result, h('div', { class: 'result-head' }, badge('Dashboard error', 'bad')), h('p', { class: 'error-text' }, err.message));
      } finally {
        submit.disabled = false;
      }
    } },
    h('div', { class: 'tabs', role: 'tablist' }, formTab, jsonTab),
    formPane, jsonPane,
    h('details', { class: 'call-metadata' }, h('summary', null, 'Metadata'), metadata),
    h('div', { class: 'call-options' },
      h('label', null, 'Node ', node),
      h('label', null, 'Timeout (s) ', timeout),
      submit, stop),
    h('p', { class: 'cli-hint' }, 'Same call from a shell: ', cli),
    result);

  if (initial && typeof initial === 'object') {
    form.write(initial);
    raw.value = JSON.stringify(initial, null, 2);
  }
  show(mode);
  updateCli();
  return element;
}

function showOutcome(result, outcome) {
  if (outcome.ok) {
    fill(result,
      h('div', { class: 'result-head' }, badge('200 OK', 'good'), h('span', { class: 'latency' }, formatMs(outcome.latencyMs))),
      jsonView(outcome.reply));
    return;
  }
  const error = outcome.error || {};
  fill(result,
    h('div', { class: 'result-head' },
      badge(`${error.code || 'error'} ${error.status || ''}`.trim(), 'bad'),
      h('span', { class: 'latency' }, formatMs(outcome.latencyMs))),
    h('p', { class: 'error-text' }, error.detail || 'the call failed'),
    h('details', null, h('summary', null, 'Error JSON'), jsonView(error)));
}

/** /client?service=&endpoint=&request=: the form on a page of its own. */
export async function clientPage(app, params) {
  const service = params.get('service');
  const endpointName = params.get('endpoint');
  title(endpointName ? `Call ${endpointName}` : 'Call');
  if (!service || !endpointName) {
    fill(app, h('h1', null, 'Call an endpoint'),
      h('p', { class: 'muted' }, 'Pick a service on the ', link('/services', null, 'services page'), ', then an endpoint and its Call button.'));
    return {};
  }
  fill(app, h('p', { class: 'muted' }, 'Loading…'));
  let detail;
  try {
    detail = await api.service(service);
  } catch (err) {
    fill(app, h('h1', null, service), h('p', { class: 'notice bad' }, err.message));
    return {};
  }
  const versions = detail.versions || [];
  const endpoint = versions.flatMap((v) => v.endpoints || []).find((e) => e.name === endpointName);
  if (!endpoint) {
    fill(app, h('h1', null, service), h('p', { class: 'notice bad' }, `${service} has no endpoint ${endpointName}.`));
    return {};
  }
  const nodes = versions.flatMap((v) => (v.nodes || []).map((n) => ({ address: n.address, version: v.version })));
  let initial = null;
  try { initial = params.get('request') ? JSON.parse(params.get('request')) : null; } catch (e) { initial = null; }
  fill(app,
    h('nav', { class: 'crumbs' }, link('/services', null, 'Services'), ' / ', link('/registry', { service }, service), ' / ', endpointName),
    h('h1', { class: 'mono' }, endpointName),
    h('div', { class: 'card' },
      h('div', { class: 'shapes' }, typeTree(endpoint.request, 'request'), typeTree(endpoint.response, 'response')),
      callForm({ service, endpoint, nodes, initial, onCalled: (body) => {
        const query = new URLSearchParams(location.search);
        query.set('request', JSON.stringify(body));
        history.replaceState(null, '', `${location.pathname}?${query}`);
      } })));
  return {};
}
