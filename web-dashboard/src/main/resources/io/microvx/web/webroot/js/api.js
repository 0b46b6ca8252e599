// The dashboard's JSON API. Requests that change something carry a JSON body, which a page of another
// site cannot send without the browser asking first (and the dashboard never says yes).

async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    location.assign(`/_/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error('sign in first');
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    throw new Error(`the dashboard answered ${response.status} with something that is not JSON`);
  }
  if (!response.ok) {
    const error = new Error(json && json.detail ? json.detail : `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return json;
}

// A stream call: onLine(json) for each line the dashboard relays ({reply} per reply, then one {end, ok, …});
// aborting the signal stops the stream at the service too.
async function stream(call, onLine, signal) {
  const response = await fetch('/_/api/stream', { method: 'POST', credentials: 'same-origin', signal,
    headers: { Accept: 'application/x-ndjson', 'Content-Type': 'application/json' }, body: JSON.stringify(call) });
  if (response.status === 401) {
    location.assign(`/_/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error('sign in first');
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* keep the status */ }
    throw new Error(detail);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += value;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line) onLine(JSON.parse(line));
    }
  }
}

export const api = {
  services: () => request('GET', '/_/api/services'),
  service: (name) => request('GET', `/_/api/service?name=${encodeURIComponent(name)}`),
  nodes: (name) => request('GET', `/_/api/nodes?service=${encodeURIComponent(name)}`),
  overview: () => request('GET', '/_/api/overview'),
  call: (call) => request('POST', '/_/api/call', call),
  stream,
  publish: (topic, message) => request('POST', '/_/api/publish', { topic, message }),
  terminal: (line) => request('POST', '/_/api/terminal', { line }),
  deregister: (service, address) => request('POST', '/_/api/deregister', { service, address }),
};
