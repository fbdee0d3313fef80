// The processor's HTTP API, relative to the page so that the dashboard also works behind a path prefix. Every
// call carries this tab's API token (auth.js); a 401 asks the user for one.

import {askForToken, withToken} from './auth.js';

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET a JSON document; non-2xx becomes an HttpError carrying the API's message when there is one. */
export async function getJson(path, {signal} = {}) {
  const response = await fetch(path, {headers: withToken({Accept: 'application/json'}), cache: 'no-store', signal});
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body.message === 'string') {
        message = body.message;
      }
    } catch (ignored) {
      // not JSON: keep the status line
    }
    if (response.status === 401) {
      askForToken(message);
    }
    throw new HttpError(response.status, message);
  }
  return response.json();
}

/** Device ids may contain '/': each segment is encoded, the slashes stay (the API matches them). */
export function deviceApiPath(id) {
  return 'api/v1/devices/' + id.split('/').map(encodeURIComponent).join('/');
}

export function devicePage({limit, cursor, status}, signal) {
  const q = new URLSearchParams({limit: String(limit)});
  if (cursor) {
    q.set('cursor', cursor);
  }
  if (status) {
    q.set('status', status);
  }
  return getJson(`api/v1/devices?${q}`, {signal});
}

export function device(id, signal) {
  return getJson(deviceApiPath(id), {signal});
}

export function windows(id, metric, from, to, signal) {
  const q = new URLSearchParams({from: String(from), to: String(to)});
  return getJson(`${deviceApiPath(id)}/metrics/${encodeURIComponent(metric)}/windows?${q}`, {signal});
}

/**
 * A device's alerts: {@code GET /api/v1/anomalies?deviceId=&active=}. Accepts a bare array or an object with
 * {@code items}; resolves to null when this processor does not serve alerts (404).
 */
export async function anomalies(id, active, signal) {
  const q = new URLSearchParams({deviceId: id, active: String(active)});
  try {
    const body = await getJson(`api/v1/anomalies?${q}`, {signal});
    return Array.isArray(body) ? body : (body.items || body.anomalies || []);
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) {
      return null;
    }
    throw e;
  }
}

export function pipeline(signal) {
  return getJson('api/v1/pipeline', {signal});
}

/** The page's link to a device: the whole id in one hash segment. */
export function deviceHref(id) {
  return '#/devices/' + encodeURIComponent(id);
}

/** Device ids and metric names: 1..200 of [A-Za-z0-9._:/-] (dev.telemetry.model.Reading.NAME). */
export const NAME = /^[A-Za-z0-9._:/-]{1,200}$/;
