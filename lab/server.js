'use strict';
// The lab's loopback server: the CCP-shaped pages, a mock Connect API (the setState endpoint the
// mock Streams worker calls) and a mock team backend (the notify endpoint for fetch, keepalive,
// sendBeacon and fetchLater). It records every request with its arrival time on the harness's
// monotonic clock, so an arrival can be put relative to the close the harness marked.
//
// Two loopback addresses, one handler: the team's page is served from 127.0.0.1 and the CCP iframe,
// its shared worker and the Connect API from 127.0.0.2 — another site, as the real CCP
// (*.my.connect.aws) is to a team's page, so Chromium puts the iframe in its own renderer.
//
// Faults are injected per request by query parameters the page copies from its trial's config:
//   latency_ms=N   answer after N ms          status=N   answer with this HTTP status (5xx, 429)
//   fault=timeout  never answer (the socket is held until the trial ends)
//   fault=lost     record the request, then destroy the socket without an answer

const http = require('http');
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const PAGE_HOST = '127.0.0.1';
const CCP_HOST = '127.0.0.2';
const PAGES_DIR = path.join(__dirname, 'pages');
const MAX_BODY_BYTES = 64 * 1024;
const MAX_RECORDS = 1000000;

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

class LabServer {
  constructor() {
    this.records = [];          // {trial, route, tag, method, t_ms, via}
    this.closeMarks = new Map(); // trial -> monotonic ms of the close
    this.trialConfig = new Map();
    this.pageScripts = new Map(); // name -> source text
    this.held = new Set();        // sockets of requests answered with fault=timeout
    this.servers = [];
    this.port = 0;
  }

  // Starts both listeners on one port number. Resolves with the port.
  async start() {
    const handler = (req, res) => this.handle(req, res);
    const first = http.createServer(handler);
    await new Promise((ok, bad) => first.once('error', bad).listen(0, PAGE_HOST, ok));
    this.port = first.address().port;
    const second = http.createServer(handler);
    await new Promise((ok, bad) => second.once('error', bad).listen(this.port, CCP_HOST, ok));
    this.servers = [first, second];
    for (const s of this.servers) s.keepAliveTimeout = 5000;
    return this.port;
  }

  async stop() {
    for (const sock of this.held) sock.destroy();
    this.held.clear();
    await Promise.all(this.servers.map((s) => new Promise((ok) => {
      s.closeAllConnections?.();
      s.close(() => ok());
    })));
  }

  pageOrigin() { return `http://${PAGE_HOST}:${this.port}`; }
  ccpOrigin() { return `http://${CCP_HOST}:${this.port}`; }

  setTrial(trial, config) { this.trialConfig.set(trial, config); }
  markClose(trial) { this.closeMarks.set(trial, performance.now()); }
  // Every request recorded for a trial, with t_ms relative to the trial's close (negative: before).
  arrivals(trial) {
    const t0 = this.closeMarks.get(trial);
    return this.records.filter((r) => r.trial === trial).map((r) => ({
      route: r.route, tag: r.tag, state: r.state, msg: r.msg || undefined, method: r.method, via: r.via, status: r.status,
      t_ms: t0 === undefined ? null : Math.round((r.t_ms - t0) * 10) / 10,
    }));
  }
  forget(trial) {
    this.records = this.records.filter((r) => r.trial !== trial);
    this.closeMarks.delete(trial);
    this.trialConfig.delete(trial);
  }

  record(req, url, via) {
    if (this.records.length >= MAX_RECORDS) throw new Error('lab server: record limit reached');
    const rec = {
      trial: url.searchParams.get('trial') || '', route: url.pathname,
      tag: url.searchParams.get('tag') || '', state: url.searchParams.get('state') || '',
      msg: url.searchParams.get('msg') || '', method: req.method, t_ms: performance.now(), via,
      status: null, // the HTTP status the mock answered (0: no answer, fault=timeout or lost)
    };
    this.records.push(rec);
    return rec;
  }

  handle(req, res) {
    const url = new URL(req.url, `http://${req.headers.host}`);
    // Connect API and backend: record at arrival of the request line and headers (the moment the
    // request left the browser), before the body: a beacon's body may not matter for delivery.
    if (url.pathname === '/connect/setState' || url.pathname === '/backend/notify' ||
        url.pathname === '/backend/heartbeat' || url.pathname === '/lab/log') {
      const rec = this.record(req, url, req.headers['sec-fetch-mode'] || '');
      let size = 0;
      req.on('data', (chunk) => { size += chunk.length; if (size > MAX_BODY_BYTES) req.destroy(); });
      req.on('end', () => this.answer(req, res, url, rec));
      req.on('error', () => {});
      return;
    }
    if (url.pathname === '/ccp.html') { this.record(req, url, 'page'); return this.ccpPage(res, url); }
    if (url.pathname.startsWith('/team-script/')) {
      const src = this.pageScripts.get(decodeURIComponent(url.pathname.slice('/team-script/'.length)));
      if (src === undefined) { res.writeHead(404); return res.end(); }
      res.writeHead(200, { 'content-type': MIME['.js'], 'cache-control': 'no-store' });
      return res.end(src);
    }
    const file = path.join(PAGES_DIR, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(PAGES_DIR) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404); return res.end('not found');
    }
    const send = () => {
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store' });
      fs.createReadStream(file).pipe(res);
    };
    const latency = Math.min(Number(url.searchParams.get('latency_ms') || 0), 60000);
    if (latency > 0) setTimeout(send, latency); else send();
  }

  answer(req, res, url, rec) {
    const latency = Math.min(Number(url.searchParams.get('latency_ms') || 0), 60000);
    let status = Number(url.searchParams.get('status') || 200);
    // A live contact: Streams refuses a setState without enqueueNextState [AC S 2].
    if (url.searchParams.get('on_call') === '1' && url.searchParams.get('enqueue') !== '1') status = 400;
    const fault = url.searchParams.get('fault') || '';
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    // The Connect API is cross-origin to the team's page but same-origin to the CCP worker; the
    // backend is same-origin to the page. CORS headers anyway, so a team's script may call either.
    headers['access-control-allow-origin'] = '*';
    rec.status = fault ? 0 : status;
    if (fault === 'lost') { req.socket.destroy(); return; }
    if (fault === 'timeout') { this.held.add(req.socket); req.socket.on('close', () => this.held.delete(req.socket)); return; }
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(status, headers);
      res.end(JSON.stringify({ ok: status < 400 }));
    }, latency);
  }

  // The team's page: its trial's config inline, then the mock Streams library, then either the
  // lab's strategy or the team's own script.
  ccpPage(res, url) {
    const trial = url.searchParams.get('trial') || '';
    const cfg = this.trialConfig.get(trial);
    if (!cfg) { res.writeHead(404); return res.end('unknown trial'); }
    const full = { ...cfg, trial, ccpOrigin: this.ccpOrigin(), pageOrigin: this.pageOrigin() };
    const team = cfg.pageScript
      ? `<script src="/team-script/${encodeURIComponent(cfg.pageScript)}"></script>`
      : '';
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>CCP lab ${trial}</title>
<script>window.__LAB = ${JSON.stringify(full).replace(/</g, '\\u003c')};</script>
<script src="/streams-mock.js"></script>
<script src="/strategies.js"></script>
${team}
</head><body><h1>CCP lab</h1><button id="activate">I am the agent</button><div id="ccp"></div>
<script src="/boot.js"></script></body></html>`;
    res.writeHead(200, { 'content-type': MIME['.html'], 'cache-control': 'no-store' });
    res.end(html);
  }
}

module.exports = { LabServer, PAGE_HOST, CCP_HOST };
