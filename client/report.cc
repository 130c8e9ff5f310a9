#include "client/report.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "client/messages.h"
#include "client/output.h"
#include "client/text.h"
#include "client/unary.h"
#include "common/status_macros.h"
#include "prio/v1/queries.grpc.pb.h"
#include "common/absl_compat.h"
#include "common/time_format.h"

namespace prio::client {
namespace {

std::string Time(int64_t us) { return FormatTime(us); }

// Horizontal bars, one per ranking row (at most 30).
std::string RankingChart(const v1::RankingResponse& r, const std::string& label) {
  const int rows = std::min(30, r.rows_size());
  double max_score = 0;
  for (int i = 0; i < rows; ++i) max_score = std::max(max_score, r.rows(i).score());
  constexpr int kLabel = 420, kBar = 440, kRow = 22;
  const int height = rows * kRow + 10;
  std::string svg = absl::StrFormat(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">)",
      kLabel + kBar + 80, height, label);
  for (int i = 0; i < rows; ++i) {
    const v1::RankingRow& row = r.rows(i);
    const int y = i * kRow + 5;
    const double w = max_score > 0 ? kBar * row.score() / max_score : 0;
    absl::StrAppend(
        &svg,
        absl::StrFormat(R"(<text x="%d" y="%d" text-anchor="end" class="label">%d. %s (%s)</text>)",
                        kLabel - 8, y + 15, row.rank(), HtmlEscape(row.name().substr(0, 55)),
                        HtmlEscape(row.service_id())),
        absl::StrFormat(R"(<rect x="%d" y="%d" width="%.1f" height="%d" class="%s"/>)", kLabel, y,
                        std::max(w, 1.0), kRow - 6, row.tied() ? "bar tied" : "bar"),
        absl::StrFormat(R"(<text x="%.1f" y="%d" class="value">%s</text>)", kLabel + w + 6, y + 14,
                        FormatNumber(row.score())));
  }
  return svg + "</svg>";
}

// Teams × quarters, coloured by utilisation; over-allocation marked.
std::string PlanHeatMap(const v1::PlanResponse& p, const std::string& label) {
  std::vector<std::string> teams, quarters;
  std::map<std::pair<std::string, std::string>, const v1::TeamQuarter*> cells;
  for (const v1::TeamQuarter& q : p.teams()) {
    if (std::find(teams.begin(), teams.end(), q.team()) == teams.end()) teams.push_back(q.team());
    if (std::find(quarters.begin(), quarters.end(), q.quarter()) == quarters.end()) {
      quarters.push_back(q.quarter());
    }
    cells[{q.team(), q.quarter()}] = &q;
  }
  std::sort(quarters.begin(), quarters.end());
  constexpr int kLabel = 190, kCell = 78, kRow = 30;
  std::string svg = absl::StrFormat(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">)",
      kLabel + kCell * static_cast<int>(quarters.size()) + 10,
      kRow * (static_cast<int>(teams.size()) + 1) + 10, label);
  for (std::size_t c = 0; c < quarters.size(); ++c) {
    absl::StrAppend(&svg, absl::StrFormat(R"(<text x="%d" y="20" text-anchor="middle" class="label">%s</text>)",
                                          kLabel + kCell * static_cast<int>(c) + kCell / 2,
                                          HtmlEscape(quarters[c])));
  }
  for (std::size_t t = 0; t < teams.size(); ++t) {
    const int y = kRow * static_cast<int>(t + 1);
    absl::StrAppend(&svg, absl::StrFormat(R"(<text x="%d" y="%d" text-anchor="end" class="label">%s</text>)",
                                          kLabel - 8, y + 19, HtmlEscape(teams[t])));
    for (std::size_t c = 0; c < quarters.size(); ++c) {
      auto it = cells.find({teams[t], quarters[c]});
      const double u = it == cells.end() ? 0 : it->second->utilisation();
      const bool over = it != cells.end() && it->second->over_allocated();
      // White (idle) to green (fully used); red when over-allocated.
      const int g = 255 - static_cast<int>(std::min(u, 1.0) * 150);
      const std::string fill = over ? "#d9534f" : absl::StrFormat("rgb(%d,%d,%d)", g, 255 - static_cast<int>(std::min(u, 1.0) * 60), g);
      absl::StrAppend(
          &svg,
          absl::StrFormat(R"(<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s"/>)",
                          kLabel + kCell * static_cast<int>(c), y, kCell - 2, kRow - 2, fill,
                          over ? "#8b0000" : "#ccc"),
          absl::StrFormat(R"(<text x="%d" y="%d" text-anchor="middle" class="cell">%s%s</text>)",
                          kLabel + kCell * static_cast<int>(c) + kCell / 2, y + 19,
                          absl::StrFormat("%.0f%%", 100 * u), over ? " !" : ""));
    }
  }
  return svg + "</svg>";
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string RenderReport(const ReportInput& in) {
  const v1::RoundView& view = in.status.round();
  const v1::RoundOpened& round = view.round();
  const Lang l = in.lang;
  auto T = [l](std::string_view key) { return HtmlEscape(Tr(l, key)); };
  auto F = [l](std::string_view key, const std::string& a, const std::string& b = "") {
    return HtmlEscape(TrF(l, key, a, b));
  };
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", ToAbsl(LangCode(l)), "\"><head><meta charset=\"utf-8\">"
      "<title>", F("Needs survey {}", round.round_id()), "</title><style>"
      "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
      "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
      "td.n{text-align:right}.label{font-size:12px;fill:#222}.value{font-size:11px;fill:#444}"
      ".cell{font-size:11px;fill:#222}.bar{fill:#2e7d32}.bar.tied{fill:#f9a825}"
      ".summary td{border:none;padding:2px 12px 2px 0}</style></head><body>\n");
  absl::StrAppend(&html, "<h1>", HtmlEscape(round.title()), " (", HtmlEscape(round.round_id()),
                  ")</h1>\n<table class=\"summary\">");
  auto line = [&](const std::string& k, const std::string& v) {
    absl::StrAppend(&html, "<tr><td>", k, "</td><td>", v, "</td></tr>");
  };
  line(T("Period"), absl::StrCat(Time(round.opens_at_us()), " – ", Time(round.closes_at_us())));
  line(T("Ballot"), round.ballot().kind() == v1::BALLOT_KIND_POINTS
                        ? F("points, budget {}", absl::StrCat(round.ballot().budget()))
                        : F("ranking, at most {}", absl::StrCat(round.ballot().max_ranks())));
  line(T("Response"),
       absl::StrCat(F("{} of {} participants", absl::StrCat(in.status.answered()),
                      absl::StrCat(in.status.participants())),
                    absl::StrFormat(" (%.0f %%), ", 100 * in.status.response_rate()),
                    F("{} ballots", absl::StrCat(view.ballots()))));
  if (in.status.entered_by_provider_size() > 0) {
    std::string names;
    for (const v1::Municipality& m : in.status.entered_by_provider()) {
      absl::StrAppend(&names, names.empty() ? "" : ", ", HtmlEscape(m.name()));
    }
    line(T("Entered by the provider"),
         absl::StrCat(F("answers of {} participants (paper, e-mail): ",
                        absl::StrCat(in.status.entered_by_provider_size())),
                      names));
  }
  line(T("Planning"), F("from {}, {} quarters", round.plan_start_quarter(),
                        absl::StrCat(round.horizon_quarters())));
  line(T("As of"), F("log position {}", absl::StrCat(in.ranking.position())));
  html += "</table>\n";

