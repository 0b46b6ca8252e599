// Request and response shapes: go-micro's Value trees ({name, type, values}) shown as readable type
// trees, and turned into form fields whose values build the request JSON.

import { h } from './dom.js';

const NUMBER = /^(u?int(8|16|32|64)?|float(32|64)|double|number|byte|rune)$/;

/** A value tree as a type and its fields, nested. */
export function typeTree(value, label) {
  if (!value) return h('p', { class: 'muted' }, 'no shape registered');
  return h('div', { class: 'type-tree' },
    h('div', { class: 'type-head' },
      label ? h('span', { class: 'type-label' }, label) : null,
      h('span', { class: 'type-type' }, value.type || '?')),
    fields(value.values || []));
}

function fields(values) {
  if (!values.length) return h('p', { class: 'type-empty' }, 'no fields');
  return h('ul', { class: 'type-fields' }, values.map((field) => h('li', null,
    h('span', { class: 'type-field' }, field.name),
    h('span', { class: 'type-type' }, field.type),
    field.values && field.values.length ? fields(field.values) : null)));
}

/** What kind of input a field gets. */
export function kindOf(value) {
  const type = value.type || '';
  if (type.startsWith('map[')) return 'json';
  if (type.startsWith('[]')) {
    const element = type.slice(2);
    if (element === 'byte') return 'string';
    return element === 'string' || NUMBER.test(element) || element === 'bool' ? 'list' : 'json';
  }
  if (value.values && value.values.length) return 'object';
  if (type === 'bool') return 'bool';
  if (NUMBER.test(type)) return 'number';
  return 'string';
}

/**
 * Form fields for a request shape: returns {element, read(), write(json)}. read() gives the request
 * object (empty fields left out) or throws an Error naming the field at fault.
 */
export function requestFields(value, path = '') {
  const parts = (value.values || []).map((field) => fieldInput(field, path ? `${path}.${field.name}` : field.name));
  const element = h('div', { class: 'fields' }, parts.map((p) => p.element));
  return {
    element,
    read() {
      const out = {};
      for (const p of parts) {
        const v = p.read();
        if (v !== undefined) out[p.name] = v;
      }
      return out;
    },
    write(json) {
      for (const p of parts) p.write(json ? json[p.name] : undefined);
    },
  };
}

function fieldInput(field, path) {
  const kind = kindOf(field);
  const id = `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}-${Math.random().toString(36).slice(2, 7)}`;
  const label = (extra) => h('label', { for: id, class: 'field-label' },
    h('span', { class: 'field-name' }, field.name), h('span', { class: 'field-type' }, field.type), extra);
  if (kind === 'object') {
    const nested = requestFields(field, path);
    return {
      name: field.name,
      element: h('fieldset', { class: 'nested' }, h('legend', null,
        h('span', { class: 'field-name' }, field.name), h('span', { class: 'field-type' }, field.type)), nested.element),
      read() {
        const v = nested.read();
        return Object.keys(v).length ? v : undefined;
      },
      write(v) { nested.write(v && typeof v === 'object' ? v : undefined); },
    };
  }
  if (kind === 'bool') {
    const input = h('input', { id, type: 'checkbox', name: field.name, 'data-path': path });
    return {
      name: field.name,
      element: h('div', { class: 'field field-bool' }, input, label()),
      read: () => (input.checked ? true : undefined),
      write(v) { input.checked = v === true; },
    };
  }
  const multiline = kind === 'json';
  const placeholder = kind === 'list' ? 'comma-separated values' : kind === 'json' ? 'JSON' : kind === 'number' ? '0' : '';
  const input = multiline
    ? h('textarea', { id, name: field.name, rows: 3, class: 'mono', placeholder, spellcheck: 'false', 'data-path': path })
    : h('input', { id, name: field.name, type: kind === 'number' ? 'number' : 'text', step: kind === 'number' ? 'any' : null,
      placeholder, autocomplete: 'off', spellcheck: 'false', 'data-path': path });
  return {
    name: field.name,
    element: h('div', { class: 'field' }, label(), input),
    read() {
      const text = input.value.trim();
      if (text === '') return undefined;
      if (kind === 'number') {
        const n = Number(text);
        if (Number.isNaN(n)) throw new Error(`${path} must be a number`);
        return n;
      }
      if (kind === 'list') {
        const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
        const element = field.type.slice(2);
        if (element === 'string') return items;
        if (element === 'bool') return items.map((s) => s === 'true');
        return items.map((s) => {
          const n = Number(s);
          if (Number.isNaN(n)) throw new Error(`${path} takes numbers, not “${s}”`);
          return n;
        });
      }
      if (kind === 'json') {
        try {
          return JSON.parse(text);
        } catch (e) {
          throw new Error(`${path} is not valid JSON`);
        }
      }
      return input.value;
    },
    write(v) {
      if (v === undefined || v === null) input.value = '';
      else if (kind === 'list' && Array.isArray(v)) input.value = v.join(', ');
      else if (kind === 'json') input.value = JSON.stringify(v);
      else input.value = String(v);
    },
  };
}
