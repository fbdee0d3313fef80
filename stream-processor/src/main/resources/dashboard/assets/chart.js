// A window chart as inline SVG built with DOM calls: per 1-minute window a min..max band and the mean line.
// Windows that are still open (more readings may come) are drawn lighter.

import {svg} from './dom.js';
import {absoluteTime, clockTime, formatNumber} from './format.js';

const H = 180;
const M = {left: 64, right: 10, top: 10, bottom: 24};

function scale(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + (v - d0) / span * (r1 - r0);
}

/** Tick labels: as many decimals as the spacing between ticks needs, no grouping (they must fit the margin). */
function tickFormat(step) {
  const decimals = Math.max(0, Math.min(6, 1 - Math.floor(Math.log10(step || 1))));
  return (v) => {
    const abs = Math.abs(v);
    if (abs >= 1e7 || (abs !== 0 && abs < 1e-4)) {
      return v.toExponential(2);
    }
    return v.toFixed(decimals);
  };
}

/**
 * @param windows WindowAggregate[] in start order
 * @param from    epoch ms, left edge
 * @param to      epoch ms, right edge
 * @param label   accessible name, e.g. "temperature (Cel), last hour"
 * @param width   drawing width in CSS pixels (the card's), so that text is drawn at its real size
 */
export function windowChart(windows, from, to, label, width = 480) {
  const W = Math.max(280, Math.round(width));
  const root = svg('svg', {class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label});
  const shown = windows.filter((w) => w.windowEnd > from && w.windowStart < to);
  if (shown.length === 0) {
    root.appendChild(svg('text', {class: 'chart-empty', x: W / 2, y: H / 2, 'text-anchor': 'middle',
      text: 'no windows in this hour'}));
    return root;
  }
  let lo = Math.min(...shown.map((w) => w.min));
  let hi = Math.max(...shown.map((w) => w.max));
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  const x = scale(from, to, M.left, W - M.right);
  const y = scale(lo, hi, H - M.bottom, M.top);
  const clampX = (t) => Math.max(M.left, Math.min(W - M.right, x(t)));

  const grid = svg('g', {class: 'grid'});
  const tick = tickFormat((hi - lo) / 4);
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    grid.appendChild(svg('line', {x1: M.left, x2: W - M.right, y1: y(v), y2: y(v)}));
    grid.appendChild(svg('text', {class: 'tick', x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end',
      text: tick(v)}));
  }
  const step = 15 * 60 * 1000;
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    grid.appendChild(svg('line', {class: 'vertical', x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom}));
    grid.appendChild(svg('text', {class: 'tick', x: x(t), y: H - 6, 'text-anchor': 'middle', text: clockTime(t)}));
  }
  root.appendChild(grid);

  const bands = svg('g', {class: 'bands'});
  for (const w of shown) {
    const x0 = clampX(w.windowStart);
    const x1 = clampX(w.windowEnd);
    const band = svg('rect', {class: w.closed ? 'band' : 'band open', x: x0, width: Math.max(2, x1 - x0),
      y: y(w.max), height: Math.max(1, y(w.min) - y(w.max))});
    band.appendChild(svg('title', {text: `${absoluteTime(w.windowStart)}: min ${formatNumber(w.min)}, mean `
        + `${formatNumber(w.mean)}, max ${formatNumber(w.max)}, ${w.count} reading${w.count === 1 ? '' : 's'}`
        + (w.closed ? '' : ' (open)')}));
    bands.appendChild(band);
  }
  root.appendChild(bands);

  // the mean as one line per run of adjacent windows, so that a gap in the data stays a gap
  let run = [];
  const flush = () => {
    if (run.length) {
      root.appendChild(svg('polyline', {class: 'mean', points: run.join(' ')}));
    }
    run = [];
  };
  let previousEnd = null;
  for (const w of shown) {
    if (previousEnd !== null && w.windowStart !== previousEnd) {
      flush();
    }
    const mid = (w.windowStart + w.windowEnd) / 2;
    run.push(`${clampX(mid).toFixed(1)},${y(w.mean).toFixed(1)}`);
    previousEnd = w.windowEnd;
  }
  if (run.length === 1) {
    const [cx, cy] = run[0].split(',');
    root.appendChild(svg('circle', {class: 'mean-dot', cx, cy, r: 2.5}));
  }
  flush();
  root.appendChild(svg('rect', {class: 'frame', x: M.left, y: M.top, width: W - M.left - M.right,
    height: H - M.top - M.bottom}));
  return root;
}
