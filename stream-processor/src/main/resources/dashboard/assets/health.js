// The pipeline summary in the top bar: GET /api/v1/pipeline every few seconds (this instance's readiness and
// counters; the reading rate is the difference between two polls), and the state of the live connection.

import * as api from './api.js';
import {el, replace} from './dom.js';
import {formatCount, formatNumber} from './format.js';

const POLL_MS = 5000;
const LIVE_TEXT = {open: 'live', connecting: 'connecting', reconnecting: 'reconnecting', offline: 'offline',
  unauthorized: 'token needed'};

function stat(key, label, value, title, tone) {
  return el('span', {class: tone ? `stat ${tone}` : 'stat', data: {stat: key}, title},
      el('span', {class: 'stat-label', text: label}),
      el('span', {class: 'stat-value', text: value}));
}

export function startHealth(container, live) {
  let last = null;
  let lastEvents = {count: live.received, at: performance.now()};
  let summary = null;
  let error = null;

  function render() {
    const parts = [];
    if (error) {
      parts.push(stat('status', 'processor', 'unreachable', error, 'bad'));
    } else if (summary) {
      const up = summary.status === 'UP';
      parts.push(stat('status', 'processor', up ? 'ready' : 'not ready',
          summary.reason || `Kafka Streams ${summary.streamsState}`, up ? 'good' : 'bad'));
      const r = summary.readings || {};
      parts.push(stat('rate', 'readings/s', summary.rate === undefined ? '–' : formatNumber(Math.round(summary.rate * 10) / 10)));
      parts.push(stat('accepted', 'readings', formatCount(r.accepted), 'readings applied since this instance started'));
      parts.push(stat('late', 'late', formatCount(r.late), 'older than the current value: kept, not applied'));
      parts.push(stat('duplicates', 'duplicates', formatCount(r.duplicate)));
      const latency = summary.latencyMs && summary.latencyMs.gatewayToState;
      if (latency && typeof latency.p99 === 'number') {
        parts.push(stat('latency', 'p99 latency', `${formatNumber(latency.p99)} ms`,
            'gateway receipt to device state, 99th percentile of the last minutes'));
      }
      parts.push(stat('offline', 'went offline', formatCount(summary.devicesWentOffline),
          'ONLINE to OFFLINE transitions since this instance started'));
    }
    const now = performance.now();
    const perSecond = (live.received - lastEvents.count) / Math.max(0.001, (now - lastEvents.at) / 1000);
    lastEvents = {count: live.received, at: now};
    parts.push(stat('live', 'updates', live.status === 'open' ? `${formatNumber(Math.round(perSecond))}/s`
      : LIVE_TEXT[live.status] || live.status, 'live events from /api/v1/events',
    live.status === 'open' ? 'good' : 'warn'));
    replace(container, parts);
  }

  async function poll() {
    try {
      const body = await api.pipeline();
      const at = performance.now();
      const accepted = body.readings ? body.readings.accepted : null;
      if (last && typeof accepted === 'number' && typeof last.accepted === 'number' && accepted >= last.accepted) {
        body.rate = (accepted - last.accepted) / ((at - last.at) / 1000);
      }
      last = {accepted, at};
      summary = body;
      error = null;
    } catch (e) {
      error = e.message;
    }
    render();
  }

  live.on('status', render);
  // a second poll soon after the first, so that the reading rate shows without waiting a whole interval
  poll().then(() => setTimeout(poll, 1500));
  setInterval(() => {
    if (!document.hidden) {
      poll();
    }
  }, POLL_MS);
}
