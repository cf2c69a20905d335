// An example of a team's own handler for `--page-script` (scripts/lab.sh --page-script
// lab/page-scripts/example-team-handler.js): setState(Offline) with enqueueNextState from both
// beforeunload and pagehide (once), plus a beacon to the team's backend from pagehide.
let agent = null;
let sent = false;
connect.agent(function (a) { agent = a; });
function goOffline() {
  if (sent || !agent) return;
  sent = true;
  const offline = agent.getAgentStates().filter(function (s) { return s.name === 'Offline'; })[0];
  agent.setState(offline, { success: function () {}, failure: function () {} }, { enqueueNextState: true });
}
window.addEventListener('beforeunload', goOffline);
window.addEventListener('pagehide', function () {
  goOffline();
  // The lab's backend counts a notification as an Offline the backend would set.
  navigator.sendBeacon(window.__LAB.pageOrigin + '/backend/notify?trial=' + encodeURIComponent(window.__LAB.trial) + '&tag=team.pagehide', '{}');
});
