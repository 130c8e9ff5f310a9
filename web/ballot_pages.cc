// A municipality's priority ballot (points within the round's budget, or a ranked
// list of at most N) and its compass.
#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/messages.h"
#include "common/absl_compat.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "vocabulary/authority.h"
#include "web/forms.h"

namespace prio::web {

namespace {

using Queries = v1::SurveyQueries::Stub;
using Commands = v1::SurveyCommands::Stub;

bool IsRanked(const v1::RoundView& r) { return r.round().ballot().kind() == v1::BALLOT_KIND_RANKED; }

void ShowBallot(Exchange& x, const std::string& round, const std::string& ags, int status,
                const Draft* draft) {
  absl::StatusOr<RoundAnswers> b = LoadRoundAnswers(x, round, ags);
  if (!b.ok()) return x.Fail(b.status());
  const bool ranked = IsRanked(b->round);
  std::map<std::string, std::string> values;
  if (draft != nullptr) {
    values = draft->values;
  } else {
    for (const v1::PointsAllocation& p : b->answers.ballot().points()) {
      values[p.service_id()] = absl::StrCat(p.points());
    }
    for (int i = 0; i < b->answers.ballot().ranked_size(); ++i) {
      values[b->answers.ballot().ranked(i)] = absl::StrCat(i + 1);
    }
  }
  const uint32_t budget = b->round.round().ballot().budget();
  std::string body = absl::StrCat("<p>", Esc(b->compass.municipality().name()), " · ",
                                  Esc(b->round.round().title()), "</p>", RoundLinks(x, round, ags));
  absl::StrAppend(
      &body, "<p>",
      ranked ? Esc(TrF(x.lang(), "Rank up to {} services: 1 is the most important.",
                       absl::StrCat(b->round.round().ballot().max_ranks())))
             : Esc(TrF(x.lang(), "Give up to {} points in all to the services that matter most to you.",
                       absl::StrCat(budget))),
      "</p>");
  if (draft != nullptr) absl::StrAppend(&body, Notice("error", draft->message));
  if (!b->answers.ballot().entered_by().empty()) {
    absl::StrAppend(&body, "<p>", Esc(TrF(x.lang(), "The current ballot was entered by the provider ({}).",
                                          b->answers.ballot().entered_by())), "</p>");
  }
  absl::StrAppend(&body, "<form method=\"post\" action=\"/rounds/", round, "/ballot/", ags, "\"",
                  ranked ? "" : absl::StrCat(" data-budget=\"", budget, "\""), ">", CsrfField(x.ctx),
                  RequestIdField());
  if (!ranked) {
    absl::StrAppend(&body, "<p id=\"remaining\" class=\"budget\" role=\"status\" data-left=\"",
                    Esc(x.T("{n} of {b} points left")), "\" data-over=\"", Esc(x.T("{n} points over the budget of {b}")),
                    "\">",
                    Esc(TrF(x.lang(), "Budget: {} points", absl::StrCat(budget))), "</p>");
  }
  absl::StrAppend(&body, "<table><caption>", Esc(x.T("Services of this round")), "</caption><thead><tr><th scope=\"col\">",
                  Esc(x.T("Service")), "</th><th scope=\"col\">", Esc(ranked ? x.T("Rank") : x.T("Points")),
                  "</th></tr></thead><tbody>");
  for (const v1::CompassEntry& e : b->compass.services()) {
    if (!e.in_round()) continue;
    const std::string fid = absl::StrCat("b-", FieldId(e.service_id()));
    auto it = values.find(e.service_id());
    absl::StrAppend(&body, "<tr><th scope=\"row\"><label for=\"", fid, "\">", Esc(e.name()),
                    " <span class=\"sid\">(", Esc(e.service_id()), ")</span></label></th><td><input id=\"",
                    fid, "\" name=\"v-", Esc(e.service_id()), "\" type=\"text\" inputmode=\"numeric\" size=\"5\"",
                    ranked ? "" : " data-points", " value=\"", Esc(it == values.end() ? "" : it->second),
                    "\"></td></tr>");
  }
  absl::StrAppend(&body, "</tbody></table><p class=\"actions\"><button type=\"submit\">",
                  Esc(x.T("Cast ballot")), "</button></p></form>");
  x.Html(status, x.T("Priority ballot"), body);
}

void CastBallot(Exchange& x) {
  const std::string round = x.Match(1), ags = x.Match(2);
  absl::StatusOr<RoundAnswers> b = LoadRoundAnswers(x, round, ags);
  if (!b.ok()) return x.Fail(b.status());
  const bool ranked = IsRanked(b->round);
  Draft d;
  d.key = "ballot";
  v1::CastBallotRequest req;
  req.mutable_options()->set_request_id(x.Param("request_id"));
  req.set_round_id(round);
  req.set_ags(ags);
  std::vector<std::pair<uint32_t, std::string>> ranks;
  for (const v1::CompassEntry& e : b->compass.services()) {
    if (!e.in_round()) continue;
    const std::string v(absl::StripAsciiWhitespace(x.Param("v-" + e.service_id())));
    d.values[e.service_id()] = v;
    if (v.empty()) continue;
    uint32_t n = 0;
    if (!absl::SimpleAtoi(v, &n)) {
      if (d.message.empty()) {
        d.message = TrF(x.lang(), "{}: enter a whole number of 0 or more, not \"{}\".", e.name(), v);
      }
      continue;
    }
    if (ranked) {
      if (n > 0) ranks.emplace_back(n, e.service_id());
    } else if (n > 0) {
      v1::PointsAllocation* p = req.mutable_ballot()->add_points();
      p->set_service_id(e.service_id());
      p->set_points(n);
    }
  }
  std::sort(ranks.begin(), ranks.end());
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (i > 0 && ranks[i].first == ranks[i - 1].first && d.message.empty()) {
      d.message = TrF(x.lang(), "Rank {} is given twice.", absl::StrCat(ranks[i].first));
    }
    req.mutable_ballot()->add_ranked(ranks[i].second);
  }
  if (d.message.empty()) {
    absl::StatusOr<v1::CommandResponse> r = x.Command(&Commands::CastBallot, req);
    if (!r.ok()) {
      if (absl::IsUnauthenticated(r.status()) || absl::IsPermissionDenied(r.status())) {
        return x.Fail(r.status());
      }
      d.message = client::RefusalText(x.lang(), ToStd(r.status().message()));
    }
  }
  if (!d.message.empty()) return ShowBallot(x, round, ags, 422, &d);
  x.sessions.SetFlash(x.session.id, std::string(x.T("Your ballot was saved.")));
  x.Redirect(absl::StrCat("/rounds/", round, "/ballot/", ags));
}

void ShowCompass(Exchange& x) {
  v1::CompassRequest cr;
  cr.set_ags(x.Match(1));
  cr.set_round_id(x.Param("round"));
  absl::StatusOr<v1::CompassResponse> c = x.Call(&Queries::Compass, cr);
  if (!c.ok()) return x.Fail(c.status());
  const v1::Municipality& m = c->municipality();
  std::string body = absl::StrCat(
      "<p>", Esc(TrF(x.lang(), "{} ({})", m.name(), SizeClassName(x.lang(), m.size_class()))), "</p><p>",
      Esc(TrF(x.lang(), "The services this municipality must provide, by the mapping \"{}\".",
              c->mapping_source())),
      "</p><table><caption>", Esc(TrF(x.lang(), "{} services", absl::StrCat(c->services_size()))),
      "</caption><thead><tr><th scope=\"col\">", Esc(x.T("Service")), "</th><th scope=\"col\">",
      Esc(x.T("In this round")), "</th><th scope=\"col\">", Esc(x.T("Answer")), "</th><th scope=\"col\">",
      Esc(x.T("LeiKa entries and who executes them")), "</th></tr></thead><tbody>");
  for (const v1::CompassEntry& e : c->services()) {
    std::string leika;
    for (const v1::CompassLeika& l : e.leika()) {
      std::vector<v1::AuthorityKind> kinds;
      for (int k : l.authorities()) kinds.push_back(static_cast<v1::AuthorityKind>(k));
      absl::StrAppend(&leika, "<li>", Esc(l.name()), " – ", Esc(vocab::JoinAuthorityNames(kinds)),
                      l.office().empty() ? "" : absl::StrCat(" (", Esc(l.office()), ")"),
                      l.exception().empty() ? "" : absl::StrCat("; ", Esc(l.exception())), "</li>");
    }
    absl::StrAppend(&body, "<tr><th scope=\"row\">", Esc(e.name()), " <span class=\"sid\">(",
                    Esc(e.service_id()), ")</span></th><td>", Esc(e.in_round() ? x.T("yes") : x.T("no")),
                    "</td><td>", Esc(e.answered() ? e.level() : std::string(x.T("–"))), "</td><td><ul>",
                    leika, "</ul></td></tr>");
  }
  absl::StrAppend(&body, "</tbody></table>");
  x.Html(200, TrF(x.lang(), "OZG-Kompass: {}", m.name()), body);
}

}  // namespace

void AddBallotPages(Router& r) {
  const std::string path = "/rounds/([a-z0-9-]+)/ballot/([0-9]{8})";
  r.Get(path, [](Exchange& x) { ShowBallot(x, x.Match(1), x.Match(2), 200, nullptr); });
  r.Post(path, CastBallot);
}

void AddCompassPage(Router& r) { r.Get("/compass/([0-9]{8})", ShowCompass); }

}  // namespace prio::web
