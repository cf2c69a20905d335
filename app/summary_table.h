// The terminal table of Monte Carlo summaries shared by `simulate` and `demo`.
#pragma once

#include <string_view>

#include "agentsim/sim/monte_carlo.h"

namespace agentsim::app {

void print_summary_header();
void print_summary_row(std::string_view label, const sim::Summary& s);

}  // namespace agentsim::app
