// The CCP's SharedWorker: holds the agent snapshot and calls the mock Connect API with fetch.
'use strict';
const q = new URLSearchParams(self.location.search);
const trial = q.get('trial');
const api = JSON.parse(q.get('api') || '{}');
const snapshot = { state: { agentStateARN: 'arn:lab:agent-state/available', type: 'routable', name: 'Available' } };
const ports = new Set();
let attempt = 0;

function apiUrl(m) {
  attempt += 1;
  const p = new URLSearchParams({ trial, tag: m.tag, state: m.state.name,
    enqueue: m.enqueueNextState ? '1' : '0' });
  if (api.latency_ms) p.set('latency_ms', String(api.latency_ms));
  if (api.on_call) p.set('on_call', '1');
  // fail_first: the first N attempts answer with status (default 503), later ones succeed.
  // fail_prob: each attempt independently answered 503 with this probability (api_5xx_prob).
  if (api.fail_prob && Math.random() < api.fail_prob) p.set('status', '503');
  else if (api.fail_first && attempt <= api.fail_first) p.set('status', String(api.status || 503));
  else if (api.status && !api.fail_first) p.set('status', String(api.status));
  if (api.fault) p.set('fault', api.fault);
  return '/connect/setState?' + p.toString();
}

self.onconnect = function (e) {
  const port = e.ports[0];
  ports.add(port);
  port.onmessage = function (ev) {
    const m = ev.data || {};
    if (m.type === 'hello') port.postMessage({ type: 'agent', snapshot });
    else if (m.type === 'CLOSE' || m.type === 'terminate') ports.delete(port);
    else if (m.type === 'setState') {
      fetch(apiUrl(m), { method: 'POST', body: JSON.stringify({ AgentStatusId: m.state.agentStateARN }) })
        .then(function (r) {
          if (r.ok) snapshot.state = m.state;
          port.postMessage({ type: 'setStateResult', id: m.id, ok: r.ok, status: r.status, state: snapshot.state });
        })
        .catch(function (err) {
          port.postMessage({ type: 'setStateResult', id: m.id, ok: false, status: 0, error: String(err) });
        });
    }
  };
  port.start();
};
