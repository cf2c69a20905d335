'use strict';
// The lab's measurements against the fact sheet's first measurement, [M 19]
// (../shared/domain/browser-unload.md), and the lab's own observations beyond it.
const { wilson } = require('./stats');

function pool(summaries, ids, tags) {
  let k = 0; let n = 0;
  for (const id of ids) {
    const c = summaries.find((s) => s.id === id);
    if (!c || !c.trials) continue;
    for (const t of tags) { const r = c.rates[t]; if (r) { k += r.k; n += r.n; } }
  }
  return n ? wilson(k, n) : null;
}
const overlap = (a, b) => !(a.hi < b.lo || b.hi < a.lo);

// [M 19]'s observations as counts, each with the lab's cells and tags that measure the same thing.
const M19 = [
  { what: 'tab close: a request sent synchronously inside beforeunload (beacon, keepalive, fetch, XHR)', m: [40, 40],
    ids: ['probe/tab_close'], tags: ['bu.beacon', 'bu.keepalive', 'bu.fetch', 'bu.xhr'] },
  { what: 'navigation: the same four requests sent inside beforeunload', m: [40, 40],
    ids: ['probe/navigate'], tags: ['bu.beacon', 'bu.keepalive', 'bu.fetch', 'bu.xhr'] },
  { what: 'tab close: a keepalive fetch started by a timer 5-20 ms after the event ("about half")', m: [15, 30],
    ids: ['ladder/tab_close'], tags: ['ladder.keepalive.5', 'ladder.keepalive.10', 'ladder.keepalive.20'] },
  { what: 'tab close: such a timer at 40 ms or later (0/10 at 40, 80, 160, 320, 640 ms)', m: [0, 50],
    ids: ['ladder/tab_close'], tags: ['ladder.keepalive.40', 'ladder.keepalive.80', 'ladder.keepalive.160', 'ladder.keepalive.320', 'ladder.keepalive.640'] },
  { what: 'tab close: a second request sent after the first one\'s 100 ms answer', m: [0, 10],
    ids: ['retry/tab_close'], tags: ['retry.second'] },
  { what: 'navigation: timers up to 40 ms', m: [50, 50],
    ids: ['ladder/navigate'], tags: ['ladder.keepalive.0', 'ladder.keepalive.5', 'ladder.keepalive.10', 'ladder.keepalive.20', 'ladder.keepalive.40'] },
  { what: 'navigation: a timer at 160 ms', m: [4, 10], ids: ['ladder/navigate'], tags: ['ladder.keepalive.160'] },
  { what: 'navigation: a timer at 320 ms', m: [0, 10], ids: ['ladder/navigate'], tags: ['ladder.keepalive.320'] },
  { what: 'navigation: a second request after a 100 ms answer', m: [6, 10], ids: ['retry/navigate'], tags: ['retry.second'] },
  { what: 'tab close: a timer behind a 300 ms busy-wait ("3-4/10")', m: [7, 20], ids: ['busy300/tab_close'], tags: ['afterbusy.keepalive.0'] },
  { what: 'tab close: a timer behind a 900 ms busy-wait', m: [2, 10], ids: ['busy900/tab_close'], tags: ['afterbusy.keepalive.0'] },
  { what: 'renderer crash (Page.crash): what the beforeunload handler would send', m: [0, 10],
    ids: ['probe/crash'], tags: ['bu.beacon', 'bu.keepalive', 'bu.fetch', 'bu.xhr', 'bu.setstate'] },
  { what: 'Browser.close: what the beforeunload handler would send', m: [0, 3],
    ids: ['probe/browser_quit'], tags: ['bu.beacon', 'bu.keepalive', 'bu.fetch', 'bu.xhr', 'bu.setstate'] },
];

function versusM19(summaries) {
  return M19.map((o) => {
    const lab = pool(summaries, o.ids, o.tags);
    const m = wilson(o.m[0], o.m[1]);
    return { what: o.what, m19: m, lab, cells: o.ids.join(', '), agrees: lab ? overlap(lab, m) : null };
  });
}

