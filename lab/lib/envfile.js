'use strict';
// The environment file (the kind `agentsim conform` writes: measured_from + environment), and the
// scenarios that include it: one to validate, and the side-by-side suite the simulator runs.
const { PRESETS, API_LATENCY_MS, BACKEND_LATENCY_MS } = require('./plan');

function provenance(results) {
  const b = results.browser;
  return `agentsim lab: ${b.version} (${b.executable}), ${b.headless ? 'headless' : 'headed'}, ` +
    `${results.host.os || results.host.platform}, ${results.options.trials} trials per cell ` +
    `(${results.options.fresh_trials} for a close that ends the browser), ${results.date.slice(0, 10)}`;
}

function renderEnvironmentFile(params, results) {
  const from = provenance(results).replace(/["\\]/g, '');
  let out = '# agentsim environment file: page-side parameters measured by the browser lab (lab/, scripts/lab.sh)\n' +
    '# in a real Chromium. A scenario includes it with `environment_file: <path>` (relative to the\n' +
    '# scenario file); its values override the defaults, the scenario\'s own `environment:` overrides them.\n' +
    '# Every value below is measured: the comment says from which lab cells and how.\n';
  out += `measured_from: "${from}"\n`;
  out += 'environment:\n';
  if (!params.length) out += '  {}\n';
  for (const p of params) {
    out += `  ${p.name}: ${p.value}  # measured: ${p.how.replace(/\n/g, ' ')} [${p.from}]\n`;
  }
  return out;
}

// The lab's own setup, which the simulator must share for a fair comparison: the mock API answers
// every call (no 5xx, 429, timeout or lost answer) after the lab's latency; no ad blocker; the
// agent is idle; the confirm dialog is shown (the lab's click) and answered after 200 ms.
const LAB_SETUP = {
  api_5xx_prob: 0, api_429_prob: 0, api_timeout_prob: 0, api_lost_response_prob: 0,
  beacon_blocked_prob: 0, heartbeat_loss_prob: 0,
  setstate_latency_median_ms: API_LATENCY_MS, setstate_latency_p99_ms: API_LATENCY_MS + 1,
  backend_notify_latency_median_ms: BACKEND_LATENCY_MS, backend_notify_latency_p99_ms: BACKEND_LATENCY_MS + 1,
  sticky_activation_prob: 1, dialog_stay_prob: 0, dialog_decision_median_ms: 200, dialog_decision_p99_ms: 201,
};

function yamlMap(m) { return '{' + Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(', ') + '}'; }

// scenarios: [{name, strategy, close_kind, environment?}]
function renderSuite(scenarios, envFileName, sessions) {
  let out = '# The side-by-side suite the lab writes: each page-side preset under each close kind the lab\n' +
    '# executed, with the lab\'s environment file and the lab\'s setup (faultless mock API, idle agent).\n' +
    'suite: lab-side-by-side\n';
  out += 'scenarios:\n';
  for (const s of scenarios) {
    out += `  - name: "${s.name}"\n    strategy: ${s.strategy}\n    close_kind: ${s.close_kind}\n    pre_close: idle\n` +
      `    sessions: ${sessions}\n    environment_file: ${envFileName}\n    environment: ${yamlMap(Object.assign({}, LAB_SETUP, s.environment || {}))}\n`;
  }
  return out;
}

function renderValidateScenario(envFileName) {
  return '# A scenario that includes the lab\'s environment file: `agentsim validate` must accept it.\n' +
    'name: the seed\'s code under the lab\'s measured page-side environment\n' +
    'strategy: beforeunload_setstate\n' +
    `environment_file: ${envFileName}\n` +
    'expect:\n  - ghost_rate <= 0.05\n';
}

module.exports = { renderEnvironmentFile, renderSuite, renderValidateScenario, LAB_SETUP, PRESETS, provenance };
