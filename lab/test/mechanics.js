#!/usr/bin/env node
'use strict';
// The ctest label `lab` (cmake -DAGENTSIM_LAB_TESTS=ON; ctest -L lab): a short lab, two trials of
// one cell per close kind, asserting the mechanics only — the mock API and backend receive, every
// close kind was really executed (its own evidence: the renderer crashed, the browser process died
// of SIGKILL, the page navigated, ...), the environment file is accepted by `agentsim validate`.
// No assertion on a delivery rate: those are measurements, they belong to the report.
//   node test/mechanics.js --agentsim PATH [--out DIR]
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const argv = process.argv.slice(2);
const get = (f) => { const i = argv.indexOf(f); return i >= 0 ? argv[i + 1] : null; };
const agentsim = get('--agentsim');
const out = get('--out') || fs.mkdtempSync(path.join(os.tmpdir(), 'agentsim-lab-test-'));
const failures = [];
const check = (ok, what) => { process.stdout.write((ok ? 'ok   ' : 'FAIL ') + what + '\n'); if (!ok) failures.push(what); };

if (!fs.existsSync(path.join(__dirname, '..', 'node_modules', 'puppeteer-core'))) {
  process.stderr.write('lab test: lab/node_modules is missing: run scripts/lab.sh once, or `npm ci` in lab/\n');
  process.exit(1);
}
const only = '^probe/|^beforeunload_confirm/dialog_(stay|leave)$|^seed-repaired/tab_close$|^ladder/(tab_close|navigate_cross_site)$';
const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'run.js'), '--trials', '2', '--fresh-trials', '2',
  '--only', only, '--out', out].concat(agentsim ? ['--agentsim', agentsim] : []), { encoding: 'utf8', timeout: 600000 });
process.stderr.write(r.stderr || '');
check(r.status === 0, `lab/run.js exits 0 (got ${r.status})`);
const resultsFile = path.join(out, 'results.json');
check(fs.existsSync(resultsFile), 'results.json written');
if (!fs.existsSync(resultsFile)) process.exit(1);
const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
const lab = JSON.parse(fs.readFileSync(path.join(out, 'lab.json'), 'utf8'));

const all = results.trials.flatMap((t) => t.arrivals);
check(all.some((a) => a.route === '/connect/setState'), 'the mock Connect API received a setState through the SharedWorker');
check(all.some((a) => a.route === '/backend/notify'), 'the mock backend received a notification');
check(all.some((a) => a.route === '/backend/heartbeat'), 'the mock backend received heartbeats');
for (const [kind, def] of Object.entries(results.kinds)) {
  if (def.headed_only && results.browser.headless) continue; // key_ctrl_w: headed under Xvfb only
  const ts = results.trials.filter((t) => t.kind === kind);
  if (!ts.length) { check(false, `close kind ${kind} ran`); continue; }
  for (const t of ts) check(t.executed === true && !t.error, `${t.cell} trial ${t.trial}: executed (${t.evidence})${t.error ? ' error: ' + t.error : ''}`);
}
const crash = results.trials.filter((t) => t.kind === 'crash');
check(crash.length > 0 && crash.every((t) => t.crashed), 'the renderer really crashed on every Page.crash');
check(results.trials.filter((t) => t.cell === 'probe/tab_close').every((t) => t.arrivals.some((a) => a.route === '/ccp.html')), 'the CCP page was served from the loopback server');
check(lab.validate.ok, 'agentsim validate accepts a scenario including environment.yaml' + (lab.validate.ok ? '' : ': ' + lab.validate.output));
check(fs.existsSync(path.join(out, 'report.html')) && fs.readFileSync(path.join(out, 'report.html'), 'utf8').includes('<svg'), 'report.html with inline SVG');
check(lab.parameters.length > 0, 'environment.yaml has measured parameters');
if (agentsim) check(!lab.side_by_side.error, 'the side-by-side simulation ran' + (lab.side_by_side.error ? ': ' + lab.side_by_side.error : ''));
process.stdout.write(failures.length ? `lab test: ${failures.length} FAILED (output in ${out})\n` : `lab test: all passed (output in ${out})\n`);
process.exit(failures.length ? 1 : 0);
