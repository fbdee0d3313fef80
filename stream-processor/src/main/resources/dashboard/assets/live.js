// The one live connection of the page: GET /api/v1/events (server-sent events) for the whole fleet.
// event: state   data = DeviceState JSON        event: anomaly  data = Anomaly JSON
// event: reset   the server lost events we had not seen: reload what is shown
// event: dropped we fell 1,000 events behind and the server closed the stream (we reconnect)
//
// Read with fetch, not EventSource: EventSource cannot send an Authorization header, and the alternative, the
// token in the URL, would land in access logs and browser history. So this file does what EventSource would:
// parse the text/event-stream lines, remember the last event id and send it as Last-Event-ID when reconnecting.
//
// State events are many (one per reading, fleet-wide) and the views care about few devices, so the device id
// is read from the start of the JSON ({"deviceId":"...") and the event is only parsed when someone asks.

import {askForToken, withToken} from './auth.js';

const PREFIX = '{"deviceId":"';
const RETRY_MS = 5000;
const RECONNECT_MS = 1000;

export function stateDeviceId(data) {
  if (data.startsWith(PREFIX)) {
    const end = data.indexOf('"', PREFIX.length);
    if (end > 0) {
      return data.slice(PREFIX.length, end);
    }
  }
  return JSON.parse(data).deviceId;
}

export class LiveEvents {
  constructor(url) {
    this.url = url;
    this.listeners = {state: new Set(), anomaly: new Set(), reset: new Set(), status: new Set()};
    this.status = 'connecting';
    this.received = 0;
    this.lastEventId = null;
    this.retry = null;
  }

  on(type, fn) {
    this.listeners[type].add(fn);
    return () => this.listeners[type].delete(fn);
  }

  emit(type, ...args) {
    for (const fn of this.listeners[type]) {
      try {
        fn(...args);
      } catch (e) {
        console.error(`live ${type} listener failed`, e);
      }
    }
  }

  setStatus(status) {
    if (status !== this.status) {
      this.status = status;
      document.body.dataset.live = status;
      this.emit('status', status);
    }
  }

  reconnect(status, delay) {
    this.setStatus(status);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.open(), delay);
  }

  async open() {
    const headers = withToken({Accept: 'text/event-stream'});
    if (this.lastEventId !== null) {
      headers['Last-Event-ID'] = this.lastEventId;
    }
    let response;
    try {
      response = await fetch(this.url, {headers, cache: 'no-store'});
    } catch (e) {
      this.reconnect('offline', RETRY_MS);
      return;
    }
    if (response.status === 401) {
      // no retry: the page reloads once the user gives a token
      this.setStatus('unauthorized');
      askForToken('the live event stream needs a token');
      return;
    }
    if (!response.ok || !response.body) {
      // refused (503 too many clients, 4xx): try again later
      this.reconnect('offline', RETRY_MS);
      return;
    }
    this.setStatus('open');
    try {
      await this.read(response.body.pipeThrough(new TextDecoderStream()).getReader());
    } catch (e) {
      // the connection broke; reconnect below
    }
    this.reconnect('reconnecting', RECONNECT_MS);
  }

  /** Reads the stream until it ends: lines of "field: value", an empty line ending each event. */
  async read(reader) {
    let buffer = '';
    let event = {type: 'message', data: [], id: null};
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (event.id !== null) {
            this.lastEventId = event.id;
          }
          if (event.data.length > 0) {
            this.dispatch(event.type, event.data.join('\n'));
          }
          event = {type: 'message', data: [], id: null};
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') {
            event.type = text;
          } else if (field === 'data') {
            event.data.push(text);
          } else if (field === 'id') {
            event.id = text;
          }
        }
      }
    }
  }

  dispatch(type, data) {
    if (type === 'state') {
      this.received++;
      this.emit('state', stateDeviceId(data), data);
    } else if (type === 'anomaly') {
      this.received++;
      let anomaly;
      try {
        anomaly = JSON.parse(data);
      } catch (err) {
        console.warn('unreadable anomaly event', err);
        return;
      }
      this.emit('anomaly', anomaly);
    } else if (type === 'reset') {
      this.emit('reset');
    } else if (type === 'dropped') {
      this.setStatus('reconnecting');
    }
  }
}
