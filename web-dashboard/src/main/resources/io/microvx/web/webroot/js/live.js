// The registry, live: one EventSource for the whole page, each message the full list of services.
// Pages subscribe and get the latest list at once, then every change.

const listeners = new Set();
let latest = null;
let source = null;

export function onServices(listener) {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}

export function latestServices() {
  return latest;
}

function status(state, text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.dataset.state = state;
  document.getElementById('live-text').textContent = text;
}

export function connect() {
  if (source) return;
  source = new EventSource('/_/api/events');
  source.addEventListener('open', () => status('live', 'live'));
  source.addEventListener('error', () => status('down', 'reconnecting…'));
  source.addEventListener('services', (event) => {
    latest = JSON.parse(event.data);
    status('live', 'live');
    for (const listener of listeners) listener(latest);
  });
}
