// The rounds list (every role) and the provider's views of a round: the ranking
// (method and weighting switchable, as of any position or time, live), the plan heat
// map and the departments' load, who has not answered (per Kreis), the HTML report.
// priod decides what a token may see: a municipality asking for an internal round's
// ranking gets priod's PERMISSION_DENIED as a 403 page.
#include <map>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/output.h"
#include "client/report.h"
#include "common/absl_compat.h"
#include "common/time_format.h"
#include "prio/v1/queries.grpc.pb.h"
#include "web/forms.h"
#include "web/result_views.h"

namespace prio::web {

namespace {

using Queries = v1::SurveyQueries::Stub;

bool IsStaff(const Session& s) { return s.role != v1::ROLE_MUNICIPALITY; }

std::string Date(int64_t us) { return FormatTime(us).substr(0, 10); }

void ShowRounds(Exchange& x) {
  absl::StatusOr<v1::ListRoundsResponse> rounds = x.Call(&Queries::ListRounds, v1::ListRoundsRequest());
  if (!rounds.ok()) return x.Fail(rounds.status());
  const bool staff = IsStaff(x.session);
  std::string body = absl::StrCat("<table><caption>", Esc(x.T("Survey rounds")), "</caption><thead><tr>");
  for (std::string_view h : {"Round", "Phase", "Closes", staff ? "Answered" : "Your pages"}) {
    absl::StrAppend(&body, "<th scope=\"col\">", Esc(x.T(h)), "</th>");
  }
  absl::StrAppend(&body, "</tr></thead><tbody>");
  int shown = 0;
  for (const v1::RoundView& r : rounds->rounds()) {
    const std::string& id = r.round().round_id();
    const auto& p = r.round().participants();
    if (!staff && std::find(p.begin(), p.end(), x.session.ags) == p.end()) continue;
    ++shown;
    std::string last;
    if (staff) {
      const std::string a = absl::StrCat("/rounds/", id);
      last = absl::StrCat(
          r.participants_answered(), " / ", p.size(), " (",
          client::FormatNumber(p.empty() ? 0 : 100.0 * r.participants_answered() / p.size()),
          " %) · <a href=\"", a, "/ranking\">", Esc(x.T("Ranking")), "</a> · <a href=\"", a, "/plan\">",
          Esc(x.T("Plan")), "</a> · <a href=\"", a, "/status\">", Esc(x.T("Who has not answered")),
          "</a> · <a href=\"", a, "/report\">", Esc(x.T("HTML report")), "</a>");
    } else {
      last = absl::StrCat("<a href=\"/rounds/", id, "/answers/", x.session.ags, "\">",
                          Esc(x.T("Questionnaire")), "</a> · <a href=\"/rounds/", id, "/ballot/",
                          x.session.ags, "\">", Esc(x.T("Priority ballot")), "</a>");
    }
    absl::StrAppend(&body, "<tr><th scope=\"row\">", Esc(r.round().title()), " <span class=\"sid\">(",
                    Esc(id), ")</span></th><td>", Esc(PhaseName(x.lang(), r.phase())), "</td><td>",
                    Date(r.round().closes_at_us()), "</td><td>", last, "</td></tr>");
  }
  absl::StrAppend(&body, "</tbody></table>");
  if (shown == 0) absl::StrAppend(&body, "<p>", Esc(x.T("No rounds for you yet.")), "</p>");
  x.Html(200, x.T("Survey rounds"), body);
}

std::string Select(Exchange& x, const char* name, const char* label, const std::string& value,
                   const std::vector<std::string>& choices) {
  std::string out = absl::StrCat("<div class=\"field\"><label for=\"", name, "\">", Esc(x.T(label)),
                                 "</label><select id=\"", name, "\" name=\"", name, "\"><option value=\"\">",
                                 Esc(x.T("default")), "</option>");
  for (const std::string& c : choices) {
    absl::StrAppend(&out, "<option", c == value ? " selected" : "", ">", Esc(c), "</option>");
  }
  return out + "</select></div>";
}

// "as of" from the form: a log position, or a time (UTC, from a datetime-local field).
absl::Status ReadAsOf(Exchange& x, v1::AsOf* as_of) {
  const std::string position = x.Param("as_of"), time = x.Param("as_of_time");
  if (!position.empty()) {
    uint64_t p = 0;
    if (!absl::SimpleAtoi(position, &p) || p == 0) {
      return absl::InvalidArgumentError(TrF(x.lang(), "As of position: \"{}\" is not a log position (1 or more).", position));
    }
    as_of->set_position(p);
  } else if (!time.empty()) {
    absl::Time t;
    std::string err;
    if (!absl::ParseTime("%Y-%m-%dT%H:%M", time, absl::UTCTimeZone(), &t, &err)) {
      return absl::InvalidArgumentError(TrF(x.lang(), "As of time: \"{}\" is not a date and time.", time));
    }
    as_of->set_time_us(absl::ToUnixMicros(t));
  }
  return absl::OkStatus();
}

void ShowRanking(Exchange& x) {
  const std::string round = x.Match(1);
  v1::GetRoundRequest gr;
  gr.set_round_id(round);
  absl::StatusOr<v1::GetRoundResponse> info = x.Call(&Queries::GetRound, gr);
  if (!info.ok()) return x.Fail(info.status());
  v1::RankingRequest req;
  req.set_round_id(round);
  req.set_method(x.Param("method"));
  req.set_weighting(x.Param("weighting"));
  if (absl::Status s = ReadAsOf(x, req.mutable_as_of()); !s.ok()) return x.Fail(s);
  if (req.as_of().point_case() == v1::AsOf::POINT_NOT_SET) req.clear_as_of();
  absl::StatusOr<v1::RankingResponse> r = x.Call(&Queries::Ranking, req);
  if (!r.ok()) return x.Fail(r.status());
  const bool ranked = info->round().round().ballot().kind() == v1::BALLOT_KIND_RANKED;
  const std::vector<std::string> methods =
      ranked ? std::vector<std::string>{"borda", "schulze", "need"} : std::vector<std::string>{"points", "need"};
  std::string body = absl::StrCat(
      "<form method=\"get\" class=\"filters\">",
      Select(x, "method", "Method", req.method(), methods),
      Select(x, "weighting", "Weighting", req.weighting(), {"none", "population", "sqrt-population"}),
      "<div class=\"field\"><label for=\"as_of\">", Esc(x.T("As of log position")),
      "</label><input id=\"as_of\" name=\"as_of\" type=\"text\" inputmode=\"numeric\" size=\"8\" value=\"",
      Esc(x.Param("as_of")), "\"></div><div class=\"field\"><label for=\"as_of_time\">",
      Esc(x.T("or as of time (UTC)")), "</label><input id=\"as_of_time\" name=\"as_of_time\" type=\"datetime-local\" value=\"",
      Esc(x.Param("as_of_time")), "\"></div><p class=\"actions\"><button type=\"submit\">", Esc(x.T("Show")),
      "</button></p></form>");
  const bool live = !req.has_as_of() && IsStaff(x.session);
  absl::StrAppend(&body, "<p id=\"ranking-caption\" class=\"caption\">", Esc(RankingCaption(x.lang(), *r)), "</p>");
  if (live) {
    absl::StrAppend(&body, "<p id=\"live-status\" class=\"live\" role=\"status\" data-live=\"/rounds/", round,
                    "/live?view=ranking&amp;method=", UrlEncode(req.method()), "&amp;weighting=",
                    UrlEncode(req.weighting()), "\" data-target=\"ranking-body\" data-caption=\"ranking-caption\">",
                    Esc(x.T("Live: the ranking updates as answers arrive.")), "</p>");
  }
  absl::StrAppend(&body, "<table id=\"ranking\"><caption>", Esc(x.T("Ranking")), "</caption><thead><tr>");
  for (std::string_view h : {"Rank", "Service", "Score", "Bar", "Supporters", "Required by", "Cases per year"}) {
    absl::StrAppend(&body, "<th scope=\"col\">", Esc(x.T(h)), "</th>");
  }
  absl::StrAppend(&body, "</tr></thead><tbody id=\"ranking-body\">", RankingRows(x.lang(), *r), "</tbody></table>");
  x.Html(200, TrF(x.lang(), "Ranking: {}", info->round().round().title()), body);
}

void ShowPlan(Exchange& x) {
  const std::string round = x.Match(1);
  v1::PlanRequest req;
  req.set_round_id(round);
  req.set_method(x.Param("method"));
  req.set_ags(x.Param("ags"));
  const bool staff = IsStaff(x.session);
  if (staff && req.ags().empty()) req.set_skip_municipalities(true);
  absl::StatusOr<v1::PlanResponse> p = x.Call(&Queries::Plan, req);
  if (!p.ok()) return x.Fail(p.status());
  std::string body;
  if (!staff) absl::StrAppend(&body, RoundLinks(x, round, x.session.ags));
  absl::StrAppend(&body, "<p id=\"plan-caption\" class=\"caption\">", Esc(PlanCaption(x.lang(), *p)), "</p>");
  if (staff && req.ags().empty()) {
    absl::StrAppend(&body, "<p id=\"live-status\" class=\"live\" role=\"status\" data-live=\"/rounds/", round,
                    "/live?view=plan&amp;method=", UrlEncode(req.method()),
                    "\" data-target=\"plan-body\" data-caption=\"plan-caption\">",
                    Esc(x.T("Live: the plan updates as answers arrive.")), "</p>");
  }
  absl::StrAppend(&body, "<div id=\"plan-body\">", PlanBody(x.lang(), *p), "</div>");
  x.Html(200, x.T("Resource plan"), body);
}

void ShowStatus(Exchange& x) {
  v1::RoundStatusRequest req;
  req.set_round_id(x.Match(1));
  absl::StatusOr<v1::RoundStatusResponse> s = x.Call(&Queries::RoundStatus, req);
  if (!s.ok()) return x.Fail(s.status());
  std::map<std::string, std::vector<const v1::Municipality*>> by_kreis;
  for (const v1::Municipality& m : s->missing()) {
    by_kreis[m.kreis_name().empty() ? std::string(x.T("kreisfrei")) : m.kreis_name()].push_back(&m);
  }
  std::string body = absl::StrCat(
      "<p>", Esc(TrF(x.lang(), "{} of {} participants answered", absl::StrCat(s->answered()),
                     absl::StrCat(s->participants()))),
      " (", client::FormatNumber(s->response_rate() * 100), " %).</p>");
  // Only admins may enter answers (priod refuses auditors and services).
  const bool by_provider = s->round().round().answers_by_provider() && x.session.role == v1::ROLE_ADMIN;
  const std::string round = s->round().round().round_id();
  // With answers_by_provider, staff enter answers received on paper or by e-mail.
  auto item = [&](const v1::Municipality& m) {
    std::string li = absl::StrCat("<li>", Esc(m.name()), " (", m.ags(), ")");
    if (by_provider) {
      absl::StrAppend(&li, " – <a href=\"/rounds/", round, "/answers/", m.ags(), "\">",
                      Esc(TrF(x.lang(), "enter answers for {}", m.name())), "</a>");
    }
    return li + "</li>";
  };
  for (const auto& [kreis, ms] : by_kreis) {
    absl::StrAppend(&body, "<h2>", Esc(kreis), " <span class=\"count\">(", ms.size(), ")</span></h2><ul>");
    for (const v1::Municipality* m : ms) absl::StrAppend(&body, item(*m));
    absl::StrAppend(&body, "</ul>");
  }
  if (by_kreis.empty()) absl::StrAppend(&body, "<p>", Esc(x.T("Every participant has answered.")), "</p>");
  if (s->entered_by_provider_size() > 0) {
    absl::StrAppend(&body, "<h2>", Esc(x.T("Answers the provider entered on their behalf")), "</h2><ul>");
    for (const v1::Municipality& m : s->entered_by_provider()) absl::StrAppend(&body, item(m));
    absl::StrAppend(&body, "</ul>");
  }
  x.Html(200, TrF(x.lang(), "Who has not answered: {}", s->round().round().title()), body);
}

void DownloadReport(Exchange& x) {
  const std::string round = x.Match(1);
  absl::StatusOr<client::ReportInput> in =
      client::FetchReportInput(x.channel, round, x.Param("method"), x.Param("weighting"), x.session.token);
  if (!in.ok()) return x.Fail(in.status());
  in->lang = x.lang();
  x.res.set_header("Content-Disposition", absl::StrCat("attachment; filename=\"prio-", round, ".html\""));
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_content(client::RenderReport(*in), "text/html; charset=utf-8");
}

}  // namespace

void AddProviderPages(Router& r) {
  r.Get("/rounds", ShowRounds);
  r.Get("/rounds/([a-z0-9-]+)/ranking", ShowRanking);
  r.Get("/rounds/([a-z0-9-]+)/plan", ShowPlan);
  r.Get("/rounds/([a-z0-9-]+)/status", ShowStatus);
  r.Get("/rounds/([a-z0-9-]+)/report", DownloadReport);
}

}  // namespace prio::web
