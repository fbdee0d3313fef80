// Formatting for display. Results are plain strings; callers put them into text nodes.

const NEVER = -9007199254740000; // DeviceState.lastSeen of a device without readings is Long.MIN_VALUE

export function formatNumber(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    return String(n);
  }
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    return n.toExponential(3);
  }
  return n.toLocaleString(undefined, {maximumFractionDigits: abs >= 100 ? 1 : 3});
}

/** A reading value (number, boolean or string) as text; long strings are cut, see {@link isCut}. */
export function formatValue(v, max = 80) {
  if (typeof v === 'number') {
    return formatNumber(v);
  }
  const s = String(v);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

export function formatCount(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString();
}

export function isTime(ms) {
  return typeof ms === 'number' && ms > NEVER && ms > 0;
}

/** Local date and time with seconds, e.g. 2026-03-01 14:03:07. */
export function absoluteTime(ms) {
  if (!isTime(ms)) {
    return 'never';
  }
  const d = new Date(ms);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
      + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function clockTime(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago", "in 5 s" (device clocks run ahead). */
export function relativeTime(ms, now = Date.now()) {
  if (!isTime(ms)) {
    return 'never';
  }
  const s = Math.round((now - ms) / 1000);
  if (s < 0) {
    return -s < 2 ? 'just now' : `in ${-s} s`;
  }
  if (s < 2) {
    return 'just now';
  }
  if (s < 90) {
    return `${s} s ago`;
  }
  if (s < 90 * 60) {
    return `${Math.round(s / 60)} min ago`;
  }
  if (s < 36 * 3600) {
    return `${Math.round(s / 3600)} h ago`;
  }
  return `${Math.round(s / 86400)} d ago`;
}
