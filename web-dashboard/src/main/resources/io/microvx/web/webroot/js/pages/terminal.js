// The CLI in the browser: list, get, call, stream, health, stats and publish, run by the dashboard
// through the normal client. History with the arrow keys, completion of commands and service names with Tab.

import { h, title } from '../dom.js';
import { api } from '../api.js';
import { latestServices } from '../live.js';

const COMMANDS = ['list services', 'list nodes', 'get service', 'call', 'stream', 'health', 'stats', 'publish', 'help', 'clear'];
const history = [];

export function terminalPage(app, params) {
  title('Terminal');
  const output = h('div', { class: 'terminal-output', role: 'log', 'aria-live': 'polite' });
  const input = h('input', { class: 'terminal-input', name: 'command', autocomplete: 'off', spellcheck: 'false',
    'aria-label': 'Command', value: params.get('cmd') || '', autofocus: true });
  let position = history.length;

  function print(text, kind) {
    output.append(h('pre', { class: `terminal-line ${kind || ''}`.trim() }, text));
    output.scrollTop = output.scrollHeight;
  }

  async function run(line) {
    print(`micro> ${line}`, 'echo');
    if (line.trim() === 'clear') {
      output.replaceChildren();
      return;
    }
    input.disabled = true;
    try {
      const reply = await api.terminal(line);
      print(reply.output, reply.ok ? 'out' : 'err');
    } catch (err) {
      print(`error: ${err.message}`, 'err');
    } finally {
      input.disabled = false;
      input.focus();
    }
  }

  const form = h('form', { class: 'terminal-prompt', onsubmit: (e) => {
    e.preventDefault();
    const line = input.value.trim();
    if (!line) return;
    if (history[history.length - 1] !== line) history.push(line);
    position = history.length;
    input.value = '';
    run(line);
  } }, h('span', { class: 'prompt' }, 'micro>'), input);

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowUp' && position > 0) {
      e.preventDefault();
      input.value = history[--position];
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      position = Math.min(history.length, position + 1);
      input.value = history[position] || '';
    } else if (e.key === 'Tab') {
      const completed = complete(input.value);
      if (completed !== null) {
        e.preventDefault();
        input.value = completed;
      }
    }
  });

  app.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', null, 'Terminal'),
      h('span', { class: 'muted' }, 'The micro commands, run by the dashboard. Type ', h('code', null, 'help'), '.')),
    h('div', { class: 'terminal', onclick: () => input.focus() }, output, form));
  print('Type help for the commands; ↑ and ↓ walk the history, Tab completes.', 'hint');
  input.focus();
  return {};
}

/** The line completed by one command or service name, or null when nothing fits. */
function complete(line) {
  const words = line.split(/\s+/);
  if (words.length <= 2 && !line.includes(' ') || (words[0] === 'list' || words[0] === 'get') && words.length === 2) {
    const matches = COMMANDS.filter((c) => c.startsWith(line));
    return matches.length === 1 ? `${matches[0]} ` : null;
  }
  const wantsService = ['call', 'stream', 'health', 'stats'].includes(words[0]) && words.length === 2
    || words[0] === 'get' && words[1] === 'service' && words.length === 3;
  const services = (latestServices() || {}).services || [];
  if (wantsService) {
    const prefix = words[words.length - 1];
    const matches = services.map((s) => s.name).filter((n) => n.startsWith(prefix));
    return matches.length === 1 ? `${words.slice(0, -1).join(' ')} ${matches[0]} ` : null;
  }
  return null;
}
