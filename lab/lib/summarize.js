'use strict';
// Per cell: for every request tag, in how many trials it reached the mock servers (a Wilson
// interval) and how long after the close; plus what the trials saw (crashes, dialogs, errors).
const { wilson, quantile } = require('./stats');

const PROBE_TAGS = ['bu.beacon', 'bu.keepalive', 'bu.fetch', 'bu.xhr', 'bu.setstate', 'pagehide.beacon',
  'visibility.beacon', 'unload.beacon', 'freeze.beacon', 'resume.beacon', 'load.fetchlater'];
const AFTER_TAGS = ['after.beacon', 'after.keepalive', 'after.setstate'];

function expectedTags(cell) {
  const off = (cell.cfg && cell.cfg.offsets) || [];
  if (cell.group === 'probe') return PROBE_TAGS.concat(cell.kind === 'offline' ? AFTER_TAGS : []).concat(['heartbeat.during', 'heartbeat.after']);
  if (cell.group === 'ladder') return ['bu.beacon'].concat(off.map((o) => 'ladder.keepalive.' + o), off.map((o) => 'ladder.setstate.' + o));
  if (cell.group === 'busy') return off.map((o) => 'afterbusy.keepalive.' + o);
  if (cell.group === 'budget') { const t = []; for (let x = 0; x < cell.cfg.busy_ms; x += 100) t.push('busy.beacon.' + x); return t; }
  if (cell.group === 'retry') return ['retry.first', 'retry.second', 'retry.setstate.first', 'retry.setstate.second'];
  if (cell.group === 'dialog') return ['offline.setstate.1'];
  return ['offline'];
}

// The tags a trial delivered, with the first arrival of each (ms after the close).
function delivered(cell, trial) {
  const m = new Map();
  const put = (tag, t) => { if (!m.has(tag) || t < m.get(tag)) m.set(tag, t); };
  for (const a of trial.arrivals) {
    if (a.t_ms === null || a.t_ms < 0) continue; // before the close: not an effect of it
    if (a.route === '/lab/log' || a.route === '/ccp.html') continue;
    if (a.route === '/backend/heartbeat') {
      if (a.t_ms > 150 && a.t_ms <= cell.post_ms) put('heartbeat.during', a.t_ms);
      if (a.t_ms > cell.post_ms) put('heartbeat.after', a.t_ms);
      continue;
    }
    put(a.tag, a.t_ms);
    // The Offline a preset or a team's script achieves: a setState(Offline) the Connect API
    // accepted, or a notification at the backend (which would call PutUserStatus).
    const accepted = a.status === null || a.status === undefined || (a.status > 0 && a.status < 400);
    if ((cell.group === 'preset' || cell.group === 'script') && accepted &&
        ((a.route === '/connect/setState' && a.state === 'Offline') || a.route === '/backend/notify')) put('offline', a.t_ms);
  }
  return m;
}

function summarizeCell(cell, allTrials) {
  // A trial that failed before its close (the page did not load in time), or whose close did not
  // happen (a key press that went to another window), measured nothing.
  const trials = allTrials.filter((t) => t.close_ms !== null && t.executed !== false);
  const n = trials.length;
  const per = trials.map((t) => delivered(cell, t));
  const tags = new Set(expectedTags(cell));
  for (const m of per) for (const k of m.keys()) tags.add(k);
  const rates = {};
  for (const tag of tags) {
    const times = per.filter((m) => m.has(tag)).map((m) => m.get(tag));
    rates[tag] = Object.assign(wilson(times.length, n), { t_median_ms: quantile(times, 0.5), t_p90_ms: quantile(times, 0.9) });
  }
  const logs = {};
  for (const t of trials) for (const a of t.arrivals) if (a.route === '/lab/log') {
    const key = a.tag + (a.msg ? ': ' + a.msg.replace(/:\d+:\d+|@\S+/g, '') : '');
    logs[key] = (logs[key] || 0) + 1;
  }
  return {
    id: cell.id, group: cell.group, kind: cell.kind, strategy: cell.strategy, preset: cell.preset, script: cell.script,
    trials: n, aborted: allTrials.length - n, not_executed: allTrials.filter((t) => t.executed === false).length, errors: trials.filter((t) => t.error).map((t) => t.error).slice(0, 3), error_count: trials.filter((t) => t.error).length,
    crashed: trials.filter((t) => t.crashed).length, page_closed: trials.filter((t) => t.page_closed).length,
    activated: trials.filter((t) => t.activated).length, dialogs_shown: trials.filter((t) => t.dialogs.length > 0).length,
    close_ms_median: quantile(trials.map((t) => t.close_ms).filter((x) => x !== null), 0.5),
    page_logs: logs, rates,
  };
}

function summarize(results) {
  const byCell = new Map(results.cells.map((c) => [c.id, []]));
  for (const t of results.trials) if (byCell.has(t.cell)) byCell.get(t.cell).push(t);
  return results.cells.map((c) => summarizeCell(c, byCell.get(c.id)));
}

module.exports = { summarize, delivered, expectedTags };