  absl::StrAppend(&html, "<h2>",
                  F("Ranking (top {}, method {}", absl::StrCat(std::min(30, in.ranking.rows_size())),
                    in.ranking.method()),
                  F(", weighting {})", in.ranking.weighting()), "</h2>\n", RankingChart(in.ranking, T("Ranking")),
                  "\n<p>", T("Yellow: tied (same rank)."), "</p>\n");

  absl::StrAppend(&html, "<h2>", F("Resource plan: team utilisation per quarter (method {})", in.plan.method()),
                  "</h2>\n", PlanHeatMap(in.plan, T("Team utilisation per quarter")), "\n<p>", T("Red with “!”: over-allocated."), "</p>\n");
  int unscheduled = 0;
  for (const v1::PlannedService& s : in.plan.services()) unscheduled += s.scheduled() ? 0 : 1;
  if (unscheduled > 0) {
    absl::StrAppend(&html, "<h2>", T("Not scheduled"), "</h2><table><tr><th>", T("Rank"), "</th><th>",
                    T("Service"), "</th><th>", T("Reason"), "</th></tr>");
    for (const v1::PlannedService& s : in.plan.services()) {
      if (s.scheduled()) continue;
      absl::StrAppend(&html, "<tr><td class=\"n\">", s.rank(), "</td><td>", HtmlEscape(s.name()),
                      " (", HtmlEscape(s.service_id()), ")</td><td>",
                      HtmlEscape(PlanReasonText(l, s)), "</td></tr>");
    }
    html += "</table>\n";
  }

