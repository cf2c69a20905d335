// A mock of the Amazon Connect Streams library, shaped like the real one for what a logout handler
// uses: connect.core.initCCP, connect.agent(cb), agent.getAgentStates(), agent.getState(),
// agent.setState(state, {success, failure}, {enqueueNextState}), connect.core.terminate().
// It travels the real path: setState is posted to the CCP iframe (another site, 127.0.0.2), which
// relays it to a SharedWorker, which calls the mock Connect API with fetch. Nothing here talks to
// the network from the team's page itself.
(function () {
  'use strict';
  const LAB = window.__LAB || {};
  const ccpOrigin = LAB.ccpOrigin;
  let frame = null;
  let agent = null;
  let nextId = 1;
  let setStateCount = 0;
  const pending = new Map();
  const agentCallbacks = [];
  const STATES = [
    { agentStateARN: 'arn:lab:agent-state/available', type: 'routable', name: 'Available' },
    { agentStateARN: 'arn:lab:agent-state/offline', type: 'offline', name: 'Offline' },
    { agentStateARN: 'arn:lab:agent-state/break', type: 'not_routable', name: 'Break' },
  ];

  function post(msg) {
    if (frame && frame.contentWindow) frame.contentWindow.postMessage(msg, ccpOrigin);
  }

  function Agent(snapshot) { this._snapshot = snapshot; }
  Agent.prototype.getAgentStates = function () { return STATES.map((s) => Object.assign({}, s)); };
  Agent.prototype.getState = function () { return Object.assign({}, this._snapshot.state); };
  Agent.prototype.getStatus = Agent.prototype.getState;
  Agent.prototype.getName = function () { return 'lab agent'; };
  Agent.prototype.getContacts = function () { return []; };
  Agent.prototype.getConfiguration = function () { return { username: 'lab', name: 'lab agent' }; };
  Agent.prototype.setState = function (state, callbacks, options) {
    if (!state || typeof state !== 'object' || !state.agentStateARN) {
      throw new Error('connect: setState needs an agent state object from getAgentStates()');
    }
    const id = nextId++;
    setStateCount += 1;
    const tag = connect.__labTag || ('setstate.' + state.name + '.' + setStateCount);
    connect.__labTag = null;
    pending.set(id, callbacks || {});
    post({ type: 'setState', id, tag, state, enqueueNextState: !!(options && options.enqueueNextState) });
  };

  window.addEventListener('message', function (e) {
    if (e.origin !== ccpOrigin || !e.data) return;
    const m = e.data;
    if (m.type === 'agent') {
      agent = agent || new Agent(m.snapshot);
      agent._snapshot = m.snapshot;
      agentCallbacks.splice(0).forEach(function (cb) { cb(agent); });
    } else if (m.type === 'setStateResult') {
      const cbs = pending.get(m.id) || {};
      pending.delete(m.id);
      if (m.ok) { if (agent) agent._snapshot.state = m.state; if (cbs.success) cbs.success({}); }
      else if (cbs.failure) cbs.failure(JSON.stringify({ status: m.status, error: m.error }), {});
    }
  });

  const connect = {
    core: {
      initCCP: function (container, options) {
        if (frame) return;
        frame = document.createElement('iframe');
        frame.id = 'ccp-frame';
        frame.src = ccpOrigin + '/ccp-frame.html?trial=' + encodeURIComponent(LAB.trial) +
          '&api=' + encodeURIComponent(JSON.stringify(LAB.api || {}));
        frame.style.width = '300px'; frame.style.height = '60px';
        (container || document.body || document.documentElement).appendChild(frame);
      },
      terminate: function () {
        post({ type: 'terminate' });
        if (frame) { frame.remove(); frame = null; }
        agent = null;
      },
    },
    agent: function (cb) {
      if (agent) setTimeout(function () { cb(agent); }, 0); else agentCallbacks.push(cb);
    },
    contact: function () {},
    __labTag: null,
    __labPending: function () { return pending.size; },
  };
  window.connect = connect;
})();
