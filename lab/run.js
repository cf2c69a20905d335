#!/usr/bin/env node
'use strict';
// agentsim's browser lab: runs every cell (probe / preset / team script × close kind) in Debian's
// Chromium and writes results.json, the environment file and report.html into --out.
//
//   node run.js [--page-script FILE.js]... [--trials N] [--fresh-trials N] [--out DIR]
//               [--concurrency N] [--only REGEX] [--headed] [--puppeteer-defaults] [--agentsim PATH]
// --puppeteer-defaults keeps puppeteer's flags (no bfcache, no hang monitor): [M 19]'s setup.
const fs = require('fs');
const path = require('path');
const os = require('os');
const { LabServer } = require('./server');
const browserLib = require('./lib/browser');
const { runTrial } = require('./lib/trial');
const { cellsFor } = require('./lib/plan');
const { KINDS } = require('./lib/closekinds');

const EXIT_USAGE = 2;
const EXIT_LAB_FAILED = 3;

function parseArgs(argv) {
  const o = { trials: 10, freshTrials: null, out: 'lab-out', concurrency: 4, pageScripts: [], only: null,
    headless: true, puppeteerDefaults: false, agentsim: null, analyze: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage('missing value after ' + a); return argv[++i]; };
    if (a === '--trials') o.trials = posInt(val(), a);
    else if (a === '--fresh-trials') o.freshTrials = posInt(val(), a);
    else if (a === '--out') o.out = val();
    else if (a === '--concurrency') o.concurrency = posInt(val(), a);
    else if (a === '--page-script') o.pageScripts.push(val());
    else if (a === '--only') o.only = new RegExp(val());
    else if (a === '--headed') o.headless = false;
    else if (a === '--puppeteer-defaults') o.puppeteerDefaults = true;
    else if (a === '--agentsim') o.agentsim = val();
    else if (a === '--no-analyze') o.analyze = false;
    else if (a === '--help' || a === '-h') usage(null);
    else usage('unknown argument ' + a);
  }
  if (o.freshTrials === null) o.freshTrials = Math.max(2, Math.ceil(o.trials / 3));
  if (o.concurrency > 8) usage('--concurrency at most 8 (the machine is shared)');
  return o;
}
function posInt(s, name) {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 100000) usage(name + ' wants an integer 1..100000, got ' + s);
  return n;
}
function usage(msg) {
  if (msg) process.stderr.write('lab: ' + msg + '\n');
  process.stderr.write('usage: node run.js [--page-script FILE.js]... [--trials N] [--fresh-trials N] [--out DIR] [--concurrency N] [--only REGEX] [--headed] [--puppeteer-defaults] [--agentsim PATH]\n');
  process.exit(msg ? EXIT_USAGE : 0);
}

// The seed's handler verbatim and its repaired copy always run; a team's scripts beside them.
function loadScripts(server, files) {
  const builtin = ['seed-verbatim.js', 'seed-repaired.js'].map((f) => path.join(__dirname, 'page-scripts', f));
  const out = [];
  for (const f of builtin.concat(files)) {
    const src = fs.readFileSync(f, 'utf8');
    let name = path.basename(f, '.js');
    if (files.includes(f)) name = 'team:' + name;
    server.pageScripts.set(name, src);
    out.push({ name, file: path.resolve(f), bytes: Buffer.byteLength(src) });
  }
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(opts.out, { recursive: true });
  const server = new LabServer();
  await server.start();
  const scripts = loadScripts(server, opts.pageScripts);
  let cells = cellsFor({ trials: opts.trials, freshTrials: opts.freshTrials, pageScripts: scripts, headed: !opts.headless });
  if (opts.only) cells = cells.filter((c) => opts.only.test(c.id));
  const browser = await browserLib.launch(opts.headless, opts.puppeteerDefaults);
  const launch = await browserLib.describe(browser, opts.headless, opts.puppeteerDefaults);
  const jobs = [];
  for (const c of cells) for (let i = 0; i < c.trials; i++) jobs.push({ cell: c, i });
  process.stderr.write(`lab: ${cells.length} cells, ${jobs.length} trials, ${launch.version}, ${opts.headless ? 'headless' : 'headed'}, concurrency ${opts.concurrency}\n`);
  let keyChain = Promise.resolve();
  const keyLock = (fn) => { const run = keyChain.then(fn); keyChain = run.catch(() => {}); return run; };
  const ctx = { server, browser, headless: opts.headless, puppeteerDefaults: opts.puppeteerDefaults, keyLock };
  const trials = [];
  const t0 = Date.now();
  let next = 0; let seq = 0;
  // Fresh-browser trials are heavier (a browser each): at most 2 of them at once.
  let freshRunning = 0;
  async function worker() {
    for (;;) {
      let idx = -1;
      for (let j = next; j < jobs.length; j++) {
        if (jobs[j] && (!jobs[j].cell.fresh || freshRunning < 2)) { idx = j; break; }
      }
      if (idx < 0) { if (jobs.slice(next).some(Boolean)) { await new Promise((ok) => setTimeout(ok, 50)); continue; } return; }
      const job = jobs[idx]; jobs[idx] = null;
      while (next < jobs.length && jobs[next] === null) next++;
      if (job.cell.fresh) freshRunning++;
      const id = 'T' + (++seq);
      try { trials.push(await runTrial(ctx, job.cell, id)); }
      finally { if (job.cell.fresh) freshRunning--; }
      if (trials.length % 50 === 0) process.stderr.write(`lab: ${trials.length} trials, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const wall_s = (Date.now() - t0) / 1000;
  await browser.close().catch(() => {});
  await server.stop();
  const results = {
    lab: 'agentsim browser lab', schema: 1, date: new Date().toISOString(),
    browser: launch, host: { platform: os.platform(), release: os.release(), cpus: os.cpus().length, node: process.version,
      os: fs.existsSync('/etc/os-release') ? (fs.readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]*)"/) || [])[1] : '' },
    options: { trials: opts.trials, fresh_trials: opts.freshTrials, concurrency: opts.concurrency, only: opts.only ? String(opts.only) : null },
    throughput: { trials: trials.length, wall_s: Math.round(wall_s * 10) / 10, trials_per_min: Math.round(trials.length / wall_s * 600) / 10 },
    scripts,
    kinds: Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [k, { what: v.what, sim: v.sim, fresh: v.fresh, headed_only: !!v.headedOnly }])),
    cells: cells.map((c) => ({ id: c.id, group: c.group, sim_env: c.sim_env || null, strategy: c.strategy || null, script: c.script || null, preset: c.preset || null,
      kind: c.kind, trials: c.trials, post_ms: c.post_ms, activate: c.activate !== false, cfg: c.cfg })),
    trials,
  };
  fs.writeFileSync(path.join(opts.out, 'results.json'), JSON.stringify(results, null, 1));
  process.stderr.write(`lab: ${trials.length} trials in ${wall_s.toFixed(1)} s (${results.throughput.trials_per_min} trials/min) -> ${opts.out}/results.json\n`);
  const errors = trials.filter((t) => t.error);
  if (errors.length) process.stderr.write(`lab: ${errors.length} trials with an error, first: ${errors[0].cell}: ${errors[0].error}\n`);
  if (opts.analyze) {
    const { analyzeAndWrite } = require('./analyze');
    await analyzeAndWrite(results, opts.out, { agentsim: opts.agentsim });
  }
  if (trials.length === 0) process.exit(EXIT_LAB_FAILED);
}

main().catch((e) => { process.stderr.write('lab: ' + (e.stack || e) + '\n'); process.exit(EXIT_LAB_FAILED); });
