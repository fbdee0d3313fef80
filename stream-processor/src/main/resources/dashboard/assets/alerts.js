// Alerts (dev.telemetry.model.Anomaly, schema 1): the live feed kept for the whole page, and how one alert looks.

import {deviceHref} from './api.js';
import {el} from './dom.js';
import {absoluteTime, clockTime, formatValue} from './format.js';

export const FEED_CAP = 200;

// class names come from this table, never from the data
const SEVERITY = {info: 'sev-info', warning: 'sev-warning', critical: 'sev-critical'};
const STATE = {RAISED: 'state-raised', RESOLVED: 'state-resolved'};

/** The newest alerts first, at most FEED_CAP, each state change of an episode once. */
export class AlertFeed {
  constructor(cap = FEED_CAP) {
    this.cap = cap;
    this.items = [];
    this.seen = new Set();
    this.listeners = new Set();
  }

  add(anomaly) {
    if (!anomaly || typeof anomaly !== 'object') {
      return;
    }
    const key = `${anomaly.id}|${anomaly.state}`;
    if (this.seen.has(key)) {
      return; // a resumed stream repeats what we had
    }
    this.seen.add(key);
    this.items.unshift(anomaly);
    if (this.items.length > this.cap) {
      const gone = this.items.pop();
      this.seen.delete(`${gone.id}|${gone.state}`);
    }
    for (const fn of this.listeners) {
      fn(anomaly);
    }
  }

  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

function text(v) {
  return v === null || v === undefined ? '' : String(v);
}

/** One alert as a list item; every field is text. */
export function alertItem(a, {showDevice = true} = {}) {
  const severity = text(a.severity).toLowerCase();
  const state = text(a.state);
  const when = typeof a.detectedAt === 'number' ? a.detectedAt : a.eventTime;
  const facts = [];
  if (a.kind) {
    facts.push(el('span', {class: 'fact', text: text(a.kind)}));
  }
  if (typeof a.value === 'number') {
    facts.push(el('span', {class: 'fact', text: `value ${formatValue(a.value)}`}));
  }
  if (typeof a.threshold === 'number') {
    facts.push(el('span', {class: 'fact', text: `threshold ${formatValue(a.threshold)}`}));
  }
  if (a.ruleId) {
    facts.push(el('span', {class: 'fact', text: `rule ${text(a.ruleId)}`}));
  }
  return el('li', {class: `alert ${SEVERITY[severity] || 'sev-other'} ${STATE[state] || ''}`,
    data: {anomalyId: text(a.id), state}},
  el('div', {class: 'alert-head'},
      el('time', {class: 'alert-time', title: absoluteTime(when), text: clockTime(when)}),
      el('span', {class: 'badge severity', text: severity || 'alert'}),
      el('span', {class: 'badge state', text: state.toLowerCase()}),
      showDevice && a.deviceId ? el('a', {class: 'device-link', href: deviceHref(text(a.deviceId)),
        text: text(a.deviceId)}) : null,
      a.metric ? el('span', {class: 'metric-name', text: text(a.metric)}) : null),
  a.message ? el('p', {class: 'alert-message', text: text(a.message)}) : null,
  facts.length ? el('div', {class: 'alert-facts'}, facts) : null);
}
