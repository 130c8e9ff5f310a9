#include "web/result_views.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "client/messages.h"
#include "client/output.h"
#include "common/absl_compat.h"
#include "web/html.h"

namespace prio::web {

std::string RankingCaption(Lang lang, const v1::RankingResponse& r) {
  return TrF(lang, "Method {}, weighting {}", r.method(), r.weighting()) +
         TrF(lang, " · as of log position {}", absl::StrCat(r.position()));
}

std::string PlanCaption(Lang lang, const v1::PlanResponse& p) {
  return TrF(lang, "Method {}, selection {}", p.method(), p.selection()) +
         TrF(lang, " · as of log position {}", absl::StrCat(p.position()));
}

std::string RankingRows(Lang lang, const v1::RankingResponse& r) {
  double top = 0;
  for (const v1::RankingRow& row : r.rows()) top = std::max(top, row.score());
  std::string out;
  for (const v1::RankingRow& row : r.rows()) {
    const std::string score = client::FormatNumber(row.score());
    absl::StrAppend(&out, "<tr><td>", row.rank(),
                    row.tied() ? absl::StrCat(" <span class=\"tied\">(", Esc(Tr(lang, "tied")), ")</span>") : "",
                    "</td><th scope=\"row\">", Esc(row.name()), " <span class=\"sid\">(",
                    Esc(row.service_id()), ")</span></th><td class=\"num\">", score,
                    "</td><td><meter min=\"0\" max=\"", client::FormatNumber(top > 0 ? top : 1),
                    "\" value=\"", score, "\" aria-label=\"", Esc(TrF(lang, "score {}", score)),
                    "\"></meter></td><td class=\"num\">", row.supporters(), "</td><td class=\"num\">",
                    row.required_by(), "</td><td class=\"num\">", row.cases(), "</td></tr>");
  }
  return out;
}

namespace {

std::string Band(double u) {
  if (u > 1.0) return "over";
  if (u >= 0.75) return "h4";
  if (u >= 0.5) return "h3";
  if (u >= 0.25) return "h2";
  if (u > 0) return "h1";
  return "h0";
}

}  // namespace

std::string PlanBody(Lang lang, const v1::PlanResponse& p) {
  std::set<std::string> quarters;
  std::map<std::string, std::map<std::string, const v1::TeamQuarter*>> teams;
  for (const v1::TeamQuarter& t : p.teams()) {
    quarters.insert(t.quarter());
    teams[t.team()][t.quarter()] = &t;
  }
  std::string out;
  if (!teams.empty()) {
    absl::StrAppend(&out, "<table class=\"heat\"><caption>", Esc(Tr(lang, "Team utilisation per quarter")),
                    "</caption><thead><tr><th scope=\"col\">", Esc(Tr(lang, "Team")), "</th>");
    for (const std::string& q : quarters) absl::StrAppend(&out, "<th scope=\"col\">", Esc(q), "</th>");
    absl::StrAppend(&out, "</tr></thead><tbody>");
    for (const auto& [team, by_quarter] : teams) {
      absl::StrAppend(&out, "<tr><th scope=\"row\">", Esc(team), "</th>");
      for (const std::string& q : quarters) {
        auto it = by_quarter.find(q);
        if (it == by_quarter.end()) {
          absl::StrAppend(&out, "<td>–</td>");
          continue;
        }
        const v1::TeamQuarter& t = *it->second;
        absl::StrAppend(&out, "<td class=\"", Band(t.utilisation()), "\">",
                        client::FormatNumber(t.utilisation() * 100), " %",
                        t.over_allocated() ? absl::StrCat(" <strong>", Esc(Tr(lang, "over-allocated")), "</strong>") : "",
                        "<br><span class=\"small\">", client::FormatNumber(t.load()), " / ",
                        client::FormatNumber(t.capacity()), " ", Esc(Tr(lang, "PD")), "</span></td>");
      }
      absl::StrAppend(&out, "</tr>");
    }
    absl::StrAppend(&out, "</tbody></table>");
  }
  absl::StrAppend(&out, "<table><caption>", Esc(Tr(lang, "Planned services")),
                  "</caption><thead><tr>");
  for (std::string_view h : {"Rank", "Service", "Team", "Start", "End", "Rollout", "Central PD",
                             "Supporters", "Deadline", "Note"}) {
    absl::StrAppend(&out, "<th scope=\"col\">", Esc(Tr(lang, h)), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead><tbody>");
  for (const v1::PlannedService& s : p.services()) {
    std::string note = s.scheduled() ? "" : client::PlanReasonText(lang, s);
    if (s.misses_deadline()) {
      note = absl::StrCat(note, note.empty() ? "" : "; ",
                          TrF(lang, "misses its deadline by {} quarters", absl::StrCat(s.quarters_late())));
    }
    absl::StrAppend(&out, "<tr><td>", s.rank(), "</td><th scope=\"row\">", Esc(s.name()),
                    " <span class=\"sid\">(", Esc(s.service_id()), ")</span></th><td>", Esc(s.team()),
                    "</td><td>", Esc(s.start()), "</td><td>", Esc(s.end()), "</td><td>", Esc(s.rollout()),
                    "</td><td class=\"num\">", client::FormatNumber(s.central_days()),
                    "</td><td class=\"num\">", s.supporters(), "</td><td>", Esc(s.deadline()),
                    "</td><td>", Esc(note), "</td></tr>");
  }
  absl::StrAppend(&out, "</tbody></table>");
  if (p.departments_size() > 0) {
    absl::StrAppend(&out, "<table><caption>", Esc(Tr(lang, "Load of the municipal departments")),
                    "</caption><thead><tr>");
    for (std::string_view h : {"Municipality", "Department", "Quarter", "Person-days", "Capacity"}) {
      absl::StrAppend(&out, "<th scope=\"col\">", Esc(Tr(lang, h)), "</th>");
    }
    absl::StrAppend(&out, "</tr></thead><tbody>");
    for (const v1::DepartmentQuarter& d : p.departments()) {
      absl::StrAppend(&out, "<tr><th scope=\"row\">", Esc(d.name()), "</th><td>", Esc(d.department()),
                      "</td><td>", Esc(d.quarter()), "</td><td class=\"num\">", client::FormatNumber(d.load()),
                      "</td><td>", d.has_capacity() ? client::FormatNumber(d.capacity()) : "–",
                      d.over_capacity() ? absl::StrCat(" <strong>", Esc(Tr(lang, "over capacity")), "</strong>") : "",
                      "</td></tr>");
    }
    absl::StrAppend(&out, "</tbody></table>");
  }
  return out;
}

}  // namespace prio::web