// Observations the fact sheet does not have, computed from the cells (null when a cell did not run).
function observations(summaries) {
  const rate = (id, tag) => { const c = summaries.find((s) => s.id === id); return c && c.trials && c.rates[tag] ? c.rates[tag] : null; };
  const cell = (id) => summaries.find((s) => s.id === id && s.trials);
  const o = [];
  const add = (what, r, note) => { if (r) o.push({ what, k: r.k, n: r.n, rate: r.rate, lo: r.lo, hi: r.hi, note }); };
  add('fetchLater registered at load, renderer crash', rate('probe/crash', 'load.fetchlater'), 'the browser process holds it: a crash still sends it');
  add('fetchLater registered at load, Browser.close', rate('probe/browser_quit', 'load.fetchlater'), '');
  add('fetchLater registered at load, SIGKILL of the browser', rate('probe/sigkill', 'load.fetchlater'), '');
  add('fetchLater registered at load, discard (frozen then killed)', rate('probe/discard', 'load.fetchlater'), '');
  add('visibilitychange -> hidden on Browser.close', rate('probe/browser_quit', 'visibility.beacon'), 'the only page event Browser.close fires');
  add('beforeunload on Browser.close (CDP)', rate('probe/browser_quit', 'bu.beacon'), 'CDP Browser.close runs no beforeunload: not a person\'s quit');
  add('beforeunload on closing the last window (then quit)', rate('probe/last_tab_close', 'bu.beacon'), '');
  add('setState through the SharedWorker while the page is offline (emulated)', rate('probe/offline', 'after.setstate'),
    'Network.emulateNetworkConditions covers the page, not its CCP iframe\'s SharedWorker: a lab artefact; a real network loss blocks both');
  add('keepalive fetch from the page while offline (emulated)', rate('probe/offline', 'after.keepalive'), '');
  add('heartbeats during a freeze', rate('probe/freeze', 'heartbeat.during'), 'a frozen page runs no timers');
  add('heartbeats again after resume', rate('probe/freeze', 'heartbeat.after'), '');
  add('heartbeats after the network is back', rate('probe/offline', 'heartbeat.after'), '');
  add('setState posted inside beforeunload, tab close', rate('probe/tab_close', 'bu.setstate'), 'page -> CCP iframe -> SharedWorker -> fetch');
  add('setState posted inside beforeunload, closing the last window', rate('probe/last_tab_close', 'bu.setstate'), '');
  add('a second setState after the first one\'s 100 ms answer, tab close', rate('retry/tab_close', 'retry.setstate.second'), '');
  add('a second setState after a 100 ms answer, navigation', rate('retry/navigate', 'retry.setstate.second'), '');
  const noAct = cell('confirm_no_activation/tab_close');
  if (noAct) o.push({ what: 'leave-page dialog shown without a click (no sticky activation)', ...wilson(noAct.dialogs_shown, noAct.trials),
    note: 'a CDP-initiated close shows it anyway: the lab cannot measure the activation requirement [D 14,15]' });
  const stay = cell('beforeunload_confirm/dialog_stay');
  if (stay) o.push({ what: 'page alive after the dialog was answered Stay', ...wilson(stay.trials - stay.page_closed, stay.trials), note: '' });
  return o;
}

module.exports = { versusM19, observations };

// Model gaps the side-by-side table cannot show: where the lab saw something the model has no
// place for. Each is stated only when the cells that show it ran, with their counts.
function structuralGaps(summaries, defaults) {
  const r = (id, tag) => { const c = summaries.find((s) => s.id === id); return c && c.trials && c.rates[tag] ? c.rates[tag] : null; };
  const gaps = [];
  const slow = r('retry_next_200ms/navigate_cross_site', 'retry.second');
  const fast = r('retry/reload', 'retry.second');
  if (slow && fast && slow.k / slow.n - fast.k / fast.n >= 0.5) {
    gaps.push(`The reload/navigation window is one distribution in the model, but the time until the next document commits in the browser: a second request after a 100 ms answer left ${fast.k}/${fast.n} on a reload from loopback and ${slow.k}/${slow.n} on a navigation to a page answering after 200 ms.`);
  }
  const fl = ['probe/crash', 'probe/discard', 'probe/browser_quit'].map((id) => r(id, 'load.fetchlater')).filter(Boolean);
  const flk = fl.reduce((s, x) => s + x.k, 0); const fln = fl.reduce((s, x) => s + x.n, 0);
  if (flk > 0) gaps.push(`fetchLater: a fetchLater registered at load was delivered on a renderer crash, a discard and a Browser.close (${flk}/${fln}). The model's fetch_later block sends it after a crash or a killed mobile tab with fetch_later_crash_delivered_factor (0.5, assumed: the share of crashes that are the renderer's, which the browser survives) and never after an OS shutdown, which the lab's Browser.close stands for.`);
  const ab = ['busy300/tab_close', 'busy900/tab_close'].map((id) => r(id, 'afterbusy.keepalive.0')).filter(Boolean);
  const abk = ab.reduce((s, x) => s + x.k, 0); const abn = ab.reduce((s, x) => s + x.n, 0);
  if (abn && abk / abn > 0.8) gaps.push(`A busy-wait did not end the window: a timer behind a 300/900 ms busy-wait ran ${abk}/${abn} (the simulator's unload_window_after_busy_wait_prob default: ${defaults.unload_window_after_busy_wait_prob || '?'}).`);
  const st0 = r('ladder/tab_close', 'ladder.setstate.0'); const st5 = r('ladder/tab_close', 'ladder.setstate.5'); const ka5 = r('ladder/tab_close', 'ladder.keepalive.5');
  if (st0 && st5 && ka5 && st0.k / st0.n > 0.8 && st5.k / st5.n < ka5.k / ka5.n - 0.3) {
    gaps.push(`The Streams path has an edge, not a delay and a coin: on a tab close a setState posted at 0 ms arrived ${st0.k}/${st0.n}, at 5 ms ${st5.k}/${st5.n}, while the keepalive of the same 5 ms timer arrived ${ka5.k}/${ka5.n}.`);
  }
  const bq = r('probe/browser_quit', 'bu.beacon'); const lt = r('probe/last_tab_close', 'bu.beacon');
  if (bq && lt && bq.k === 0 && lt.k > 0) gaps.push(`"Browser quit" is two events: closing the last window ran beforeunload ${lt.k}/${lt.n}, CDP Browser.close (a program ending the browser) ${bq.k}/${bq.n}; the lab compares the second with os_shutdown.`);
  return gaps;
}

module.exports.structuralGaps = structuralGaps;
