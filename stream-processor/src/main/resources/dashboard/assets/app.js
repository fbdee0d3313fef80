// Entry point: the live connection, the alert feed, the health bar, and a hash router:
//   #/                 the fleet
//   #/devices/{id}     one device (the id URL-encoded as one segment)

import {AlertFeed} from './alerts.js';
import {deviceView} from './device.js';
import {fleetView} from './fleet.js';
import {startHealth} from './health.js';
import {LiveEvents} from './live.js';

const live = new LiveEvents('api/v1/events');
const feed = new AlertFeed();
live.on('anomaly', (a) => feed.add(a));

const container = document.getElementById('view');
let view = null;

function route() {
  if (view) {
    view.destroy();
    view = null;
  }
  const hash = location.hash || '#/';
  const match = /^#\/devices\/(.+)$/.exec(hash);
  let deviceId = null;
  if (match) {
    try {
      deviceId = decodeURIComponent(match[1]);
    } catch (e) {
      deviceId = null; // malformed escape: show the fleet
    }
  }
  const ctx = {live, feed};
  if (deviceId) {
    document.title = `${deviceId} · Telemetry dashboard`;
    view = deviceView(container, ctx, deviceId);
  } else {
    document.title = 'Fleet · Telemetry dashboard';
    view = fleetView(container, ctx);
  }
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);
startHealth(document.getElementById('health'), live);
route();
live.open();
