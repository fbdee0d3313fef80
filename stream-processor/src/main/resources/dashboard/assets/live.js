// The one live connection of the page: GET /api/v1/events (server-sent events) for the whole fleet.
// event: state   data = DeviceState JSON        event: anomaly  data = Anomaly JSON
// event: reset   the server lost events we had not seen: reload what is shown
// event: dropped we fell 1,000 events behind and the server closed the stream (EventSource reconnects)
//
// State events are many (one per reading, fleet-wide) and the views care about few devices, so the device id
// is read from the start of the JSON ({"deviceId":"...") and the event is only parsed when someone asks.

const PREFIX = '{"deviceId":"';
const RETRY_MS = 5000;

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
    this.source = null;
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

  open() {
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => this.setStatus('open');
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // refused (503 too many clients, 4xx): EventSource gives up, so try again ourselves
        this.setStatus('offline');
        source.close();
        clearTimeout(this.retry);
        this.retry = setTimeout(() => this.open(), RETRY_MS);
      } else {
        this.setStatus('reconnecting');
      }
    };
    source.addEventListener('state', (e) => {
      this.received++;
      this.emit('state', stateDeviceId(e.data), e.data);
    });
    source.addEventListener('anomaly', (e) => {
      this.received++;
      let anomaly;
      try {
        anomaly = JSON.parse(e.data);
      } catch (err) {
        console.warn('unreadable anomaly event', err);
        return;
      }
      this.emit('anomaly', anomaly);
    });
    source.addEventListener('reset', () => this.emit('reset'));
    source.addEventListener('dropped', () => this.setStatus('reconnecting'));
  }
}
