// agentsim: simulation and test harness for contact-center agent-state logic.
// This file wires the subcommands; each lives in its own *_command.cpp.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>

#include "cli_guards.h"
#include "demo_command.h"
#include "exit_codes.h"
#include "check_command.h"
#include "conform_command.h"
#include "fuzz_command.h"
#include "list_command.h"
#include "model_command.h"
#include "run_command.h"
#include "sensitivity_command.h"
#include "simulate_command.h"

int main(int argc, char** argv) {
  using namespace agentsim::app;
  CLI::App app{"agentsim — how often does your logout strategy leave a ghost agent?"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  ModelOptions model_options;
  add_model_command(app, model_options, exit_code);
  add_demo_command(app, exit_code);
  add_simulate_command(app, exit_code);
  add_list_command(app, exit_code);
  add_run_command(app, exit_code);
  add_merge_command(app, exit_code);
  add_validate_command(app, exit_code);
  add_replay_command(app, exit_code);
  add_fuzz_command(app, exit_code);
  add_check_command(app, exit_code);
  add_conform_command(app, exit_code);
  add_sensitivity_command(app, exit_code);
  guard_unsigned_options(app);  // --seed -1 is refused, not wrapped to 2^64 - 1
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "agentsim: internal error: {}\n", e.what());
    return kExitInternal;
  }
  return exit_code;
}
