#!/usr/bin/env node
'use strict';
// From the lab's raw results.json: the summaries, the parameters and environment.yaml, a scenario
// that includes it (validated by `agentsim validate`), the side-by-side suite run by `agentsim run`,
// lab.json and report.html.   node analyze.js RESULTS.json [--out DIR] [--agentsim PATH]
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { summarize } = require('./lib/summarize');
const { derive } = require('./lib/params');
const { renderEnvironmentFile, renderValidateScenario, provenance } = require('./lib/envfile');
const { sideBySide } = require('./lib/sidebyside');
const { versusM19, observations, structuralGaps } = require('./lib/findings');
const { render } = require('./lib/report');

function findAgentsim(given) {
  const c = [given, process.env.AGENTSIM, path.join(__dirname, '..', 'build', 'agentsim')].filter(Boolean);
  return c.find((p) => fs.existsSync(p)) || null;
}

// The simulator's defaults of the environment parameters, from `agentsim list`.
function simDefaults(agentsim) {
  if (!agentsim) return {};
  const r = spawnSync(agentsim, ['list'], { encoding: 'utf8' });
  const out = {};
  for (const line of (r.stdout || '').split('\n')) {
    const m = line.match(/^ {2}([a-z0-9_]+)\s+=\s+(\S+)\s+\S+\s+\[(\w+)\]/);
    if (m) out[m[1]] = `${m[2]} [${m[3]}]`;
  }
  return out;
}

async function analyzeAndWrite(results, outDir, opts = {}) {
  const agentsim = findAgentsim(opts.agentsim);
  const summaries = summarize(results);
  const params = derive(summaries, results);
  const envFile = path.join(outDir, 'environment.yaml');
  fs.writeFileSync(envFile, renderEnvironmentFile(params, results));
  const scen = path.join(outDir, 'scenario-with-lab-environment.yaml');
  fs.writeFileSync(scen, renderValidateScenario('environment.yaml'));
  let validate = { ok: false, output: 'agentsim not found: build it (scripts/build.sh) or pass --agentsim' };
  if (agentsim) {
    const r = spawnSync(agentsim, ['validate', scen], { encoding: 'utf8' });
    validate = { ok: r.status === 0, status: r.status, output: ((r.stdout || '') + (r.stderr || '')).trim().slice(0, 2000) };
  }
  const sbs = sideBySide(summaries, outDir, agentsim, results);
  const m19 = versusM19(summaries);
  const obs = observations(summaries);
  const defaults = simDefaults(agentsim);
  const gaps = structuralGaps(summaries, defaults);
  const lab = { schema: 1, provenance: provenance(results), date: results.date, browser: results.browser, host: results.host,
    options: results.options, throughput: results.throughput, scripts: results.scripts, kinds: results.kinds,
    parameters: params, validate, versus_m19: m19, observations: obs, side_by_side: sbs, model_gaps: gaps, cells: summaries };
  fs.writeFileSync(path.join(outDir, 'lab.json'), JSON.stringify(lab, null, 1));
  fs.writeFileSync(path.join(outDir, 'report.html'), render({ results, summaries, params, m19, obs, sbs, validate, defaults, gaps }));
  process.stderr.write(`lab: wrote ${outDir}/report.html, environment.yaml (${params.length} parameters; agentsim validate: ${validate.ok ? 'accepted' : 'NOT accepted'}), lab.json; ` +
    `side by side: ${sbs.error ? 'not run: ' + sbs.error : sbs.rows.length + ' rows, ' + sbs.gaps.length + ' outside the intervals'}; ${gaps.length} model gaps the table cannot show\n`);
  return lab;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (!argv.length || argv[0].startsWith('-')) { process.stderr.write('usage: node analyze.js RESULTS.json [--out DIR] [--agentsim PATH]\n'); process.exit(2); }
  const results = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  const get = (f) => { const i = argv.indexOf(f); return i > 0 ? argv[i + 1] : null; };
  const out = get('--out') || path.dirname(argv[0]);
  fs.mkdirSync(out, { recursive: true });
  analyzeAndWrite(results, out, { agentsim: get('--agentsim') }).then((lab) => { if (!lab.validate.ok) process.exit(4); },
    (e) => { process.stderr.write('lab: ' + (e.stack || e) + '\n'); process.exit(3); });
}

module.exports = { analyzeAndWrite };
