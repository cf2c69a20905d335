'use strict';
// The close kinds, each executed for real by the closest faithful mechanism available.
// `fresh`: the kind ends the browser, so its trial launches its own; the others reuse one browser.
// `sim`: the simulator's close kind it stands for (agentsim list: close_weight_*), or null.

// Each kind's evidence that it really happened (the ctest label `lab` asserts it), run after the
// observation window.
// A tab closed with runBeforeUnload goes when its handlers have run, which a loaded machine may
// put after the observation window: wait for it, up to 5 s, and say how long.
async function closedTab(t) {
  const start = Date.now();
  while (!t.page.isClosed() && Date.now() - start < 5000) await new Promise((ok) => setTimeout(ok, 20));
  const late = Date.now() - start;
  return { executed: t.page.isClosed(), evidence: 'page closed ' + t.page.isClosed() + (late >= 20 ? ' (' + late + ' ms after the window)' : '') };
}
const crashedRenderer = (t, o) => ({ executed: o.crashed, evidence: o.crashed ? 'puppeteer reported the page crashed' : 'no crash reported' });
const quitBrowser = (t) => ({ executed: !t.browser.connected, evidence: 'browser connected ' + t.browser.connected });
const killedBrowser = (t) => {
  const p = t.browser.process();
  return { executed: !!p && p.signalCode === 'SIGKILL', evidence: 'browser process ' + (p ? 'signal ' + p.signalCode + ', exit ' + p.exitCode : 'unknown') };
};

// A real key press through the X server (xdotool's XTEST), to the tab brought to the front. One
// at a time (t.keyLock): all tabs share the window, and Ctrl+W closes whichever is in front.
async function realKeys(t, keys) {
  const { execFileSync } = require('child_process');
  await t.keyLock(async () => {
    await t.page.bringToFront();
    execFileSync('xdotool', ['mousemove', '300', '300']);
    execFileSync('xdotool', ['key', '--clearmodifiers', keys]);
    await new Promise((ok) => setTimeout(ok, 150));
  });
}

async function cdp(t) { if (!t.session) t.session = await t.page.createCDPSession(); return t.session; }

