'use strict';
// Launching Debian's Chromium through puppeteer-core (never a downloaded browser).
const puppeteer = require('puppeteer-core');

const EXECUTABLE = process.env.AGENTSIM_LAB_CHROMIUM || '/usr/bin/chromium';
// Puppeteer's defaults disable the back/forward cache and the hang monitor; a person's browser has
// both (the hang monitor is what bounds a busy beforeunload handler), so both are kept on.
const IGNORED_DEFAULT_ARGS = ['--disable-back-forward-cache', '--disable-hang-monitor'];
const EXTRA_ARGS = ['--no-sandbox', '--disable-dev-shm-usage'];

// puppeteerDefaults: keep puppeteer's flags as they are (bfcache and hang monitor off), the setup
// of the fact sheet's first measurement [M 19], to compare with it.
async function launch(headless = true, puppeteerDefaults = false) {
  return puppeteer.launch({
    executablePath: EXECUTABLE, headless, args: EXTRA_ARGS,
    ignoreDefaultArgs: puppeteerDefaults ? [] : IGNORED_DEFAULT_ARGS, protocolTimeout: 30000,
  });
}

// The launch as the report records it: version, mode and the flags the browser really got.
async function describe(browser, headless, puppeteerDefaults = false) {
  const version = await browser.version();
  const args = browser.process() ? browser.process().spawnargs.slice(1) : [];
  return { executable: EXECUTABLE, version, headless, puppeteer_defaults: puppeteerDefaults, args };
}

module.exports = { launch, describe, EXECUTABLE };
