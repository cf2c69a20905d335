// Checks of the command line that CLI11 does not make. CLI11 converts an unsigned option with
// strtoull, which wraps "-1" to 2^64 - 1 and saturates "18446744073709551616": a seed a user
// mistyped would run, under another number, instead of being refused.
#pragma once

#include <CLI/CLI.hpp>

namespace agentsim::app {

// Adds to every subcommand's --seed and --session option (run, replay, fuzz, simulate, and any
// later command that takes one) a check that the value is an unsigned 64-bit integer written in
// decimal digits: a sign, another base, a fraction or a value of 2^64 or more is a usage error
// (exit 2) that names the option and the value. Call once every subcommand is added.
void guard_unsigned_options(CLI::App& app);

// A confidence on the command line (`run --confidence`): a decimal number (sim::parse_decimal:
// no "nan", no hexadecimal) from sim::kMinConfidence to sim::kMaxConfidence.
CLI::Validator confidence_validator();
// The check of --sessions: a whole number from 1 to sim::kMaxSessions; above it, the message says
// how long that many sessions would take.
CLI::Validator sessions_count();
// The check of --shifts: a whole number from 1 to sim::kMaxShifts.
CLI::Validator shifts_count();

}  // namespace agentsim::app
