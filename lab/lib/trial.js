'use strict';
// One trial: open the CCP page, give it sticky activation by a real click, execute the close
// kind, wait for late arrivals, and collect what the mock servers received.
const { KINDS } = require('./closekinds');
const browserLib = require('./browser');

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const LOAD_TIMEOUT_MS = 15000;

async function withTimeout(p, ms, what) {
  let timer;
  const guard = new Promise((_, bad) => { timer = setTimeout(() => bad(new Error(what + ': timeout ' + ms + ' ms')), ms); });
  try { return await Promise.race([p, guard]); } finally { clearTimeout(timer); }
}

// cell: {id, strategy | pageScript, kind, post_ms, cfg, activate}; ctx: {server, browser (shared)}
async function runTrial(ctx, cell, trialId) {
  const kind = KINDS[cell.kind];
  const t = { origin: ctx.server.pageOrigin(), ccpOrigin: ctx.server.ccpOrigin(), cfg: cell.cfg || {}, browser: null, page: null, session: null,
    keyLock: ctx.keyLock,
    loads: () => ctx.server.records.filter((r) => r.trial === trialId && r.route === '/ccp.html').length };
  const out = { cell: cell.id, kind: cell.kind, trial: trialId, dialogs: [], crashed: false,
    page_closed: null, activated: null, error: null, close_ms: null };
  ctx.server.setTrial(trialId, Object.assign({ strategy: cell.strategy || null, pageScript: cell.pageScript || null }, cell.cfg || {}));
  let ownBrowser = false;
  const w0 = performance.now();
  try {
    if (kind.fresh) { t.browser = await browserLib.launch(ctx.headless, ctx.puppeteerDefaults); ownBrowser = true; }
    else t.browser = ctx.browser;
    t.page = await t.browser.newPage();
    t.page.on('error', () => { out.crashed = true; });
    const decisionMs = (cell.cfg && cell.cfg.dialog_decision_ms) || 200;
    t.page.on('dialog', (d) => {
      const t0 = ctx.server.closeMarks.get(trialId);
      out.dialogs.push({ type: d.type(), t_ms: t0 === undefined ? null : Math.round(performance.now() - t0) });
      setTimeout(() => { (kind.dialog === 'stay' ? d.dismiss() : d.accept()).catch(() => {}); }, decisionMs);
    });
    await t.page.goto(t.origin + '/ccp.html?trial=' + encodeURIComponent(trialId), { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    await t.page.waitForFunction('window.__labReady === true', { timeout: LOAD_TIMEOUT_MS });
    if (cell.activate !== false) {
      await t.page.click('#activate');
      out.activated = await t.page.evaluate(() => window.__labActivated === true);
    } else out.activated = false;
    await sleep(cell.settle_ms || 30);
    ctx.server.markClose(trialId);
    const c0 = performance.now();
    const closing = kind.close(t).catch((e) => { out.error = 'close: ' + e.message; });
    await withTimeout(closing, 10000, 'close').catch((e) => { out.error = e.message; });
    out.close_ms = Math.round(performance.now() - c0);
    // Probes from a page that is still running (offline) belong to the probe cells only.
    if (kind.during && cell.group === 'probe') await kind.during(t);
    const left = (cell.post_ms || 600) - (performance.now() - c0);
    if (left > 0) await sleep(left);
    if (kind.after) { await kind.after(t); await sleep(cell.after_ms || 300); }
    out.observed_ms = Math.round(performance.now() - c0);
    if (kind.fresh) await sleep(100); // let a killed browser's exit be seen
    try { Object.assign(out, await kind.verify(t, out)); } catch (e) { out.executed = false; out.evidence = 'verify: ' + e.message; }
  } catch (e) {
    out.error = (out.error ? out.error + '; ' : '') + e.message;
  } finally {
    out.page_closed = t.page ? t.page.isClosed() : null;
    if (t.page && !t.page.isClosed()) await withTimeout(t.page.close({ runBeforeUnload: false }), 5000, 'cleanup').catch(() => {});
    if (ownBrowser && t.browser) {
      if (t.browser.connected) await withTimeout(t.browser.close(), 10000, 'browser cleanup').catch(() => {});
      const proc = t.browser.process();
      if (proc && proc.exitCode === null && proc.signalCode === null) { try { proc.kill('SIGKILL'); } catch (e) { /* gone */ } }
    }
  }
  // What the cleanup's own close sends (pagehide, unload, fetchLater of a page still open) is not
  // part of the close kind under test.
  const end = out.observed_ms === undefined ? Infinity : out.observed_ms;
  out.wall_ms = Math.round(performance.now() - w0);
  out.arrivals = ctx.server.arrivals(trialId).filter((a) => a.t_ms === null || a.t_ms <= end);
  ctx.server.forget(trialId);
  return out;
}

module.exports = { runTrial, sleep };
