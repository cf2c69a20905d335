// SIGINT and SIGTERM during a long command (run, fuzz, check): the first one asks the work to
// stop — a flag the Monte Carlo workers, the suite loop and the searches read — so that the
// command can undo what it started (a report set half assembled) and say so, then exit 130
// (SIGINT) or 143 (SIGTERM). A second signal ends the process at once (the default action).
#pragma once

#include <atomic>

namespace agentsim::app {

// Installs the handler for SIGINT and SIGTERM for the rest of the process — a command calls it
// first thing, and it stays until exit, so that a signal after the work is committed (the report
// set swapped in) lets the command exit with its own code rather than be killed. A signal ignored
// on entry (a job started with `nohup` or in the background of a non-interactive shell ignores
// SIGINT) stays ignored. The handler is async-signal-safe: it stores the signal in lock-free
// atomics and resets both signals to their default action.
void catch_interrupts();

// Becomes true at the first SIGINT or SIGTERM after catch_interrupts(), and stays true. Work
// that can be cut short reads it (never writes it), so a run that is not interrupted is exactly
// the run it would have been without it.
const std::atomic<bool>& interrupt_flag();

// The first signal received (SIGINT or SIGTERM), or 0.
int interrupt_signal();

inline bool interrupted() { return interrupt_flag().load(std::memory_order_relaxed); }

// "SIGINT" or "SIGTERM".
const char* interrupt_signal_name();

// kExitInterrupted (130) after SIGINT, kExitTerminated (143) after SIGTERM.
int interrupted_exit_code();

}  // namespace agentsim::app
