'use strict';
// Measurements -> the simulator's environment parameters (sim/src/environment.cpp's names).
// Each parameter says which cells it comes from and how; a parameter whose cells did not run (an
// --only run) or gave no information is not written: the simulator keeps its own value.
const { wilson, quantile, fitUniformWindow } = require('./stats');
const { delivered } = require('./summarize');

function ladderPoints(cells, prefix) {
  const pts = new Map();
  for (const c of cells) {
    for (const [tag, r] of Object.entries(c.rates)) {
      if (!tag.startsWith(prefix)) continue;
      const off = Number(tag.slice(prefix.length));
      const p = pts.get(off) || { offset: off, k: 0, n: 0 };
      p.k += r.k; p.n += r.n; pts.set(off, p);
    }
  }
  return [...pts.values()].sort((a, b) => a.offset - b.offset);
}

function windowParam(name, cells, what) {
  const pts = ladderPoints(cells, 'ladder.keepalive.');
  if (!pts.length || !pts.some((p) => p.n > 0)) return [];
  const fit = fitUniformWindow(pts);
  const ladder = pts.map((p) => `${p.offset}:${p.k}/${p.n}`).join(' ');
  const from = cells.map((c) => c.id).join(', ');
  return [
    { name: name + '_min_ms', value: fit.min_ms, from, how: `uniform window fitted to the keepalive ladder (${what}); timers ${ladder}` },
    { name: name + '_max_ms', value: fit.max_ms, from, how: `as ${name}_min_ms` },
  ];
}

function derive(summaries, results) {
  const byId = new Map(summaries.map((c) => [c.id, c]));
  const cells = (...ids) => ids.map((i) => byId.get(i)).filter((c) => c && c.trials > 0);
  const cellDef = new Map(results.cells.map((c) => [c.id, c]));
  const out = [];
  out.push(...windowParam('unload_window_tab_close', cells('ladder/tab_close'), 'tab close'));
  out.push(...windowParam('unload_window_reload', cells('ladder/navigate', 'ladder/reload', 'ladder/navigate_cross_site'), 'reload, same-site and cross-site navigation pooled'));
  out.push(...windowParam('unload_window_browser_quit', cells('ladder/last_tab_close'), 'closing the last window, the browser quits'));

  const busy = cells('busy300/tab_close', 'busy900/tab_close');
  if (busy.length) {
    const k = busy.reduce((s, c) => s + c.rates['afterbusy.keepalive.0'].k, 0);
    const n = busy.reduce((s, c) => s + c.rates['afterbusy.keepalive.0'].n, 0);
    const w = wilson(k, n);
    out.push({ name: 'unload_window_after_busy_wait_prob', value: round(w.rate, 3), from: busy.map((c) => c.id).join(', '),
      how: `a timer at 0 ms behind a 300/900 ms busy-wait ran in ${k}/${n} tab closes, 95 % CI [${round(w.lo, 3)}, ${round(w.hi, 3)}]` });
  }

  const budget = cells('budget/tab_close')[0];
  if (budget) {
    const busyMs = cellDef.get(budget.id).cfg.busy_ms;
    // Only the trials the summaries count (closed for real, not aborted before the close).
    const trials = results.trials.filter((t) => t.cell === budget.id && t.close_ms !== null && t.executed !== false);
    const lasts = trials.map((t) => {
      const d = delivered(cellDef.get(budget.id), t);
      let last = -100;
      for (const tag of d.keys()) if (tag.startsWith('busy.beacon.')) last = Math.max(last, Number(tag.slice(12)));
      return last + 100;
    });
    const lo = Math.min(...lasts);
    const capped = lo < busyMs;
    out.push({ name: 'unload_handler_block_max_ms', value: lo, from: budget.id, lower_bound: !capped,
      how: capped ? `a busy handler's beacons (one per 100 ms) stopped at ${lo} ms in the shortest of ${trials.length} tab closes`
        : `LOWER BOUND: a ${busyMs} ms busy handler sent its beacon every 100 ms to the end in ${trials.length}/${trials.length} tab closes; no cap seen` });
  }

  // The Streams path: the hop from the handler to the wire (setState minus a beacon sent just
  // before it in the same handler), and whether a setState posted before teardown still leaves.
  const hopCells = ['probe/tab_close', 'probe/navigate', 'probe/reload'].filter((i) => byId.has(i));
  const hops = [];
  for (const t of results.trials) {
    if (!hopCells.includes(t.cell)) continue;
    const d = delivered(cellDef.get(t.cell), t);
    if (d.has('bu.setstate') && d.has('bu.beacon')) hops.push(Math.max(0, d.get('bu.setstate') - d.get('bu.beacon')));
  }
  if (hops.length) {
    out.push({ name: 'streams_worker_hop_ms', value: Math.max(0, Math.round(quantile(hops, 0.5))), from: hopCells.join(', '),
      how: `median of (setState's arrival - a beacon's, both sent in the handler) over ${hops.length} closes; p10 ${quantile(hops, 0.1)}, p90 ${quantile(hops, 0.9)} ms` });
  }
  const lad = cellDef.get('ladder/tab_close');
  if (lad && byId.get('ladder/tab_close')) {
    let k = 0; let n = 0;
    for (const t of results.trials) {
      if (t.cell !== lad.id) continue;
      const d = delivered(lad, t);
      for (const off of lad.cfg.offsets) {
        if (!d.has('ladder.keepalive.' + off)) continue; // its timer did not run before teardown
        n += 1; if (d.has('ladder.setstate.' + off)) k += 1;
      }
    }
    if (n) {
      const w = wilson(k, n);
      out.push({ name: 'inflight_delivered_prob_streams_worker', value: round(w.rate, 3), from: lad.id,
        how: `of the ladder's setState calls whose timer ran before teardown (its keepalive twin arrived), ${k}/${n} reached the API, 95 % CI [${round(w.lo, 3)}, ${round(w.hi, 3)}]` });
    }
  }
  const probe = byId.get('probe/tab_close');
  if (probe && probe.trials) {
    for (const [tag, name] of [['bu.keepalive', 'inflight_delivered_prob_keepalive'], ['bu.beacon', 'inflight_delivered_prob_beacon']]) {
      const r = probe.rates[tag];
      out.push({ name, value: round(r.rate, 3), from: probe.id,
        how: `sent inside the tab close's beforeunload: ${r.k}/${r.n} arrived, 95 % CI [${round(r.lo, 3)}, ${round(r.hi, 3)}]` });
    }
  }
  return out;
}

function round(x, d) { const f = 10 ** d; return Math.round(x * f) / f; }

module.exports = { derive, ladderPoints };
