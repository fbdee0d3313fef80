// The fleet: one page of devices at a time (the API's cursor paging), a device-id prefix search, a status
// filter, and live updates applied to the rows on screen only, at most once per animation frame. A fleet of
// 10,000 devices costs the browser what one page costs.

import * as api from './api.js';
import {alertItem} from './alerts.js';
import {el, replace} from './dom.js';
import {absoluteTime, formatCount, formatValue, relativeTime} from './format.js';

// the id alphabet in ascending code-point order, as the API sorts ids
const ALPHABET = '-./0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const MAX_ID = 200;
const VALUES_SHOWN = 3;
const PAGE_SIZES = [25, 50, 100, 200];

/**
 * The cursor just before every id starting with {@code prefix}: the API lists ids after the cursor, so the
 * listing then starts at the first id with the prefix. Null when that is the start of the fleet.
 */
export function cursorBefore(prefix) {
  const head = prefix.slice(0, -1);
  const i = ALPHABET.indexOf(prefix[prefix.length - 1]);
  if (i === 0) {
    return head || null;
  }
  // head + the previous character + the greatest possible tail: the last id that sorts before the prefix
  return head + ALPHABET[i - 1] + 'z'.repeat(MAX_ID - prefix.length);
}

// kept while the page is open, so that coming back from a device finds the fleet as it was left
const query = {prefix: '', status: '', pageSize: 50, cursors: [null], page: 0};

