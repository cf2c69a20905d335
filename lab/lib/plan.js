'use strict';
// The lab's cells: what runs in the page (a probe, a preset, a team's script) × a close kind.
// Every cell runs `trials` trials; a kind that ends the browser (`fresh`) launches one per trial.

const PRESETS = ['none', 'ccp_v2_logout', 'beforeunload_setstate', 'beforeunload_retry',
  'beforeunload_confirm', 'put_user_status_backend'];
const PROBE_KINDS = ['tab_close', 'last_tab_close', 'navigate', 'reload', 'crash', 'browser_quit',
  'sigkill', 'freeze', 'discard', 'offline'];
const LADDER_KINDS = ['tab_close', 'navigate', 'reload', 'last_tab_close'];
const PRESET_KINDS = ['tab_close', 'reload', 'last_tab_close', 'browser_quit', 'crash', 'sigkill', 'discard', 'offline'];
const OFFSETS_MS = [0, 5, 10, 20, 40, 80, 160, 320, 640];
// The mock Connect API and backend answer after this long (no fault) in the preset cells; the
// side-by-side scenario gives the simulator the same latencies and no API faults.
const API_LATENCY_MS = 100;
const BACKEND_LATENCY_MS = 50;

function cellsFor(opts) {
  const n = opts.trials;
  const nFresh = opts.freshTrials;
  const cells = [];
  const add = (c) => cells.push(Object.assign({ trials: c.fresh ? nFresh : n }, c));
  const { KINDS } = require('./closekinds');
  const fresh = (k) => KINDS[k].fresh;
  // key_ctrl_w presses keys for real: headed under Xvfb only.
  const api = { latency_ms: API_LATENCY_MS };
  const backend = { latency_ms: BACKEND_LATENCY_MS };

  for (const k of PROBE_KINDS) {
    add({ id: 'probe/' + k, group: 'probe', strategy: 'probe', kind: k, fresh: fresh(k), post_ms: 600,
      cfg: { fetchLaterAtLoad: true, heartbeat_ms: 100, api, backend } });
  }
  for (const k of LADDER_KINDS) {
    add({ id: 'ladder/' + k, group: 'ladder', strategy: 'ladder', kind: k, fresh: fresh(k), post_ms: 850,
      cfg: { offsets: OFFSETS_MS, api, backend } });
  }
  // Navigation to another site, whose page answers at once or after 200 ms: does the old page's
  // window last until the new one commits?
  for (const [id, lat] of [['ladder/navigate_cross_site', 0], ['ladder_next_200ms/navigate_cross_site', 200]]) {
    add({ id, group: 'ladder', strategy: 'ladder', kind: 'navigate_cross_site', post_ms: 850 + lat,
      cfg: { offsets: OFFSETS_MS, api, backend, page_latency_ms: lat } });
  }
  for (const busy of [300, 900]) {
    add({ id: 'busy' + busy + '/tab_close', group: 'busy', strategy: 'busy', kind: 'tab_close', post_ms: busy + 1000,
      cfg: { busy_ms: busy, offsets: OFFSETS_MS, api, backend } });
  }
  for (const k of ['tab_close', 'navigate']) {
    add({ id: 'budget/' + k, group: 'budget', strategy: 'busy', kind: k, post_ms: 3500,
      trials: Math.max(2, Math.ceil(n / 2)), cfg: { busy_ms: 3000, offsets: [], api, backend } });
  }
  add({ id: 'retry_next_200ms/navigate_cross_site', group: 'retry', strategy: 'retry', kind: 'navigate_cross_site', post_ms: 1100,
    cfg: { api: { latency_ms: 100 }, backend: { latency_ms: 100 }, page_latency_ms: 200 } });
  for (const k of ['tab_close', 'navigate', 'reload']) {
    add({ id: 'retry/' + k, group: 'retry', strategy: 'retry', kind: k, post_ms: 900,
      cfg: { api: { latency_ms: 100 }, backend: { latency_ms: 100 } } });
  }
  add({ id: 'confirm_no_activation/tab_close', group: 'dialog', strategy: 'beforeunload_confirm', kind: 'tab_close',
    activate: false, post_ms: 900, cfg: { api, backend } });
  for (const p of PRESETS) {
    // The confirm preset's tab close shows the dialog: dialog_leave answers Leave, dialog_stay Stay.
    const kinds = p === 'beforeunload_confirm'
      ? PRESET_KINDS.map((k) => (k === 'tab_close' ? 'dialog_leave' : k)).concat(['dialog_stay']) : PRESET_KINDS;
    for (const k of kinds) {
      add({ id: p + '/' + k, group: 'preset', strategy: p, preset: p, kind: k, fresh: fresh(k), post_ms: k === 'dialog_stay' ? 1500 : 500,
        cfg: { api, backend } });
    }
  }
  // Under an API that answers half the attempts with a 503 (api_5xx_prob 0.5): do the retries run?
  // The cross-site navigation's next page answers after 200 ms, as a real page over the internet.
  for (const p of ['beforeunload_setstate', 'beforeunload_retry', 'beforeunload_confirm']) {
    for (const k of ['tab_close', 'reload', 'navigate_cross_site']) {
      add({ id: p + '+api5xx50/' + k, group: 'preset', strategy: p, preset: p, kind: k, post_ms: 1000, sim_env: { api_5xx_prob: 0.5 },
        cfg: { api: { latency_ms: API_LATENCY_MS, fail_prob: 0.5 }, backend, page_latency_ms: 200 } });
    }
  }
  // Headed under Xvfb: a real Ctrl+W, with and without a click before it (does the dialog need
  // sticky activation when the close is a person's?).
  if (opts.headed) {
    const k = 'key_ctrl_w';
    add({ id: 'probe/' + k, group: 'probe', strategy: 'probe', kind: k, post_ms: 600, cfg: { fetchLaterAtLoad: true, heartbeat_ms: 100, api, backend } });
    add({ id: 'ladder/' + k, group: 'ladder', strategy: 'ladder', kind: k, post_ms: 850, cfg: { offsets: OFFSETS_MS, api, backend } });
    add({ id: 'confirm_no_activation/' + k, group: 'dialog', strategy: 'beforeunload_confirm', kind: k, activate: false, post_ms: 900, cfg: { api, backend } });
    add({ id: 'confirm_activated/' + k, group: 'dialog', strategy: 'beforeunload_confirm', kind: k, post_ms: 900, cfg: { api, backend } });
    for (const p of PRESETS) add({ id: p + '/' + k, group: 'preset', strategy: p, preset: p, kind: k, post_ms: 500, cfg: { api, backend } });
  }
  for (const s of opts.pageScripts) {
    for (const k of PRESET_KINDS) {
      add({ id: s.name + '/' + k, group: 'script', pageScript: s.name, script: s.name, kind: k, fresh: fresh(k), post_ms: 500,
        cfg: { api, backend } });
    }
  }
  return cells;
}

module.exports = { cellsFor, PRESETS, PROBE_KINDS, PRESET_KINDS, OFFSETS_MS, API_LATENCY_MS, BACKEND_LATENCY_MS };
