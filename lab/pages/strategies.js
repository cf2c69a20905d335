// Page-side strategies as real JavaScript, one per building block agentsim simulates, plus the
// lab's probes. Each is installed by boot.js when the trial's config names it; a team's own script
// (--page-script) runs instead, against the same mock `connect` global.
(function () {
  'use strict';
  const LAB = window.__LAB || {};
  const S = {};
  window.__labStrategies = S;

  function qs(tag, extra) {
    const p = new URLSearchParams(Object.assign({ trial: LAB.trial, tag: tag }, extra || {}));
    return p.toString();
  }
  function backendUrl(tag, route) {
    const b = LAB.backend || {};
    const extra = {};
    if (b.latency_ms) extra.latency_ms = String(b.latency_ms);
    if (b.status) extra.status = String(b.status);
    if (b.fault) extra.fault = b.fault;
    return LAB.pageOrigin + (route || '/backend/notify') + '?' + qs(tag, extra);
  }
  function log(tag, msg) {
    try { navigator.sendBeacon(LAB.pageOrigin + '/lab/log?' + qs(tag, { msg: String(msg).slice(0, 300) }), ''); } catch (e) { /* gone */ }
  }
  window.__labLog = log;
  window.addEventListener('error', function (e) { log('script_error', e.message + ' @' + (e.filename || '') + ':' + (e.lineno || '')); });
  window.addEventListener('unhandledrejection', function (e) { log('unhandled_rejection', e.reason); });

  // One notification by a transport; returns a promise for fetch-like transports (else null).
  function send(transport, tag, route) {
    const url = backendUrl(tag, route);
    const body = JSON.stringify({ agent: 'lab', event: tag });
    try {
      if (transport === 'beacon') { if (!navigator.sendBeacon(url, body)) log('beacon_refused', tag); return null; }
      if (transport === 'keepalive') return fetch(url, { method: 'POST', body: body, keepalive: true });
      if (transport === 'fetch') return fetch(url, { method: 'POST', body: body });
      if (transport === 'xhr') {
        const x = new XMLHttpRequest(); x.open('POST', url, true); x.send(body);
        return new Promise(function (ok, bad) { x.onload = ok; x.onerror = bad; });
      }
      if (transport === 'fetchlater') {
        if (typeof window.fetchLater !== 'function') { log('fetchlater_missing', tag); return null; }
        window.fetchLater(url, { method: 'POST', body: body });
        return null;
      }
    } catch (e) { log('send_threw', tag + ' ' + e); }
    return null;
  }
  window.__labSend = send;

  let agent = null;
  connect.agent(function (a) { agent = a; });
  function offlineState() { return agent.getAgentStates().filter(function (s) { return s.name === 'Offline'; })[0]; }
  function setState(tag, callbacks, opts) {
    if (!agent) { log('no_agent', tag); return; }
    connect.__labTag = tag;
    agent.setState(offlineState(), callbacks || {}, opts);
  }
  const ladder = function () { return LAB.offsets || [0, 5, 10, 20, 40, 80, 160, 320, 640]; };

  function heartbeats(ms) {
    let n = 0;
    setInterval(function () { n += 1; send('fetch', 'hb.' + n, '/backend/heartbeat'); }, ms);
  }

  // Every transport once, synchronously inside beforeunload, and one beacon from each later event.
  S.probe = function () {
    if (LAB.fetchLaterAtLoad) send('fetchlater', 'load.fetchlater');
    heartbeats(LAB.heartbeat_ms || 100);
    window.addEventListener('beforeunload', function () {
      ['beacon', 'keepalive', 'fetch', 'xhr'].forEach(function (t) { send(t, 'bu.' + t); });
      setState('bu.setstate');
    });
    window.addEventListener('pagehide', function () { send('beacon', 'pagehide.beacon'); });
    window.addEventListener('unload', function () { send('beacon', 'unload.beacon'); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') send('beacon', 'visibility.beacon');
    });
    document.addEventListener('freeze', function () { send('beacon', 'freeze.beacon'); });
    document.addEventListener('resume', function () { send('beacon', 'resume.beacon'); });
  };
  // Called by the harness after a close that leaves the page running (offline, freeze).
  window.__labProbeAfterClose = function () {
    send('beacon', 'after.beacon'); send('keepalive', 'after.keepalive'); setState('after.setstate');
  };

  // The asynchronous window: a keepalive fetch and a setState started by timers at each offset.
  S.ladder = function () {
    window.addEventListener('beforeunload', function () {
      send('beacon', 'bu.beacon');
      ladder().forEach(function (off) {
        setTimeout(function () { send('keepalive', 'ladder.keepalive.' + off); }, off);
        setTimeout(function () { setState('ladder.setstate.' + off); }, off);
      });
    });
  };

  // A busy handler: a beacon every 100 ms of busy time (how long a blocked handler still sends),
  // then the ladder behind it (does the busy-wait extend the window?).
  S.busy = function () {
    const busy = LAB.busy_ms || 300;
    window.addEventListener('beforeunload', function () {
      const t0 = performance.now();
      let next = 0;
      for (;;) {
        const dt = performance.now() - t0;
        if (dt >= busy) break;
        if (dt >= next) { send('beacon', 'busy.beacon.' + next); next += 100; }
      }
      ladder().forEach(function (off) {
        setTimeout(function () { send('keepalive', 'afterbusy.keepalive.' + off); }, off);
      });
    });
  };

  // A retry after an answer: the first request is answered after the backend's/API's latency.
  S.retry = function () {
    window.addEventListener('beforeunload', function () {
      const p = send('keepalive', 'retry.first');
      if (p) p.then(function () { send('keepalive', 'retry.second'); }, function () { send('keepalive', 'retry.second'); });
      setState('retry.setstate.first', {
        success: function () { setState('retry.setstate.second'); },
        failure: function () { setState('retry.setstate.second'); },
      });
    });
  };

  // --- agentsim's page-side presets -----------------------------------------------------------
  S.none = function () {};
  S.ccp_v2_logout = function () {}; // acts on the Log out button only; a close does nothing
  S.beforeunload_setstate = function () {
    window.addEventListener('beforeunload', function () { setState('offline.setstate.1'); });
  };
  // The preset's retry policy: 3 attempts, exponential backoff from 20 ms capped at 400 ms, full
  // jitter, 100 ms per attempt, no attempt started 200 ms after the close.
  S.beforeunload_retry = function () {
    const p = Object.assign({ max_attempts: 3, base_ms: 20, cap_ms: 400, per_attempt_ms: 100, deadline_ms: 200 }, LAB.retry || {});
    window.addEventListener('beforeunload', function () {
      const t0 = performance.now();
      function attempt(k) {
        let done = false;
        const fail = function () {
          if (done) return; done = true;
          if (k >= p.max_attempts) return;
          const wait = Math.random() * Math.min(p.cap_ms, p.base_ms * Math.pow(2, k - 1));
          setTimeout(function () { if (performance.now() - t0 + 0 <= p.deadline_ms) attempt(k + 1); }, wait);
        };
        setTimeout(fail, p.per_attempt_ms);
        setState('offline.setstate.' + k, { success: function () { done = true; }, failure: fail });
      }
      attempt(1);
    });
  };
  // setState and, while it has not been seen to succeed, the leave-page dialog; after Stay the
  // page retries (3 attempts, exponential from 500 ms capped at 4 s).
  S.beforeunload_confirm = function () {
    let succeeded = false; let dialogs = 0;
    function tryOnce(k) {
      setState('offline.setstate.' + k, {
        success: function () { succeeded = true; },
        failure: function () { if (k < 3) setTimeout(function () { tryOnce(k + 1); }, Math.min(4000, 500 * Math.pow(2, k - 1))); },
      });
    }
    let k = 0;
    window.addEventListener('beforeunload', function (e) {
      k += 1; tryOnce(k);
      if (!succeeded && dialogs < (LAB.max_dialogs || 1)) {
        dialogs += 1; e.preventDefault(); e.returnValue = '';
        // Runs only if the page lives on: after Stay, or while the dialog is up (it blocks script).
        setTimeout(function () { if (!succeeded) { k += 1; tryOnce(k); } }, 500);
      }
    });
  };
  S.put_user_status_backend = function () {
    const t = LAB.transport || 'keepalive';
    window.addEventListener('beforeunload', function () { send(t, 'offline.notify.' + t); });
  };
  // A building block outside the presets: the heartbeat a sweeper watches.
  S.heartbeat = function () { heartbeats(LAB.heartbeat_ms || 100); };
})();
