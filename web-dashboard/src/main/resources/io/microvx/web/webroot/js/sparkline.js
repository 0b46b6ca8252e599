// Small line charts for the overview, drawn by uPlot (vendored into the jar at build time). A sparkline
// keeps its chart across updates; its element says how many points it holds (data-points), so a test
// or a curious reader can tell an empty chart from a flat one.

import uPlot from '../vendor/uplot/uPlot.esm.js';
import { h } from './dom.js';

function colour(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** A chart of one or more series over time; lines are CSS colour variables (e.g. '--accent'). */
export function sparkline(lines, label, { width = 110, height = 28 } = {}) {
  const el = h('div', { class: 'spark', role: 'img', 'aria-label': label, 'data-points': 0 });
  const options = {
    width,
    height,
    pxAlign: false,
    cursor: { show: false },
    select: { show: false },
    legend: { show: false },
    scales: { x: { time: false }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] } },
    axes: [{ show: false }, { show: false }],
    series: [{}, ...lines.map((line) => ({ stroke: colour(line, '#4f46e5'), width: 1.5, points: { show: false } }))],
  };
  let plot = null;
  return {
    el,
    /** xs: seconds; ys: one array per line, null where unknown. */
    update(xs, ...ys) {
      const data = [xs, ...ys];
      if (plot) plot.setData(data);
      else plot = new uPlot(options, data, el);
      el.dataset.points = String(ys[0].filter((y) => y != null).length);
    },
    destroy() {
      if (plot) plot.destroy();
    },
  };
}
