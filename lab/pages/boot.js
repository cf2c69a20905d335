// Runs last: starts the mock CCP, installs the trial's strategy, and tells the harness when the
// agent object is there. The #activate button gives the page sticky user activation when the
// harness clicks it (a real input event).
(function () {
  'use strict';
  const LAB = window.__LAB || {};
  connect.core.initCCP(document.getElementById('ccp'), { ccpUrl: LAB.ccpOrigin + '/ccp-frame.html' });
  if (LAB.strategy) {
    const install = window.__labStrategies[LAB.strategy];
    if (!install) window.__labLog('unknown_strategy', LAB.strategy); else install();
  }
  connect.agent(function () { window.__labReady = true; });
  document.getElementById('activate').addEventListener('click', function () {
    window.__labActivated = navigator.userActivation ? navigator.userActivation.hasBeenActive : true;
  });
})();
