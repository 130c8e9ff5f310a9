#include "client/pabulib.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/csv.h"

namespace prio::client {
namespace {

std::string Date(int64_t us) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(us), absl::UTCTimeZone());
}

}  // namespace

std::string RenderPabulib(const v1::ExportRoundResponse& x) {
  const bool ranked = x.round().ballot().kind() == v1::BALLOT_KIND_RANKED;
  const bool weighted = x.weighting() != "none";
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) { AppendCsvLine(fields, ';', &out, "\n"); };
  out += "META\n";
  line({"key", "value"});
  line({"description", x.round().title()});
  line({"country", "Germany"});
  line({"unit", "prio round " + x.round().round_id()});
  line({"instance", x.round().round_id()});
  line({"num_projects", absl::StrCat(x.projects_size())});
  line({"num_votes", absl::StrCat(x.votes_size())});
  line({"budget", absl::StrCat(x.budget_units())});
  line({"currency", "1/1000 person-day"});
  line({"vote_type", ranked ? "scoring" : "cumulative"});
  if (!ranked) line({"max_sum_points", absl::StrCat(x.round().ballot().budget())});
  line({"rule", "equal-shares"});
  line({"date_begin", Date(x.round().opens_at_us())});
  line({"date_end", Date(x.round().closes_at_us())});
  line({"comment",
        absl::StrCat(
            "prio log position ", x.position(), ": projects in ", x.method(),
            " ranking order (the tie-break), ",
            ranked ? "points are Borda points of each ranking, " : "",
            weighted ? absl::StrCat("voters weighted by ", x.weighting(),
                                    " (weight: 2^20 fixed point), ")
                     : "",
            x.projects_left_out(), " services without a cost estimate or already live left out, ",
            "selected by prio: ", x.spent_units(), " of ", x.budget_units(), " spent")});
  out += "PROJECTS\n";
  line({"project_id", "cost", "name", "rank", "supporters", "selected", "selected_by"});
  for (const v1::ExportedProject& p : x.projects()) {
    const bool selected = p.selected() || p.by_completion();
    line({p.service_id(), absl::StrCat(p.cost_units()), p.name(), absl::StrCat(p.rank()),
          absl::StrCat(p.supporters()), selected ? "1" : "0",
          p.selected() ? "equal-shares" : p.by_completion() ? "completion" : ""});
  }
  out += "VOTES\n";
  std::vector<std::string> header = {"voter_id", "vote", "points"};
  if (weighted) header.push_back("weight");
  line(header);
  for (const v1::ExportedVote& v : x.votes()) {
    std::vector<std::string> row = {v.ags(), absl::StrJoin(v.service_ids(), ","),
                                    absl::StrJoin(v.points(), ",")};
    if (weighted) row.push_back(absl::StrCat(v.weight()));
    line(row);
  }
  return out;
}

}  // namespace prio::client
