// Private to reports/: the figures of one scenario's section of the HTML report, beyond its
// expectations — tables with the numbers and charts (html_charts.h) comparing them, every interval
// at the report's confidence (ScenarioResult::report_confidence).
#pragma once

#include <string>

#include "agentsim/sim/scenario.h"

namespace agentsim::reports::html {

// A single-agent scenario's closes by kind (close_kind_breakdown): <table class="close-kinds"
// id="<slug>-close-kinds"> — kind, closes, ghosts, ghost rate with its interval, one row per kind
// that occurred — and beside it, when two or more kinds occurred, <svg id="<slug>-close-kinds-chart">:
// their ghost rates on one axis. Empty for a center scenario.
std::string close_kinds(const sim::ScenarioResult& r, const std::string& slug);

// A center scenario's figures: <table class="figures" id="<slug>-center-figures"> with every center
// metric (label, estimate and interval, name and description) grouped by unit — rates per close,
// minutes per shift, contacts, seconds, calls, exact counts over all shifts — then one chart per
// unit with two or more sampled figures, all bars of a chart on one scale
// (<svg id="<slug>-center-rates">, "-minutes", "-calls"), and the waits
// (<svg id="<slug>-center-waits">, center_waits_svg).
std::string center_figures(const sim::ScenarioResult& r, const std::string& slug);

}  // namespace agentsim::reports::html