export function fleetView(container, {live, feed}) {
  const rows = new Map();
  const pending = new Map();
  let frame = 0;
  let controller = null;
  let hasNext = false;

  const search = el('input', {id: 'fleet-search', type: 'search', placeholder: 'Device id starts with…',
    'aria-label': 'Search devices by id prefix', autocomplete: 'off', spellcheck: 'false', value: query.prefix});
  const status = el('select', {id: 'fleet-status', 'aria-label': 'Status filter'},
      el('option', {value: '', text: 'All statuses'}),
      el('option', {value: 'ONLINE', text: 'Online'}),
      el('option', {value: 'OFFLINE', text: 'Offline'}));
  status.value = query.status;
  const size = el('select', {id: 'fleet-page-size', 'aria-label': 'Rows per page'},
      PAGE_SIZES.map((n) => el('option', {value: n, text: `${n} per page`})));
  size.value = String(query.pageSize);
  const message = el('p', {class: 'fleet-message', role: 'status'});
  const tbody = el('tbody');
  const table = el('table', {id: 'fleet-table', class: 'fleet-table'},
      el('thead', {}, el('tr', {},
          el('th', {scope: 'col', text: 'Device'}),
          el('th', {scope: 'col', text: 'Status'}),
          el('th', {scope: 'col', text: 'Last seen'}),
          el('th', {scope: 'col', text: 'Current values'}),
          el('th', {scope: 'col', class: 'num', text: 'Readings'}))),
      tbody);
  const prev = el('button', {type: 'button', id: 'fleet-prev', text: '‹ Previous'});
  const next = el('button', {type: 'button', id: 'fleet-next', text: 'Next ›'});
  const pageLabel = el('span', {class: 'page-label'});
  const feedList = el('ol', {id: 'anomaly-feed', class: 'alerts feed'});
  const feedEmpty = el('p', {class: 'muted feed-empty', text: 'No alerts since this page was opened.'});

  replace(container, el('div', {class: 'fleet-layout'},
      el('section', {class: 'panel fleet', 'aria-labelledby': 'fleet-title'},
          el('div', {class: 'panel-head'},
              el('h1', {id: 'fleet-title', text: 'Fleet'}),
              el('div', {class: 'toolbar'}, search, status, size)),
          message,
          el('div', {class: 'table-wrap'}, table),
          el('div', {class: 'pager'}, prev, pageLabel, next)),
      el('aside', {class: 'panel feed-panel', 'aria-labelledby': 'feed-title'},
          el('div', {class: 'panel-head'}, el('h2', {id: 'feed-title', text: 'Live alerts'})),
          feedEmpty,
          feedList)));

  // the feed: what the page has received so far, then each new alert on top
  for (const a of feed.items.slice().reverse()) {
    feedList.prepend(alertItem(a));
  }
  feedEmpty.hidden = feed.items.length > 0;
  const offFeed = feed.on((a) => {
    feedList.prepend(alertItem(a));
    while (feedList.children.length > feed.cap) {
      feedList.lastElementChild.remove();
    }
    feedEmpty.hidden = true;
  });

  function valuesCell(metrics) {
    const names = Object.keys(metrics || {});
    const parts = names.slice(0, VALUES_SHOWN).map((name) => {
      const m = metrics[name];
      const shown = formatValue(m.value, 40);
      return el('span', {class: 'kv', title: `${name} = ${String(m.value)}${m.unit ? ' ' + m.unit : ''}`},
          el('span', {class: 'k', text: name}),
          el('span', {class: 'v', text: shown}),
          m.unit ? el('span', {class: 'u', text: m.unit}) : null);
    });
    if (names.length > VALUES_SHOWN) {
      parts.push(el('span', {class: 'more', text: `+${names.length - VALUES_SHOWN} more`}));
    }
    return parts;
  }

  function statusBadge(s) {
    return el('span', {class: s === 'ONLINE' ? 'badge online' : 'badge offline', text: String(s).toLowerCase()});
  }

  function fill(row, d) {
    row.lastSeen = d.lastSeen;
    replace(row.status, statusBadge(d.status));
    row.seen.textContent = relativeTime(d.lastSeen);
    row.seen.title = absoluteTime(d.lastSeen);
    replace(row.values, valuesCell(d.metrics));
    row.count.textContent = formatCount(d.counters ? d.counters.accepted : null);
    const outside = query.status !== '' && d.status !== query.status;
    row.tr.classList.toggle('filtered-out', outside);
    row.tr.title = outside ? `now ${String(d.status).toLowerCase()}: no longer matches the filter` : '';
  }

  function rowFor(d) {
    const row = {
      tr: el('tr', {data: {device: d.deviceId}}),
      status: el('td', {class: 'status'}),
      seen: el('td', {class: 'seen'}),
      values: el('td', {class: 'values'}),
      count: el('td', {class: 'num count'}),
      flip: false,
    };
    row.tr.append(el('td', {class: 'device'}, el('a', {href: api.deviceHref(d.deviceId), text: d.deviceId})),
        row.status, row.seen, row.values, row.count);
    fill(row, d);
    return row;
  }

  function render(items, emptyText) {
    rows.clear();
    pending.clear();
    const fragment = document.createDocumentFragment();
    for (const d of items) {
      const row = rowFor(d);
      rows.set(d.deviceId, row);
      fragment.appendChild(row.tr);
    }
    replace(tbody, fragment);
    message.textContent = items.length ? '' : emptyText;
    prev.disabled = query.page === 0;
    next.disabled = !hasNext;
    pageLabel.textContent = items.length
      ? `Page ${query.page + 1} · ${items[0].deviceId} – ${items[items.length - 1].deviceId}`
      : `Page ${query.page + 1}`;
  }

  async function load() {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const signal = controller.signal;
    const prefix = query.prefix;
    if (prefix && !api.NAME.test(prefix)) {
      hasNext = false;
      render([], 'Device ids consist of A–Z a–z 0–9 . _ : / - only; no device can match.');
      return;
    }
    message.textContent = 'Loading…';
    table.setAttribute('aria-busy', 'true');
    try {
      const body = await api.devicePage({limit: query.pageSize, cursor: query.cursors[query.page],
        status: query.status}, signal);
      let items = body.items || [];
      hasNext = body.nextCursor !== null && body.nextCursor !== undefined;
      if (prefix) {
        const end = items.findIndex((d) => !d.deviceId.startsWith(prefix));
        if (end >= 0) {
          items = items.slice(0, end);
          hasNext = false; // ids are sorted: past the prefix, nothing matches any more
        }
      }
      if (hasNext) {
        query.cursors[query.page + 1] = body.nextCursor;
      }
      render(items, prefix ? `No device id starts with “${prefix}”.` : 'No devices yet.');
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      hasNext = false;
      render([], `Could not load devices: ${e.message}` + (e.status === 503 ? ' (retrying)' : ''));
      if (e.status === 503) {
        setTimeout(() => {
          if (!signal.aborted) {
            load();
          }
        }, 2000);
      }
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  function restart() {
    query.page = 0;
    query.cursors = [query.prefix && api.NAME.test(query.prefix) ? cursorBefore(query.prefix) : null];
    load();
  }

  let typing = 0;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      query.prefix = search.value.trim();
      restart();
    }, 250);
  });
  status.addEventListener('change', () => {
    query.status = status.value;
    restart();
  });
  size.addEventListener('change', () => {
    query.pageSize = Number(size.value);
    restart();
  });
  prev.addEventListener('click', () => {
    if (query.page > 0) {
      query.page--;
      load();
    }
  });
  next.addEventListener('click', () => {
    if (hasNext) {
      query.page++;
      load();
    }
  });

  function flush() {
    frame = 0;
    for (const [id, data] of pending) {
      const row = rows.get(id);
      if (row) {
        fill(row, JSON.parse(data));
        // two alternating animations, so that a second update restarts the highlight without a reflow
        row.flip = !row.flip;
        row.tr.classList.toggle('flash-a', row.flip);
        row.tr.classList.toggle('flash-b', !row.flip);
      }
    }
    pending.clear();
  }

  const offState = live.on('state', (id, data) => {
    if (rows.has(id)) {
      pending.set(id, data); // the newest state per device wins
      if (!frame) {
        frame = requestAnimationFrame(flush);
      }
    }
  });
  const offReset = live.on('reset', load);
  // events only flow once the stream is open: load again then, so that nothing between the first load and the
  // stream's start is missed (and after a reconnect the server may have had to skip events)
  const offOpen = live.on('status', (s) => s === 'open' && load());
  const ticker = setInterval(() => {
    if (document.hidden) {
      return;
    }
    const now = Date.now();
    for (const row of rows.values()) {
      row.seen.textContent = relativeTime(row.lastSeen, now);
    }
  }, 1000);

  if (query.cursors.length === 1 && query.page === 0) {
    restart();
  } else {
    load();
  }

  return {
    destroy() {
      offState();
      offReset();
      offOpen();
      offFeed();
      clearInterval(ticker);
      clearTimeout(typing);
      if (frame) {
        cancelAnimationFrame(frame);
      }
      if (controller) {
        controller.abort();
      }
    },
  };
}
