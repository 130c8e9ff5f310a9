// The HTML report of a survey round: one self-contained file (no external assets;
// charts are inline SVG) with the round summary and response rate, the ranking as a
// bar chart (top 30, method and weighting named), the plan as a heat map (team ×
// quarter utilisation, over-allocation marked) and a per-Kreis response table.
#ifndef PRIO_CLIENT_REPORT_H_
#define PRIO_CLIENT_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "prio/v1/queries.pb.h"

namespace prio::client {

struct ReportInput {
  v1::RoundStatusResponse status;
  v1::RankingResponse ranking;
  v1::PlanResponse plan;
  std::vector<v1::Municipality> municipalities;  // at least the round's participants
  std::string generated_at;                      // shown in the footer
};

std::string RenderReport(const ReportInput& in);

// `s` with &, <, >, " and ' escaped for HTML text and attributes.
std::string HtmlEscape(std::string_view s);

}  // namespace prio::client

#endif  // PRIO_CLIENT_REPORT_H_
