// The HTML report of a survey round: one self-contained file (no external assets;
// charts are inline SVG) with the round summary and response rate, the ranking as a
// bar chart (top 30, method and weighting named), the plan as a heat map (team ×
// quarter utilisation, over-allocation marked) and a per-Kreis response table.
#ifndef PRIO_CLIENT_REPORT_H_
#define PRIO_CLIENT_REPORT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/text.h"
#include "grpcpp/channel.h"
#include "prio/v1/queries.pb.h"

namespace prio::client {

struct ReportInput {
  v1::RoundStatusResponse status;
  v1::RankingResponse ranking;
  v1::PlanResponse plan;
  std::vector<v1::Municipality> municipalities;  // at least the round's participants
  std::string generated_at;                      // shown in the footer
  Lang lang = Lang::kDe;                         // the report's language (client/text.h)
};

std::string RenderReport(const ReportInput& in);

// Asks priod for a report's input, every view as of one position (the round status's):
// the round status, the ranking's top 30, the plan (services and teams) and the
// municipalities. `bearer` as in Unary; `step`, if set, is told each query's name
// before it is sent. Errors: the first refused or failed query's status. Thread-safe.
absl::StatusOr<ReportInput> FetchReportInput(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& round,
    const std::string& method, const std::string& weighting, std::string_view bearer = {},
    const std::function<void(std::string_view)>& step = nullptr);

// `s` with &, <, >, " and ' escaped for HTML text and attributes.
std::string HtmlEscape(std::string_view s);

}  // namespace prio::client

#endif  // PRIO_CLIENT_REPORT_H_
