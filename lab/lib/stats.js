'use strict';
// Rates with Wilson score intervals, quantiles, and the unload-window fit.

const Z95 = 1.959963984540054;

// Wilson score interval of k successes in n trials at 95 %.
function wilson(k, n, z = Z95) {
  if (n === 0) return { k, n, rate: null, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / den;
  return { k, n, rate: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

function quantile(xs, q) {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return Math.round((s[lo] + (s[hi] - s[lo]) * (pos - lo)) * 10) / 10;
}

// Fits the simulator's unload window, uniform on [min, max] ms after the handler, to a ladder:
// a timer at offset x runs iff the window is longer than x, so P(x) = 1 below min, 0 from max on,
// (max - x) / (max - min) between. Maximum likelihood on a 1 ms grid; the tied maxima (a ladder
// does not separate windows between two rungs) are averaged. points: [{offset, k, n}].
function fitUniformWindow(points, limitMs = 1000) {
  const eps = 1e-4;
  const ll = (a, b) => {
    let s = 0;
    for (const { offset: x, k, n } of points) {
      let p = x < a ? 1 : x >= b ? 0 : (b - x) / (b - a);
      p = Math.min(1 - eps, Math.max(eps, p));
      s += k * Math.log(p) + (n - k) * Math.log(1 - p);
    }
    return s;
  };
  let best = -Infinity;
  const ties = [];
  for (let a = 0; a <= limitMs; a += 1) {
    for (let b = a + 1; b <= limitMs; b += 1) {
      const v = ll(a, b);
      if (v > best + 1e-9) { best = v; ties.length = 0; ties.push([a, b]); } else if (Math.abs(v - best) <= 1e-9) ties.push([a, b]);
    }
  }
  const mean = (i) => Math.round(ties.reduce((s, t) => s + t[i], 0) / ties.length);
  return { min_ms: mean(0), max_ms: mean(1), log_likelihood: best, tied: ties.length };
}

module.exports = { wilson, quantile, fitUniformWindow };