  // Deadlines: every planned service that has one, in plan order.
  bool any_deadline = false;
  for (const v1::PlannedService& s : in.plan.services()) any_deadline |= !s.deadline().empty();
  if (any_deadline) {
    absl::StrAppend(&html, "<h2>", F("Deadlines ({} missed)", absl::StrCat(in.plan.deadlines_missed())),
                    "</h2><table><tr><th>", T("Service"), "</th><th>", T("Deadline"), "</th><th>",
                    T("Source"), "</th><th>", T("Rollout"), "</th><th>", T("State"), "</th></tr>");
    for (const v1::PlannedService& s : in.plan.services()) {
      if (s.deadline().empty()) continue;
      const std::string state = s.path() == v1::IMPLEMENTATION_PATH_LIVE ? T("already live")
                                : !s.misses_deadline() ? T("in time")
                                : !s.scheduled()      ? T("missed (not scheduled)")
                                                      : F("{} quarter(s) late", absl::StrCat(s.quarters_late()));
      absl::StrAppend(&html, "<tr><td>", HtmlEscape(s.name()), " (", HtmlEscape(s.service_id()),
                      ")</td><td>", HtmlEscape(s.deadline()), "</td><td>",
                      HtmlEscape(s.deadline_source()), "</td><td>", HtmlEscape(s.rollout()),
                      "</td><td>", state, "</td></tr>");
    }
    html += "</table>\n";
  }
  // Running costs (EfA fees, licences) per quarter, all teams.
  std::map<std::string, double> costs;
  for (const v1::TeamQuarter& q : in.plan.teams()) {
    if (q.running_cost_eur() > 0) costs[q.quarter()] += q.running_cost_eur();
  }
  if (!costs.empty()) {
    absl::StrAppend(&html, "<h2>", T("Running costs per quarter (EfA fees, licences)"),
                    "</h2><table><tr><th>", T("Quarter"), "</th><th>", T("Euro"), "</th></tr>");
    for (const auto& [quarter, eur] : costs) {
      absl::StrAppend(&html, "<tr><td>", HtmlEscape(quarter), "</td><td class=\"n\">",
                      absl::StrFormat("%.2f", eur), "</td></tr>");
    }
    html += "</table>\n";
  }

