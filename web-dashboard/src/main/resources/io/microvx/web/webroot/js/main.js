// The dashboard's pages, one document: the path picks the page, the query holds its state, so every
// view is a link that can be shared. Links between pages change the URL without a reload.

import { h, fill, title } from './dom.js';
import { connect } from './live.js';
import { overviewPage } from './pages/overview.js';
import { servicesPage } from './pages/services.js';
import { servicePage } from './pages/service.js';
import { clientPage } from './pages/client.js';
import { terminalPage } from './pages/terminal.js';
import { statsPage } from './pages/stats.js';

const pages = {
  '/': overviewPage,
  '/services': servicesPage,
  '/registry': (app, params) => (params.get('service') ? servicePage(app, params) : servicesPage(app, params)),
  '/client': clientPage,
  '/terminal': terminalPage,
  '/stats': statsPage,
};

let current = {};

function pathOf(url) {
  return url.pathname.replace(/\/+$/, '') || '/';
}

async function render() {
  if (current && current.leave) current.leave();
  current = {};
  const app = document.getElementById('app');
  const path = pathOf(location);
  const page = pages[path];
  for (const a of document.querySelectorAll('[data-nav]')) {
    const nav = a.dataset.nav;
    const active = nav === path || (nav === '/services' && (path === '/registry' || path === '/client'));
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!page) {
    title('Not found');
    fill(app, h('h1', null, 'Not found'));
    return;
  }
  app.replaceChildren();
  current = (await page(app, new URLSearchParams(location.search))) || {};
  window.scrollTo(0, 0);
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !pages[pathOf(url)]) return;
  e.preventDefault();
  if (url.href !== location.href) history.pushState(null, '', url.href);
  render();
});
window.addEventListener('popstate', render);

connect();
render();
