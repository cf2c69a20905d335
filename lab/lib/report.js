'use strict';
// report.html: self-contained (inline SVG and CSS, no script, no CDN).
const { OFFSETS_MS, PRESETS, PRESET_KINDS, PROBE_KINDS } = require('./plan');

const esc = (s) => String(s === null || s === undefined ? '' : s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const pct = (x) => (x === null || x === undefined ? '–' : (x * 100).toFixed(x === 0 || x === 1 ? 0 : 1) + ' %');
const ci = (r) => (r ? `${pct(r.rate)} [${pct(r.lo)}, ${pct(r.hi)}]` : '–');
const kn = (r) => (r ? `${r.k}/${r.n}` : '–');
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

// Delivery by offset: one line per close kind, Wilson bars; x is the ladder's rung (0, 5, ... 640).
function ladderChart(summaries, prefix, title) {
  const cells = summaries.filter((c) => c.group === 'ladder' && c.trials);
  const W = 700; const H = 300; const L = 50; const R = 210; const T = 30; const B = 40;
  const x = (i) => L + (i * (W - L - R)) / (OFFSETS_MS.length - 1);
  const y = (p) => T + (1 - p) * (H - T - B);
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`;
  s += `<text x="${L}" y="18" font-size="14" font-weight="bold">${esc(title)}</text>`;
  for (const p of [0, 0.25, 0.5, 0.75, 1]) s += `<line x1="${L}" x2="${W - R}" y1="${y(p)}" y2="${y(p)}" stroke="#ddd"/><text x="${L - 6}" y="${y(p) + 4}" font-size="11" text-anchor="end">${p * 100}%</text>`;
  OFFSETS_MS.forEach((o, i) => { s += `<text x="${x(i)}" y="${H - B + 16}" font-size="11" text-anchor="middle">${o}</text>`; });
  s += `<text x="${(L + W - R) / 2}" y="${H - 6}" font-size="11" text-anchor="middle">timer offset after beforeunload (ms)</text>`;
  cells.forEach((c, ci2) => {
    const col = COLORS[ci2 % COLORS.length];
    const pts = OFFSETS_MS.map((o, i) => ({ i, r: c.rates[prefix + o] })).filter((p) => p.r && p.r.n);
    s += `<polyline fill="none" stroke="${col}" stroke-width="2" points="${pts.map((p) => `${x(p.i) + ci2 * 2},${y(p.r.rate)}`).join(' ')}"/>`;
    for (const p of pts) {
      const xx = x(p.i) + ci2 * 2;
      s += `<line x1="${xx}" x2="${xx}" y1="${y(p.r.lo)}" y2="${y(p.r.hi)}" stroke="${col}" opacity="0.6"/><circle cx="${xx}" cy="${y(p.r.rate)}" r="3" fill="${col}"><title>${esc(c.kind)} ${esc(p.r.k)}/${esc(p.r.n)}</title></circle>`;
    }
    s += `<rect x="${W - R + 10}" y="${T + ci2 * 18}" width="12" height="12" fill="${col}"/><text x="${W - R + 28}" y="${T + ci2 * 18 + 10}" font-size="11">${esc(c.id.replace('ladder', '').replace(/^\//, '').replace('_next_200ms/', 'next 200 ms, '))} (n=${c.trials})</text>`;
  });
  return s + '</svg>';
}

// Delivery by close kind: horizontal bars with Wilson whiskers; a header line per kind, a bar per series.
function barChart(title, groups, seriesNames) {
  const rowH = 14; const gap = 8; const L = 190; const W = 860; const R = 60;
  const legend = []; let lx = 4; let ly = 0;
  for (const n of seriesNames) { const w = 24 + n.length * 6.5; if (lx + w > W) { lx = 4; ly += 16; } legend.push({ n, x: lx, y: ly }); lx += w; }
  const rows = groups.reduce((s, g) => s + g.values.length + 1, 0);
  const top = 34 + ly + 20;
  const H = top + rows * rowH + groups.length * gap + 30;
  const x = (p) => L + p * (W - L - R);
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`;
  s += `<text x="4" y="18" font-size="14" font-weight="bold">${esc(title)}</text>`;
  s += `<g font-size="11">${legend.map((l) => `<rect x="${l.x}" y="${26 + l.y}" width="10" height="10" fill="${COLORS[seriesNames.indexOf(l.n) % COLORS.length]}"/><text x="${l.x + 14}" y="${35 + l.y}">${esc(l.n)}</text>`).join('')}</g>`;
  for (const p of [0, 0.25, 0.5, 0.75, 1]) s += `<line x1="${x(p)}" x2="${x(p)}" y1="${top}" y2="${H - 24}" stroke="#ddd"/><text x="${x(p)}" y="${H - 10}" font-size="11" text-anchor="middle">${p * 100}%</text>`;
  let yy = top;
  for (const g of groups) {
    s += `<text x="4" y="${yy + 11}" font-size="12" font-weight="bold">${esc(g.label)}</text>`;
    yy += rowH;
    for (const v of g.values) {
      const col = COLORS[seriesNames.indexOf(v.series) % COLORS.length];
      s += `<text x="${L - 6}" y="${yy + 11}" font-size="10" text-anchor="end" fill="#444">${esc(v.series)}</text>`;
      if (v.r && v.r.n) {
        s += `<rect x="${L}" y="${yy + 2}" width="${Math.max(1, x(v.r.rate) - L)}" height="${rowH - 4}" fill="${col}"><title>${esc(g.label)} ${esc(v.series)}: ${v.r.k}/${v.r.n}</title></rect>`;
        s += `<line x1="${x(v.r.lo)}" x2="${x(v.r.hi)}" y1="${yy + rowH / 2}" y2="${yy + rowH / 2}" stroke="#000"/>`;
        s += `<text x="${W - R + 6}" y="${yy + 11}" font-size="10">${v.r.k}/${v.r.n}</text>`;
      }
      yy += rowH;
    }
    yy += gap;
  }
  return s + '</svg>';
}

function table(head, rows) {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function render(a) {
  const { results, summaries, params, m19, obs, sbs, validate, defaults, gaps } = a;
  const S = (id) => summaries.find((c) => c.id === id);
  const probeTags = ['bu.beacon', 'bu.keepalive', 'bu.fetch', 'bu.setstate', 'pagehide.beacon', 'visibility.beacon', 'load.fetchlater'];
  const probeGroups = PROBE_KINDS.filter((k) => S('probe/' + k) && S('probe/' + k).trials).map((k) => ({ label: k, values: probeTags.map((t) => ({ series: t, r: S('probe/' + k).rates[t] })) }));
  const presetKinds = PRESET_KINDS.concat(['dialog_leave', 'dialog_stay']);
  const presetGroups = presetKinds.map((k) => ({ label: k, values: PRESETS.map((p) => ({ series: p, r: S(p + '/' + k) ? S(p + '/' + k).rates.offline : null })).filter((v) => v.r) })).filter((g) => g.values.length);
  const scripts = results.scripts.map((s) => s.name);
  const scriptRows = scripts.map((name) => {
    const cells = PRESET_KINDS.map((k) => S(name + '/' + k));
    const errs = new Set(); cells.forEach((c) => c && Object.keys(c.page_logs).forEach((l) => errs.add(l)));
    return [esc(name)].concat(cells.map((c) => (c ? esc(kn(c.rates.offline)) : '–')), [esc([...errs].join('; ') || 'none')]);
  });
  const t = results.throughput;
  const b = results.browser;
  let h = `<!doctype html><html><head><meta charset="utf-8"><title>agentsim browser lab</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:8px 0 18px}td,th{border:1px solid #ccc;padding:3px 6px;font-size:12px;vertical-align:top}
th{background:#f3f3f3;text-align:left}.gap{background:#fde2e2}.ok{background:#e6f4e6}code{font-size:12px}
h2{margin-top:28px;border-bottom:1px solid #ddd}.small{font-size:12px;color:#555}</style></head><body>`;
  h += `<h1>agentsim browser lab</h1><p>${esc(b.version)} (<code>${esc(b.executable)}</code>), ${b.headless ? 'headless' : 'headed'}, ${esc(results.host.os)}, ${results.host.cpus} CPUs, ${esc(results.date)}.<br>
${t.trials} trials in ${t.wall_s} s: <b>${t.trials_per_min} trials/min</b> (concurrency ${results.options.concurrency}; ${results.options.trials} trials per cell, ${results.options.fresh_trials} for a close that ends the browser).</p>`;
  h += '<h2>Against the fact sheet\'s first measurement [M 19]</h2>' + table(['observation', '[M 19]', 'lab', 'lab cells', 'intervals overlap'],
    m19.map((r) => [esc(r.what), `${kn(r.m19)} ${ci(r.m19)}`, r.lab ? `${kn(r.lab)} ${ci(r.lab)}` : 'not run', esc(r.cells), r.agrees === null ? '–' : r.agrees ? 'yes' : '<b>no</b>']));
  h += '<h2>Delivery by offset</h2>' + ladderChart(summaries, 'ladder.keepalive.', 'keepalive fetch started by a timer after beforeunload') +
    ladderChart(summaries, 'ladder.setstate.', 'Streams setState (page -> iframe -> SharedWorker -> fetch) started by a timer');
  h += '<h2>Delivery by close kind</h2>' + barChart('probes: what reaches the servers, per close kind (95 % Wilson)', probeGroups, probeTags);
  h += barChart('page-side presets: Offline reached (setState at the API, or the backend notified)', presetGroups, PRESETS);
  h += '<h2>Other observations</h2>' + table(['observation', 'trials', 'rate [95 % CI]', 'note'], obs.map((o) => [esc(o.what), kn(o), ci(o), esc(o.note)]));
  h += '<h2>Parameters written to environment.yaml</h2>' + table(['parameter', 'measured', 'simulator default', 'how'],
    params.map((p) => [`<code>${esc(p.name)}</code>`, esc(p.value) + (p.lower_bound ? ' (lower bound)' : ''), esc(defaults[p.name] || '?'), esc(p.how)]));
  h += `<p class="small">agentsim validate of a scenario including it: <b>${esc(validate.ok ? 'accepted' : 'REFUSED')}</b> ${esc(validate.output || '')}</p>`;
  h += '<h2>Simulator vs browser</h2>';
  if (sbs.error) h += `<p><b>not run:</b> ${esc(sbs.error)}</p>`;
  else {
    h += `<p class="small">${esc(sbs.command)}</p>` + table(['preset', 'lab cell', 'simulator close kind', 'lab Offline', 'simulator (offline_rate; spurious_offline_rate on a reload)', ''],
      sbs.rows.map((r) => [esc(r.preset), esc(r.cell), esc(r.sim_kind), `${kn(r.lab)} ${ci(r.lab)}`, `${pct(r.sim.estimate)} [${pct(r.sim.lo)}, ${pct(r.sim.hi)}] (${r.sim.sessions} sessions)`, r.gap ? '<b>model gap</b>' : 'agree']).map((row, i) => row));
    h += '<h3>Model gaps</h3>' + (sbs.gaps.length ? '<ul>' + sbs.gaps.map((g) => `<li>${esc(g.cell)} (simulator ${esc(g.preset)}, ${esc(g.sim_kind)}): lab ${kn(g.lab)} ${ci(g.lab)}, simulator ${pct(g.sim.estimate)} [${pct(g.sim.lo)}, ${pct(g.sim.hi)}]</li>`).join('') + '</ul>' : '<p>none: every row\'s intervals overlap.</p>');
  }
  h += '<h3>Model gaps the table cannot show</h3>' + (gaps.length ? '<ul>' + gaps.map((g) => `<li>${esc(g)}</li>`).join('') + '</ul>' : '<p>none found.</p>');
  h += '<h2>The seed\'s handler and the team\'s scripts</h2>' + table(['script'].concat(PRESET_KINDS, ['page errors']), scriptRows);
  h += '<h2>Close kinds</h2>' + table(['kind', 'how the lab executes it', 'simulator kind'], Object.entries(results.kinds).map(([k, v]) => [esc(k), esc(v.what), esc(v.sim || '–')]));
  h += '<h2>Every cell</h2>' + table(['cell', 'trials', 'errors', 'crashed', 'dialogs', 'delivered tags (k/n, median ms after the close)'],
    summaries.map((c) => [esc(c.id), c.trials, c.error_count ? esc(c.error_count + ': ' + c.errors.join('; ')) : '0', c.crashed, c.dialogs_shown,
      esc(Object.entries(c.rates).map(([tag, r]) => `${tag} ${r.k}/${r.n}${r.t_median_ms !== null ? ' @' + r.t_median_ms : ''}`).join(' · '))]));
  h += `<p class="small">Launch flags: <code>${esc(b.args.join(' '))}</code></p></body></html>\n`;
  return h;
}

module.exports = { render };