  // Response per Kreis.
  std::map<std::string, const v1::Municipality*> by_ags;
  for (const v1::Municipality& m : in.municipalities) by_ags[m.ags()] = &m;
  std::set<std::string> missing;
  for (const v1::Municipality& m : in.status.missing()) missing.insert(m.ags());
  struct Row {
    std::string name;
    int participants = 0;
    int answered = 0;
    std::vector<std::string> missing;
  };
  std::map<std::string, Row> kreise;
  for (const std::string& ags : round.participants()) {
    auto it = by_ags.find(ags);
    const std::string key = it == by_ags.end() || it->second->kreis_key().empty()
                                ? ags.substr(0, 5)
                                : it->second->kreis_key();
    Row& row = kreise[key];
    if (it != by_ags.end() && row.name.empty()) row.name = it->second->kreis_name();
    ++row.participants;
    if (missing.contains(ags)) {
      row.missing.push_back(it == by_ags.end() ? ags : it->second->name());
    } else {
      ++row.answered;
    }
  }
  absl::StrAppend(&html, "<h2>", T("Response per Kreis"), "</h2><table><tr><th>", T("Kreis"),
                  "</th><th>", T("Participants"), "</th><th>", T("Answered"), "</th><th>",
                  T("Rate"), "</th><th>", T("Still missing"), "</th></tr>");
  for (const auto& [key, row] : kreise) {
    std::string open;
    for (const std::string& n : row.missing) absl::StrAppend(&open, open.empty() ? "" : ", ", HtmlEscape(n));
    absl::StrAppend(&html, "<tr><td>", HtmlEscape(row.name.empty() ? key : row.name), " (", key,
                    ")</td><td class=\"n\">", row.participants, "</td><td class=\"n\">",
                    row.answered, "</td><td class=\"n\">",
                    absl::StrFormat("%.0f %%", 100.0 * row.answered / std::max(1, row.participants)),
                    "</td><td>", open, "</td></tr>");
  }
  absl::StrAppend(&html, "</table>\n<p style=\"color:#777;font-size:12px\">",
                  F("Made {} with prio.", in.generated_at), "</p>\n</body></html>\n");
  return html;
}

absl::StatusOr<ReportInput> FetchReportInput(const std::shared_ptr<grpc::Channel>& channel,
                                             const std::string& round, const std::string& method,
                                             const std::string& weighting, std::string_view bearer,
                                             const std::function<void(std::string_view)>& step) {
  using Queries = v1::SurveyQueries::Stub;
  auto stub = v1::SurveyQueries::NewStub(channel);
  const absl::Duration timeout = absl::Minutes(2);
  auto announce = [&step](std::string_view what) {
    if (step) step(what);
  };
  ReportInput in;
  v1::RoundStatusRequest status;
  status.set_round_id(round);
  announce("round status");
  PRIO_ASSIGN_OR_RETURN(in.status, Unary(stub.get(), &Queries::RoundStatus, status, timeout, bearer));
  v1::RankingRequest ranking;
  ranking.set_round_id(round);
  ranking.set_method(method);
  ranking.set_weighting(weighting);
  ranking.set_top(30);
  ranking.mutable_as_of()->set_position(in.status.position());  // one consistent state
  announce("ranking");
  PRIO_ASSIGN_OR_RETURN(in.ranking, Unary(stub.get(), &Queries::Ranking, ranking, timeout, bearer));
  v1::PlanRequest plan;
  plan.set_round_id(round);
  plan.set_method(method);
  plan.set_weighting(weighting);
  *plan.mutable_as_of() = ranking.as_of();
  plan.set_skip_departments(true);  // the report shows services and teams
  plan.set_skip_municipalities(true);
  announce("plan");
  PRIO_ASSIGN_OR_RETURN(in.plan, Unary(stub.get(), &Queries::Plan, plan, timeout, bearer));
  announce("municipalities");
  PRIO_ASSIGN_OR_RETURN(v1::ListMunicipalitiesResponse m,
                        Unary(stub.get(), &Queries::ListMunicipalities,
                              v1::ListMunicipalitiesRequest(), timeout, bearer));
  in.municipalities.assign(m.municipalities().begin(), m.municipalities().end());
  in.generated_at = FormatTime(absl::ToUnixMicros(absl::Now()));
  return in;
}

}  // namespace prio::client
