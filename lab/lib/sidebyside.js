'use strict';
// Simulator vs browser: each page-side preset's Offline rate in the lab, next to `agentsim run`'s
// offline_rate for the same preset and close kind under the lab's environment file.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { KINDS } = require('./closekinds');
const { renderSuite } = require('./envfile');

const SIM_SESSIONS = 4000;

function pairs(summaries, cellDefs) {
  const out = [];
  for (const c of summaries) {
    if (c.group !== 'preset' || !c.trials) continue;
    const k = KINDS[c.kind];
    let closeKind = k.sim; let env = {};
    if (c.kind === 'dialog_stay') {
      closeKind = 'tab_close';
      env = { dialog_stay_prob: 1, reclose_after_stay_median_ms: 80000000, reclose_after_stay_p99_ms: 86400000 };
    }
    if (!closeKind) continue;
    const def = cellDefs.get(c.id) || {};
    Object.assign(env, def.sim_env || {});
    out.push({ cell: c, scenario: { name: `lab ${c.id}`, strategy: c.preset, close_kind: closeKind, environment: env } });
  }
  return out;
}

function disjoint(a, b) { return a.hi < b.lo || b.hi < a.lo; }

// Returns {rows, gaps, error}; rows: {preset, lab_kind, sim_kind, lab: wilson, sim: {estimate, lo, hi}}.
function sideBySide(summaries, outDir, agentsim, results) {
  const ps = pairs(summaries, new Map(results.cells.map((c) => [c.id, c])));
  if (!ps.length) return { rows: [], gaps: [], error: 'no preset cells ran' };
  const suite = path.join(outDir, 'side-by-side.yaml');
  fs.writeFileSync(suite, renderSuite(ps.map((p) => p.scenario), 'environment.yaml', SIM_SESSIONS));
  if (!agentsim || !fs.existsSync(agentsim)) {
    return { rows: [], gaps: [], suite, error: `agentsim not found (${agentsim || 'none given'}): build it, or pass --agentsim PATH` };
  }
  const simDir = path.join(outDir, 'sim');
  const r = spawnSync(agentsim, ['run', suite, '--format', 'json', '--report-dir', simDir, '-j', '1', '-q'], { encoding: 'utf8' });
  const reportFile = path.join(simDir, 'report.json');
  if (!fs.existsSync(reportFile)) return { rows: [], gaps: [], suite, error: `agentsim run failed (${r.status}): ${(r.stderr || r.stdout || '').slice(0, 800)}` };
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const byName = new Map(report.scenarios.map((s) => [s.name, s]));
  const rows = []; const gaps = [];
  for (const p of ps) {
    const s = byName.get(p.scenario.name);
    if (!s) continue;
    // On a reload the agent keeps working: an Offline there is the simulator's spurious Offline.
    const metric = p.scenario.close_kind === 'reload' ? 'spurious_offline_rate' : 'offline_rate';
    const m = s.metrics[metric];
    const lab = p.cell.rates.offline;
    const row = { cell: p.cell.id, preset: p.cell.preset, lab_kind: p.cell.kind, sim_env: p.scenario.environment, sim_kind: p.scenario.close_kind,
      lab: { k: lab.k, n: lab.n, rate: lab.rate, lo: lab.lo, hi: lab.hi },
      sim: { metric, estimate: m.estimate, lo: m.lo, hi: m.hi, sessions: s.sessions_run } };
    row.gap = disjoint(row.lab, row.sim);
    rows.push(row);
    if (row.gap) gaps.push(row);
  }
  return { rows, gaps, suite, command: [agentsim, 'run', suite, '--format', 'json', '--report-dir', simDir].join(' ') };
}

module.exports = { sideBySide };
