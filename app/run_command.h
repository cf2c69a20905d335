// `agentsim run [PATH...]`: run scenario suites (default: the bundled suite), print the verdicts,
// write the reports, compare with a baseline, and exit with a code CI can gate on.
// `agentsim run --shard i/n` and `agentsim merge PARTIAL...`: a run split across machines, merged
// into the unsharded run's reports, byte for byte (docs/scaling.md).
// `agentsim validate PATH...`: check scenario files without running them.
// `agentsim replay FILE --session K`: the timeline of one session of a scenario.
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_run_command(CLI::App& app, int& exit_code);
void add_merge_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_replay_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
