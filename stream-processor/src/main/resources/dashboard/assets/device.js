// One device: its current values (live), a chart of each numeric metric's 1-minute windows over the last hour,
// and its alerts (active ones from the API, then whatever the live feed brings).

import * as api from './api.js';
import {alertItem} from './alerts.js';
import {windowChart} from './chart.js';
import {el, replace} from './dom.js';
import {absoluteTime, formatCount, formatValue, relativeTime} from './format.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const CHART_REFRESH_MS = 30000;
// a chart whose metric just changed is redrawn after this delay, so that a busy device costs one request per
// chart every few seconds rather than one per reading
const CHART_CHANGED_MS = 2000;
const MAX_CHARTS = 24;
const PARALLEL = 4;

export function deviceView(container, {live, feed}, deviceId) {
  const controller = new AbortController();
  const signal = controller.signal;
  let current = null;
  let pendingState = null;
  let frame = 0;
  const charts = new Map();
  const changedCharts = new Set();
  let changedTimer = 0;
  const alerts = new Map();

  const statusEl = el('span', {class: 'badge'});
  const seenEl = el('span', {class: 'seen'});
  const countersEl = el('span', {class: 'counters muted'});
  const message = el('p', {class: 'notice', id: 'device-message', role: 'status', hidden: true});
  const valuesBody = el('tbody');
  const chartsEl = el('div', {class: 'charts', id: 'charts'});
  const chartsNote = el('p', {class: 'muted'});
  const alertsList = el('ol', {id: 'device-alerts', class: 'alerts'});
  const alertsNote = el('p', {class: 'muted', id: 'device-alerts-note', text: 'Loading alerts…'});

  replace(container, el('div', {class: 'device-layout'},
      el('nav', {class: 'crumbs'}, el('a', {href: '#/', text: '‹ Fleet'})),
      el('header', {class: 'device-head'},
          el('h1', {id: 'device-id', text: deviceId}), statusEl, seenEl, countersEl),
      message,
      el('div', {class: 'device-grid'},
          el('section', {class: 'panel values-panel', 'aria-labelledby': 'values-title'},
              el('h2', {id: 'values-title', text: 'Current values'}),
              el('div', {class: 'table-wrap'}, el('table', {id: 'metric-values', class: 'values-table'},
                  el('thead', {}, el('tr', {},
                      el('th', {scope: 'col', text: 'Metric'}),
                      el('th', {scope: 'col', class: 'num', text: 'Value'}),
                      el('th', {scope: 'col', text: 'Unit'}),
                      el('th', {scope: 'col', text: 'Measured'}),
                      el('th', {scope: 'col', text: 'Time from'}))),
                  valuesBody))),
          el('section', {class: 'panel alerts-panel', 'aria-labelledby': 'alerts-title'},
              el('h2', {id: 'alerts-title', text: 'Alerts'}), alertsNote, alertsList)),
      el('section', {class: 'panel charts-panel', 'aria-labelledby': 'charts-title'},
          el('h2', {id: 'charts-title', text: 'Last hour'}),
          el('p', {class: 'muted', text: '1-minute windows: the band spans min to max, the line is the mean; '
              + 'open windows are lighter.'}),
          chartsNote, chartsEl)));

  function show(text) {
    message.textContent = text || '';
    message.hidden = !text;
  }

  function renderState(d) {
    const previous = current;
    current = d;
    show('');
    statusEl.className = d.status === 'ONLINE' ? 'badge online' : 'badge offline';
    statusEl.textContent = String(d.status).toLowerCase();
    seenEl.textContent = `last seen ${relativeTime(d.lastSeen)}`;
    seenEl.title = absoluteTime(d.lastSeen);
    const c = d.counters || {};
    countersEl.textContent = `${formatCount(c.accepted)} readings · ${formatCount(c.late)} late · `
        + `${formatCount(c.duplicates)} duplicates · ${formatCount(c.sequenceGaps)} sequence gaps`;
    const rows = Object.entries(d.metrics || {}).map(([name, m]) => {
      const changed = previous && (!previous.metrics[name] || previous.metrics[name].eventTime !== m.eventTime);
      const text = formatValue(m.value, 200);
      return el('tr', {data: {metric: name}, class: changed ? 'flash-a' : null},
          el('th', {scope: 'row', class: 'metric-name', text: name}),
          el('td', {class: typeof m.value === 'number' ? 'value num' : 'value', text,
            title: text === String(m.value) ? null : String(m.value)}),
          el('td', {class: 'unit', text: m.unit || ''}),
          el('td', {class: 'time', title: absoluteTime(m.eventTime), text: relativeTime(m.eventTime)}),
          el('td', {class: 'source muted', text: m.timeSource === 'DEVICE' ? 'device clock' : 'gateway clock'}));
    });
    replace(valuesBody, rows.length ? rows : el('tr', {}, el('td', {colspan: 5, class: 'muted', text: 'no metrics'})));
    ensureCharts();
    if (previous) {
      for (const [name, m] of Object.entries(d.metrics || {})) {
        const before = previous.metrics[name];
        if (charts.has(name) && (!before || before.eventTime !== m.eventTime)) {
          changedCharts.add(name);
        }
      }
      if (changedCharts.size && !changedTimer) {
        changedTimer = setTimeout(() => {
          changedTimer = 0;
          const names = [...changedCharts];
          changedCharts.clear();
          refreshCharts(names);
        }, CHART_CHANGED_MS);
      }
    }
  }

  function numericMetrics() {
    return Object.entries(current ? current.metrics : {})
        .filter(([, m]) => typeof m.value === 'number').map(([name]) => name);
  }

  function ensureCharts() {
    const names = numericMetrics();
    chartsNote.textContent = names.length > MAX_CHARTS
      ? `Showing the first ${MAX_CHARTS} of ${names.length} numeric metrics.` : '';
    if (names.length === 0) {
      chartsNote.textContent = 'No numeric metric to chart.';
    }
    const added = [];
    for (const name of names.slice(0, MAX_CHARTS)) {
      if (!charts.has(name)) {
        const body = el('div', {class: 'chart-body', text: 'loading…'});
        const title = el('h3', {text: name});
        const card = el('figure', {class: 'chart-card', data: {metric: name}}, title, body);
        charts.set(name, {card, body, title});
        chartsEl.appendChild(card);
        added.push(name);
      }
    }
    if (added.length) {
      refreshCharts(added);
    }
  }

  async function drawChart(name) {
    const chart = charts.get(name);
    // to the end of the current minute, so that the open window is drawn as wide as the others
    const to = Math.ceil(Date.now() / MINUTE) * MINUTE;
    const from = to - HOUR;
    try {
      const body = await api.windows(deviceId, name, from, to, signal);
      const list = body.windows || [];
      const unit = list.length ? list[list.length - 1].unit : null;
      chart.title.textContent = unit ? `${name} (${unit})` : name;
      replace(chart.body, windowChart(list, from, to, `${name}${unit ? ' in ' + unit : ''}, last hour`,
          chart.body.clientWidth));
    } catch (e) {
      if (e.name !== 'AbortError') {
        replace(chart.body, el('p', {class: 'muted', text: `windows not available: ${e.message}`}));
      }
    }
  }

  async function refreshCharts(names = [...charts.keys()]) {
    const queue = names.slice();
    const worker = async () => {
      while (queue.length && !signal.aborted) {
        await drawChart(queue.shift());
      }
    };
    await Promise.all(Array.from({length: Math.min(PARALLEL, queue.length)}, worker));
  }

  function renderAlerts() {
    const list = [...alerts.values()].sort((a, b) => (b.detectedAt || b.eventTime) - (a.detectedAt || a.eventTime));
    replace(alertsList, list.map((a) => alertItem(a, {showDevice: false})));
    if (list.length) {
      alertsNote.textContent = '';
      alertsNote.hidden = true;
    } else if (alertsNote.dataset.unavailable !== 'true') {
      alertsNote.hidden = false;
      alertsNote.textContent = 'No active alerts.';
    }
  }

  function remember(a) {
    if (a && a.deviceId === deviceId && a.id !== undefined) {
      alerts.set(String(a.id), a); // a RESOLVED replaces its RAISED
    }
  }

  async function loadAlerts() {
    try {
      const active = await api.anomalies(deviceId, true, signal);
      if (active === null) {
        alertsNote.dataset.unavailable = 'true';
        alertsNote.hidden = false;
        alertsNote.textContent = 'This processor does not serve alerts (no /api/v1/anomalies); '
            + 'live alerts still appear here.';
      } else {
        for (const a of active) {
          if (!alerts.has(String(a.id))) {
            remember(a);
          }
        }
      }
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      alertsNote.dataset.unavailable = 'true';
      alertsNote.hidden = false;
      alertsNote.textContent = `Alerts not available: ${e.message}`;
    }
    renderAlerts();
  }

  async function load() {
    try {
      renderState(await api.device(deviceId, signal));
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      if (e.status === 404) {
        show('No reading of this device has been seen yet; it appears here as soon as one arrives.');
      } else if (e.status === 400) {
        show(`Not a device id: ${e.message}`);
      } else {
        show(`Could not load the device: ${e.message} (retrying)`);
        setTimeout(() => {
          if (!signal.aborted) {
            load();
          }
        }, 2000);
      }
    }
  }

  // alerts of this device that the page already received, oldest first so that newer states win
  for (const a of feed.items.slice().reverse()) {
    remember(a);
  }
  const offFeed = feed.on((a) => {
    if (a.deviceId === deviceId) {
      remember(a);
      renderAlerts();
    }
  });
  const offState = live.on('state', (id, data) => {
    if (id === deviceId) {
      pendingState = data;
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          renderState(JSON.parse(pendingState));
        });
      }
    }
  });
  const offReset = live.on('reset', load);
  // the first load may precede the stream: load again once it is open, so that no change falls in between
  const offOpen = live.on('status', (s) => s === 'open' && load());
  const chartTimer = setInterval(() => {
    if (!document.hidden) {
      refreshCharts();
    }
  }, CHART_REFRESH_MS);
  const ticker = setInterval(() => {
    if (current && !document.hidden) {
      seenEl.textContent = `last seen ${relativeTime(current.lastSeen)}`;
    }
  }, 1000);

  load();
  loadAlerts();

  return {
    destroy() {
      controller.abort();
      offFeed();
      offState();
      offReset();
      offOpen();
      clearInterval(chartTimer);
      clearTimeout(changedTimer);
      clearInterval(ticker);
      if (frame) {
        cancelAnimationFrame(frame);
      }
    },
  };
}
