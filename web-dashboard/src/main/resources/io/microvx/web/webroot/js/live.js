// The registry, live: one WebSocket for the whole page, each message either the full list of services or
// ({"overview": …}) a round of the overview's sampling. Pages subscribe and get the latest of either at
// once, then every change. The socket is closed while the page is
// hidden in the back-forward cache and opened again when it comes back; a lost one is reopened with
// back-off.

const listeners = new Set();
const overviewListeners = new Set();
let latest = null;
let latestRound = null;
let socket = null;
let retryMs = 500;
let retryTimer = null;

export function onServices(listener) {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}

export function latestServices() {
  return latest;
}

/** Each overview round (health and traffic of every node); the latest one at once when there is one. */
export function onOverview(listener) {
  overviewListeners.add(listener);
  if (latestRound) listener(latestRound);
  return () => overviewListeners.delete(listener);
}

/** How many of a service's nodes the last overview round found not answering (0 when unknown). */
export function unhealthyNodes(name) {
  const service = latestRound && (latestRound.services || []).find((s) => s.name === name);
  return service ? service.unhealthy : 0;
}

function status(state, text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.dataset.state = state;
  document.getElementById('live-text').textContent = text;
}

export function connect() {
  if (socket) return;
  clearTimeout(retryTimer);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/_/api/events`);
  socket = ws;
  ws.addEventListener('open', () => {
    retryMs = 500;
    status('live', 'live');
  });
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.overview) {
      latestRound = message.overview;
      for (const listener of overviewListeners) listener(latestRound);
      return;
    }
    latest = message;
    for (const listener of listeners) listener(latest);
  });
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    socket = null;
    status('down', 'reconnecting…');
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  });
}

function disconnect() {
  clearTimeout(retryTimer);
  const ws = socket;
  socket = null;
  if (ws) ws.close(1000, 'page hidden');
}

window.addEventListener('pagehide', disconnect);
window.addEventListener('pageshow', (event) => {
  if (event.persisted) connect();
});
