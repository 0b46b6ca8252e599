// Every registered service, filtered as you type (the filter is in the URL), kept current by the live
// feed; a service with nodes that fail their health checks (the overview's last round) is marked.

import { h, fill, link, badge, title } from '../dom.js';
import { onServices, onOverview, unhealthyNodes } from '../live.js';

export function servicesPage(app, params) {
  title('Services');
  const filter = h('input', { type: 'search', class: 'filter', placeholder: 'Filter services…', value: params.get('q') || '',
    'aria-label': 'Filter services', autofocus: true, autocomplete: 'off', spellcheck: 'false' });
  const count = h('span', { class: 'count' });
  const registry = h('span', { class: 'muted' });
  const body = h('tbody');
  const empty = h('div', { class: 'empty', hidden: true });
  let latest = null;

  function render() {
    if (!latest) return;
    const q = filter.value.trim().toLowerCase();
    const all = latest.services || [];
    const shown = all.filter((s) => !q || s.name.toLowerCase().includes(q)
      || (s.versions || []).some((v) => v.toLowerCase().includes(q)));
    count.textContent = q ? `${shown.length} of ${all.length}` : `${all.length}`;
    registry.textContent = `registry ${latest.registry}`;
    fill(body, shown.map(row));
    empty.hidden = shown.length > 0;
    if (!all.length) {
      fill(empty, h('h2', null, 'No services yet'),
        h('p', null, 'Start one and it appears here at once, e.g. ', h('code', null, 'micro run examples/target/greeter.jar')));
    } else if (!shown.length) {
      fill(empty, h('p', null, 'No service matches “', filter.value, '”.'));
    }
  }

  filter.addEventListener('input', () => {
    const query = new URLSearchParams(location.search);
    if (filter.value) query.set('q', filter.value); else query.delete('q');
    const text = query.toString();
    history.replaceState(null, '', text ? `/services?${text}` : '/services');
    render();
  });

  fill(app,
    h('div', { class: 'page-head' },
      h('h1', null, 'Services ', count),
      registry),
    filter,
    h('div', { class: 'card flush' },
      h('table', { class: 'table services' },
        h('thead', null, h('tr', null, h('th', null, 'Service'), h('th', null, 'Versions'), h('th', { class: 'num' }, 'Nodes'),
          h('th', { class: 'num' }, 'Endpoints'), h('th', null, 'Subscribes to'), h('th', null, ''))),
        body),
      empty));
  const stop = onServices((services) => { latest = services; render(); });
  // redrawn only when a service's count of failing nodes changed, not every round
  let health = '';
  const stopHealth = onOverview((round) => {
    const now = (round.services || []).filter((s) => s.unhealthy > 0).map((s) => `${s.name}=${s.unhealthy}`).join(' ');
    if (now !== health) { health = now; render(); }
  });
  return { leave: () => { stop(); stopHealth(); } };
}

function row(service) {
  const web = service.web ? h('a', { class: 'open-web', href: service.web }, 'Open ', h('span', { class: 'mono' }, service.web), ' ↗') : null;
  const down = unhealthyNodes(service.name);
  return h('tr', { 'data-service': service.name, class: down > 0 ? 'unhealthy' : null },
    h('td', null, h('span', { class: 'name-cell' },
      link('/registry', { service: service.name }, h('span', { class: 'mono service-name' }, service.name)),
      service.web ? badge('web', 'web') : null, unhealthyBadge(down))),
    h('td', null, (service.versions || []).map((v) => badge(v || '—', 'version'))),
    h('td', { class: 'num' }, String(service.nodes)),
    h('td', { class: 'num' }, String(service.endpoints)),
    h('td', { class: 'topics' }, (service.topics || []).map((t) => badge(t, 'topic'))),
    h('td', { class: 'actions' }, web));
}

/** "2 down" when the overview's last round found nodes of the service not answering Debug.Health. */
export function unhealthyBadge(down) {
  return down > 0 ? h('span', { class: 'badge bad', title: 'Nodes that did not answer Debug.Health in the overview’s last round' },
    `${down} down`) : null;
}
