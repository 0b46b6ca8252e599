// The call graph on the overview: services on a circle, an arrow from each caller to each service it
// calls, labelled with the calls per second its client metrics counted (red when some failed). Drawn as
// SVG with text nodes only: service names are registry data, never markup.

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value != null) el.setAttribute(key, String(value));
  }
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

export function callGraph(edges, services) {
  if (!edges.length) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'No calls between services seen yet: the graph draws itself from what the services’ clients count.';
    return p;
  }
  const names = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const unhealthy = new Set(services.filter((x) => x.unhealthy > 0).map((x) => x.name));
  const width = 760;
  const height = Math.max(220, Math.min(520, 90 * names.length));
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(cx - 140, cy - 40);
  const at = new Map(names.map((name, i) => {
    const angle = (2 * Math.PI * i) / names.length - Math.PI / 2;
    return [name, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) }];
  }));
  const svg = s('svg', { class: 'call-graph', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img',
    'aria-label': 'Calls between services' },
  s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7,
    orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  for (const edge of edges) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = Math.hypot(dx, dy) || 1;
    // stop short of the circles, and bow to one side so a→b and b→a do not overlap
    const ux = dx / length;
    const uy = dy / length;
    const start = { x: a.x + ux * 16, y: a.y + uy * 16 };
    const end = { x: b.x - ux * 18, y: b.y - uy * 18 };
    const bend = { x: (start.x + end.x) / 2 - uy * 24, y: (start.y + end.y) / 2 + ux * 24 };
    const failing = edge.errorsPerSecond > 0;
    svg.append(s('g', { class: `edge${failing ? ' failing' : ''}`, 'data-from': edge.from, 'data-to': edge.to },
      s('path', { d: `M ${start.x} ${start.y} Q ${bend.x} ${bend.y} ${end.x} ${end.y}`, 'marker-end': 'url(#arrow)' }),
      s('text', { x: bend.x, y: bend.y - 4, 'text-anchor': 'middle' },
        `${edge.rps < 10 ? edge.rps.toFixed(2) : Math.round(edge.rps)}/s${failing ? ` · ${edge.errorsPerSecond.toFixed(2)} err/s` : ''}`)));
  }
  for (const name of names) {
    const p = at.get(name);
    const right = p.x >= cx;
    svg.append(s('g', { class: `vertex${unhealthy.has(name) ? ' unhealthy' : ''}`, 'data-service': name },
      s('circle', { cx: p.x, cy: p.y, r: 14 }),
      s('text', { x: p.x + (right ? 20 : -20), y: p.y + 4, 'text-anchor': right ? 'start' : 'end' }, name)));
  }
  return svg;
}
