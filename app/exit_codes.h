// The exit codes of every agentsim command (documented in README.md, "Exit codes").
#pragma once

namespace agentsim::app {

inline constexpr int kExitOk = 0;            // all expectations met / command succeeded
inline constexpr int kExitFailed = 1;        // an expectation failed or regressed; doc stale
inline constexpr int kExitUsage = 2;         // invalid input or usage
inline constexpr int kExitInconclusive = 3;  // inconclusive after the sampling limit
inline constexpr int kExitInternal = 4;      // an internal error (a bug: please report it)
// Stopped by a signal before finishing (128 + the signal, as a shell reports a process it
// killed): nothing was written or replaced.
inline constexpr int kExitInterrupted = 130;  // SIGINT (Ctrl-C)
inline constexpr int kExitTerminated = 143;   // SIGTERM (a CI job cancelled, `timeout`)

}  // namespace agentsim::app
