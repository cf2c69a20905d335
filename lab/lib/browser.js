'use strict';
// Launching Debian's Chromium through puppeteer-core (never a downloaded browser).
const puppeteer = require('puppeteer-core');

const EXECUTABLE = process.env.AGENTSIM_LAB_CHROMIUM || '/usr/bin/chromium';
// Puppeteer's defaults disable the back/forward cache and the hang monitor; a person's browser has
// both (the hang monitor is what bounds a busy beforeunload handler), so both are kept on.
const IGNORED_DEFAULT_ARGS = ['--disable-back-forward-cache', '--disable-hang-monitor'];
const EXTRA_ARGS = ['--no-sandbox', '--disable-dev-shm-usage'];

async function launch(headless = true) {
  return puppeteer.launch({
    executablePath: EXECUTABLE, headless, args: EXTRA_ARGS,
    ignoreDefaultArgs: IGNORED_DEFAULT_ARGS, protocolTimeout: 30000,
  });
}

// The launch as the report records it: version, mode and the flags the browser really got.
async function describe(browser, headless) {
  const version = await browser.version();
  const args = browser.process() ? browser.process().spawnargs.slice(1) : [];
  return { executable: EXECUTABLE, version, headless, args };
}

module.exports = { launch, describe, EXECUTABLE };
