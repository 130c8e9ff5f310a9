#include "web/forms.h"

#include "absl/strings/str_cat.h"
#include "prio/v1/queries.grpc.pb.h"

namespace prio::web {

absl::StatusOr<RoundAnswers> LoadRoundAnswers(Exchange& x, const std::string& round,
                                              const std::string& ags) {
  using Queries = v1::SurveyQueries::Stub;
  RoundAnswers out;
  v1::GetRoundRequest gr;
  gr.set_round_id(round);
  absl::StatusOr<v1::GetRoundResponse> r = x.Call(&Queries::GetRound, gr);
  if (!r.ok()) return r.status();
  out.round = r->round();
  v1::CompassRequest cr;
  cr.set_ags(ags);
  cr.set_round_id(round);
  absl::StatusOr<v1::CompassResponse> c = x.Call(&Queries::Compass, cr);
  if (!c.ok()) return c.status();
  out.compass = *std::move(c);
  v1::GetAnswersRequest ar;
  ar.set_round_id(round);
  ar.set_ags(ags);
  absl::StatusOr<v1::GetAnswersResponse> a = x.Call(&Queries::GetAnswers, ar);
  if (!a.ok()) return a.status();
  out.answers = *std::move(a);
  return out;
}

std::vector<const v1::CompassEntry*> RoundAnswers::InRound() const {
  std::vector<const v1::CompassEntry*> out;
  for (const v1::CompassEntry& e : compass.services()) {
    if (e.in_round()) out.push_back(&e);
  }
  return out;
}

std::string NewRequestId() { return RandomHex32().substr(0, 32); }

std::string RequestIdField() {
  return absl::StrCat("<input type=\"hidden\" name=\"request_id\" value=\"", NewRequestId(), "\">");
}

std::string FieldId(const std::string& service_id) {
  // Letters, digits and '-' as they are; '.' and '_' (the other characters an id may
  // have) as _2e and _5f, so that different ids never share an HTML id.
  std::string out;
  for (char c : service_id) {
    if (c == '.') {
      out += "_2e";
    } else if (c == '_') {
      out += "_5f";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RoundLinks(Exchange& x, const std::string& round, const std::string& ags) {
  const std::string a = absl::StrCat("/rounds/", round);
  return absl::StrCat("<nav class=\"round-links\" aria-label=\"", Esc(x.T("This round")), "\"><ul>",
                      "<li><a href=\"", a, "/answers/", ags, "\">", Esc(x.T("Questionnaire")), "</a></li>",
                      "<li><a href=\"", a, "/ballot/", ags, "\">", Esc(x.T("Priority ballot")), "</a></li>",
                      "<li><a href=\"/compass/", ags, "?round=", UrlEncode(round), "\">", Esc(x.T("Compass")), "</a></li>",
                      "<li><a href=\"", a, "/plan?ags=", ags, "\">", Esc(x.T("Our part of the plan")), "</a></li>",
                      "<li><a href=\"", a, "/ranking\">", Esc(x.T("Ranking")), "</a></li></ul></nav>");
}

}  // namespace prio::web