const KINDS = {
  tab_close: { fresh: false, sim: 'tab_close', verify: closedTab, what: 'page.close({runBeforeUnload: true}) on one tab of a running browser',
    close: async (t) => { await t.page.close({ runBeforeUnload: true }); } },
  // Headed only (--headed, under Xvfb): Ctrl+W pressed for real, as a person closes a tab.
  key_ctrl_w: { fresh: false, sim: 'tab_close', headedOnly: true, verify: closedTab,
    what: 'Ctrl+W pressed for real (xdotool, XTEST) on the tab in front: headed under Xvfb only',
    close: async (t) => { await realKeys(t, 'ctrl+w'); } },
  navigate: { fresh: false, sim: 'reload', verify: (t) => ({ executed: t.page.url().endsWith('/blank.html'), evidence: 'url ' + t.page.url() }), what: 'page.goto() to another page of the same server (browser-initiated, like typing a URL)',
    close: async (t) => { await t.page.goto(t.origin + '/blank.html', { waitUntil: 'load', timeout: 10000 }); } },
  // Navigation to another site (the CCP origin, 127.0.0.2): the new document commits in another
  // renderer, after its response; the response is delayed by the lab's page_latency_ms.
  navigate_cross_site: { fresh: false, sim: 'reload', verify: (t) => ({ executed: t.page.url().includes('/blank.html'), evidence: 'url ' + t.page.url() }),
    what: 'page.goto() to another site (127.0.0.2), whose page answers after page_latency_ms',
    close: async (t) => { await t.page.goto(t.ccpOrigin + '/blank.html?latency_ms=' + (t.cfg.page_latency_ms || 0), { waitUntil: 'load', timeout: 10000 }); } },
  reload: { fresh: false, sim: 'reload', verify: (t) => ({ executed: t.loads() >= 2, evidence: t.loads() + ' loads of the CCP page' }), what: 'page.reload()',
    close: async (t) => { await t.page.reload({ waitUntil: 'load', timeout: 10000 }); } },
  crash: { fresh: false, sim: 'crash', verify: crashedRenderer, what: 'CDP Page.crash: the renderer of the page dies (the CCP iframe is another site, another renderer)',
    // Page.crash never answers (the renderer is gone): wait for puppeteer's 'error' event instead.
    close: async (t) => {
      const s = await cdp(t);
      const crashed = new Promise((ok) => t.page.once('error', ok));
      s.send('Page.crash').catch(() => {});
      await Promise.race([crashed, new Promise((ok) => setTimeout(ok, 3000))]);
    } },
  // CDP Browser.close runs no beforeunload (only visibilitychange): a program ending the browser,
  // as an OS shutdown or logoff does, not a person's quit (last_tab_close is that).
  browser_quit: { fresh: true, sim: 'os_shutdown', verify: quitBrowser, what: 'browser.close(): CDP Browser.close on the browser with the one CCP tab (runs no beforeunload)',
    close: async (t) => { await t.browser.close(); } },
  // A person closing the browser's last window: Chrome runs beforeunload, the window closes and the
  // browser exits. Headless keeps running without windows, so the harness quits it (Browser.close)
  // as soon as the tab's target is gone.
  last_tab_close: { fresh: true, sim: 'browser_quit', verify: async (t, o) => { const a = await closedTab(t, o); const b = quitBrowser(t, o); return { executed: a.executed && b.executed, evidence: a.evidence + ', ' + b.evidence }; }, what: 'page.close({runBeforeUnload: true}) on the only tab, then browser.close() once its target is gone (closing the last window)',
    close: async (t) => {
      const gone = new Promise((ok) => t.page.once('close', ok));
      await t.page.close({ runBeforeUnload: true });
      await Promise.race([gone, new Promise((ok) => setTimeout(ok, 2000))]);
      await t.browser.close();
    } },
  sigkill: { fresh: true, sim: 'os_shutdown', verify: killedBrowser, what: 'SIGKILL to the browser process (its children die with their pipe)',
    close: async (t) => { process.kill(t.browser.process().pid, 'SIGKILL'); } },
  // No probe while frozen: CDP's Runtime.evaluate runs script even in a frozen page, which the
  // page itself could not (a first run delivered such probes: a lab artefact).
  freeze: { fresh: false, sim: null, verify: (t) => ({ executed: t.frozen === true, evidence: 'Page.setWebLifecycleState frozen ' + (t.frozen ? 'answered' : 'failed') }), what: 'CDP Page.setWebLifecycleState frozen for the observation, then active again',
    close: async (t) => { const s = await cdp(t); await s.send('Page.setWebLifecycleState', { state: 'frozen' }); t.frozen = true; },
    after: async (t) => { const s = await cdp(t); await s.send('Page.setWebLifecycleState', { state: 'active' }).catch(() => {}); } },
  // CDP has no discard. A discarded (or OS-killed background) tab is frozen and then goes without
  // any event: frozen, then its renderer killed. (Closing the frozen target instead, a first try,
  // ran pagehide and unload, which a discard does not.)
  discard: { fresh: false, sim: 'mobile_kill', verify: crashedRenderer, what: 'frozen (Page.setWebLifecycleState), then its renderer killed (Page.crash): CDP has no discard',
    close: async (t) => {
      const s = await cdp(t); await s.send('Page.setWebLifecycleState', { state: 'frozen' });
      await new Promise((ok) => setTimeout(ok, 50));
      const crashed = new Promise((ok) => t.page.once('error', ok));
      s.send('Page.crash').catch(() => {});
      await Promise.race([crashed, new Promise((ok) => setTimeout(ok, 3000))]);
    } },
  offline: { fresh: false, sim: 'sleep', verify: (t) => ({ executed: t.onLine === false, evidence: 'navigator.onLine ' + t.onLine }), what: 'CDP Network.emulateNetworkConditions offline on the page, probes from the page while offline, then online again',
    close: async (t) => {
      const s = await cdp(t);
      await s.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      t.onLine = await t.page.evaluate(() => navigator.onLine).catch(() => null);
    },
    during: async (t) => { await t.page.evaluate(() => window.__labProbeAfterClose()).catch(() => {}); },
    after: async (t) => {
      const s = await cdp(t);
      await s.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }).catch(() => {});
    } },
  dialog_leave: { fresh: false, sim: 'tab_close', dialog: 'leave', verify: async (t, o) => { const c = await closedTab(t, o); return { executed: o.dialogs.length > 0 && c.executed, evidence: o.dialogs.length + ' dialogs, ' + c.evidence }; }, what: 'tab close; the leave-page dialog answered Leave (dialog.accept()) after the decision time',
    close: async (t) => { await t.page.close({ runBeforeUnload: true }); } },
  dialog_stay: { fresh: false, sim: null, dialog: 'stay', verify: (t, o) => ({ executed: o.dialogs.length > 0 && !t.page.isClosed(), evidence: o.dialogs.length + ' dialogs, page closed ' + t.page.isClosed() }), what: 'tab close; the leave-page dialog answered Stay (dialog.dismiss()); the page lives on',
    close: async (t) => { await t.page.close({ runBeforeUnload: true }); } },
};

module.exports = { KINDS };
