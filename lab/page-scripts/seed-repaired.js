// The seed's handler (AWS, "CCPv1: Log out agents automatically when they close their CCP",
// step 2), minimally repaired so that it parses. Repairs, each the smallest that makes it run:
//  1. Line breaks restored after each `//` comment: the seed gives the handler on one line, so
//     its first comment swallows the rest of the handler (SyntaxError: Unexpected end of input).
//  2. `states.filter(state => === "Offline")` -> `states.filter(state => state.name === "Offline")`:
//     the arrow function's body lacked its left operand (SyntaxError: Unexpected token '===').
// Nothing else changed: no enqueueNextState, fire and forget, as the seed.
let mAgent; connect.agent(function(agent) { mAgent = agent; });
window.addEventListener("beforeunload", function(event) { if (mAgent != null) { let states = mAgent.getAgentStates(); // "states" is an array of changeable states. You can filter the desired state to change by name.
let offlineState = states.filter(state => state.name === "Offline")[0]; // Change agent state
mAgent.setState(offlineState, { success: function() { console.log("SetState succeeded"); }, failure: function() { console.log("SetState failed"); } }); } });
