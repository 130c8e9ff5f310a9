// A municipality's pages: the questionnaire of a round (the services it must provide,
// saved per service, refusals beside the field), its CSV download and upload, the
// priority ballot, and its compass. Every call carries the session's token: priod
// refuses another municipality's AGS (PERMISSION_DENIED, shown as 403).
#include <map>
#include <set>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/csv.h"
#include "client/messages.h"
#include "client/output.h"
#include "client/row_origins.h"
#include "client/survey_csv.h"
#include "common/absl_compat.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "vocabulary/authority.h"
#include "vocabulary/need_level.h"
#include "vocabulary/quarter.h"
#include "web/exchange.h"
#include "web/forms.h"

namespace prio::web {

namespace {

using Queries = v1::SurveyQueries::Stub;
using Commands = v1::SurveyCommands::Stub;

constexpr v1::NeedLevel kLevels[] = {v1::NEED_LEVEL_REQUIRED, v1::NEED_LEVEL_WANTED,
                                     v1::NEED_LEVEL_OPTIONAL, v1::NEED_LEVEL_NOT_NEEDED,
                                     v1::NEED_LEVEL_ALREADY_LIVE};

// The need form's fields, and the Need field a refusal names for each.
struct NeedField {
  const char* form;
  const char* need;
  const char* label;
};
constexpr NeedField kNeedFields[] = {
    {"level", "level", "Need"},
    {"quarter", "desired_start_quarter", "Desired start (quarter)"},
    {"cases", "yearly_cases", "Expected cases per year"},
    {"department", "department", "Responsible department"},
    {"comment", "comment", "Comment"},
    {"contact_name", "contact_name", "Contact person"},
    {"contact_email", "contact_email", "Contact e-mail"},
};

std::string Base(const std::string& round, const std::string& ags) {
  return absl::StrCat("/rounds/", round, "/answers/", ags);
}

std::vector<std::string> WindowQuarters(const v1::RoundOpened& r) {
  std::vector<std::string> out;
  absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(r.plan_start_quarter());
  if (!q.ok()) return out;
  for (uint32_t i = 0; i < r.horizon_quarters(); ++i) out.push_back(q->Plus(static_cast<int>(i)).ToString());
  return out;
}

using Questionnaire = RoundAnswers;

const v1::Need* FindNeed(const Questionnaire& q, const std::string& service) {
  for (const v1::Need& n : q.answers.needs()) {
    if (n.service_id() == service) return &n;
  }
  return nullptr;
}

std::map<std::string, std::string> NeedValues(const v1::Need* n) {
  std::map<std::string, std::string> v;
  if (n == nullptr) return v;
  v["level"] = std::string(vocab::NeedLevelKey(n->level()));
  v["quarter"] = n->desired_start_quarter();
  if (n->has_yearly_cases()) v["cases"] = absl::StrCat(n->yearly_cases());
  v["department"] = n->department();
  v["comment"] = n->comment();
  v["contact_name"] = n->contact_name();
  v["contact_email"] = n->contact_email();
  return v;
}

// "Answered: required", and who entered it if provider staff did.
std::string State(Exchange& x, const v1::Need* n) {
  if (n == nullptr) return Esc(x.T("Not answered yet"));
  std::string out = Esc(TrF(x.lang(), "Answered: {}", LevelName(x.lang(), n->level())));
  if (!n->entered_by().empty()) {
    absl::StrAppend(&out, " · ", Esc(TrF(x.lang(), "entered by the provider ({})", n->entered_by())));
  }
  return out;
}

// What every service's form on a page shares, escaped once (a questionnaire has a
// hundred forms and more).
struct FormParts {
  std::string action, hidden;  // the form's action and its csrf field
  std::string labels[std::size(kNeedFields)];
  std::vector<std::pair<std::string, std::string>> levels;  // key, escaped name
  std::vector<std::string> quarters;                        // the planning window
  std::string choose, no_preference, save;
};

FormParts MakeFormParts(Exchange& x, const Questionnaire& q) {
  FormParts p;
  p.action = absl::StrCat(Base(q.round.round().round_id(), q.compass.municipality().ags()), "/need");
  p.hidden = CsrfField(x.ctx);
  for (size_t i = 0; i < std::size(kNeedFields); ++i) p.labels[i] = Esc(x.T(kNeedFields[i].label));
  for (v1::NeedLevel l : kLevels) {
    p.levels.emplace_back(std::string(vocab::NeedLevelKey(l)), Esc(LevelName(x.lang(), l)));
  }
  p.quarters = WindowQuarters(q.round.round());
  p.choose = Esc(x.T("– please choose –"));
  p.no_preference = Esc(x.T("no preference"));
  p.save = Esc(x.T("Save"));
  return p;
}

// Appends one service's section and form to `out`.
void AppendNeedForm(Exchange& x, const FormParts& parts, const v1::CompassEntry& e,
                    const v1::Need* need, const Draft* draft, std::string* out) {
  const std::string& sid = e.service_id();
  const bool mine = draft != nullptr && draft->key == sid;
  const std::map<std::string, std::string> values = mine ? draft->values : NeedValues(need);
  auto value = [&](const char* f) -> std::string_view {
    auto it = values.find(f);
    return it == values.end() ? std::string_view() : std::string_view(it->second);
  };
  const std::string id = FieldId(sid);
  absl::StrAppend(out, "<section class=\"service\" id=\"s-", id, "\" aria-labelledby=\"h-", id,
                  "\"><h3 id=\"h-", id, "\">", Esc(e.name()), " <span class=\"sid\">(", Esc(sid),
                  ")</span></h3><p class=\"state\">", State(x, need), "</p>");
  if (e.leika_size() > 0) {
    absl::StrAppend(out, "<details><summary>",
                    Esc(TrF(x.lang(), "LeiKa entries ({})", absl::StrCat(e.leika_size()))),
                    "</summary><ul>");
    for (const v1::CompassLeika& l : e.leika()) {
      absl::StrAppend(out, "<li>", Esc(l.leika_key()), " ", Esc(l.name()));
      if (!l.office().empty()) absl::StrAppend(out, " – ", Esc(l.office()));
      absl::StrAppend(out, "</li>");
    }
    absl::StrAppend(out, "</ul></details>");
  }
  absl::StrAppend(out, "<form method=\"post\" action=\"", parts.action, "\" data-need>", parts.hidden,
                  RequestIdField(), "<input type=\"hidden\" name=\"service\" value=\"", Esc(sid), "\">");
  if (mine && draft->field.empty() && !draft->message.empty()) {
    absl::StrAppend(out, Notice("error", draft->message));
  }
  for (size_t i = 0; i < std::size(kNeedFields); ++i) {
    const std::string_view form = kNeedFields[i].form;
    const bool bad = mine && draft->field == form;
    const std::string fid = absl::StrCat("f-", id, "-", ToAbsl(form));
    const std::string eid = absl::StrCat("e-", id, "-", ToAbsl(form));
    const std::string aria =
        absl::StrCat(" aria-describedby=\"", eid, "\"", bad ? " aria-invalid=\"true\"" : "");
    absl::StrAppend(out, "<div class=\"field\"><label for=\"", fid, "\">", parts.labels[i], "</label>");
    const std::string_view v = value(kNeedFields[i].form);
    if (form == "level") {
      absl::StrAppend(out, "<select id=\"", fid, "\" name=\"level\"", aria, "><option value=\"\">",
                      parts.choose, "</option>");
      for (const auto& [key, name] : parts.levels) {
        absl::StrAppend(out, "<option value=\"", key, "\"", v == key ? " selected" : "", ">", name,
                        "</option>");
      }
      absl::StrAppend(out, "</select>");
    } else if (form == "quarter") {
      absl::StrAppend(out, "<select id=\"", fid, "\" name=\"quarter\"", aria, "><option value=\"\">",
                      parts.no_preference, "</option>");
      if (!v.empty() && std::find(parts.quarters.begin(), parts.quarters.end(), v) == parts.quarters.end()) {
        absl::StrAppend(out, "<option selected>", Esc(v), "</option>");  // as entered, so the refusal shows it
      }
      for (const std::string& qu : parts.quarters) {
        absl::StrAppend(out, "<option", qu == v ? " selected" : "", ">", qu, "</option>");
      }
      absl::StrAppend(out, "</select>");
    } else if (form == "comment") {
      absl::StrAppend(out, "<textarea id=\"", fid, "\" name=\"comment\" rows=\"2\"", aria, ">", Esc(v),
                      "</textarea>");
    } else {
      absl::StrAppend(out, "<input id=\"", fid, "\" name=\"", ToAbsl(form), "\" type=\"text\"",
                      form == "cases" ? " inputmode=\"numeric\"" : "",
                      form == "contact_email" ? " inputmode=\"email\" autocomplete=\"email\"" : "",
                      form == "contact_name" ? " autocomplete=\"name\"" : "", " value=\"", Esc(v),
                      "\"", aria, ">");
    }
    absl::StrAppend(out, "<p class=\"field-error\" id=\"", eid, "\"", bad ? "" : " hidden", ">",
                    bad ? Esc(draft->message) : "", "</p></div>");
  }
  absl::StrAppend(out, "<p class=\"actions\"><button type=\"submit\">", parts.save,
                  "</button> <span class=\"saved\" role=\"status\"></span></p></form></section>");
}

std::string Progress(Exchange& x, const std::vector<const v1::CompassEntry*>& in_round) {
  std::vector<const v1::CompassEntry*> missing;
  for (const v1::CompassEntry* e : in_round) {
    if (!e->answered()) missing.push_back(e);
  }
  const size_t total = in_round.size();
  std::string out = absl::StrCat(
      "<p id=\"progress\" class=\"progress\" role=\"status\" data-total=\"", total, "\">",
      Esc(TrF(x.lang(), "{} of {} answered", absl::StrCat(total - missing.size()),
              absl::StrCat(total))),
      "</p><progress id=\"progress-bar\" max=\"", total, "\" value=\"", total - missing.size(),
      "\" aria-labelledby=\"progress\"></progress>");
  if (!missing.empty()) {
    absl::StrAppend(&out, "<details class=\"missing\"><summary>",
                    Esc(TrF(x.lang(), "Still missing ({})", absl::StrCat(missing.size()))),
                    "</summary><ul>");
    for (const v1::CompassEntry* e : missing) {
      absl::StrAppend(&out, "<li><a href=\"#s-", FieldId(e->service_id()), "\">", Esc(e->name()),
                      "</a></li>");
    }
    absl::StrAppend(&out, "</ul></details>");
  }
  return out;
}

void ShowQuestionnaire(Exchange& x, const std::string& round, const std::string& ags, int status,
                       const Draft* draft) {
  absl::StatusOr<Questionnaire> q = LoadRoundAnswers(x, round, ags);
  if (!q.ok()) return x.Fail(q.status());
  const v1::Municipality& m = q->compass.municipality();
  const std::string base = Base(round, ags);
  std::string body = absl::StrCat(
      "<p>", Esc(TrF(x.lang(), "{} ({})", m.name(), SizeClassName(x.lang(), m.size_class()))),
      " · ", Esc(q->round.round().title()), " · ", Esc(PhaseName(x.lang(), q->round.phase())),
      "</p>", RoundLinks(x, round, ags));
  if (x.session.role == v1::ROLE_ADMIN) {
    absl::StrAppend(&body, Notice(q->round.round().answers_by_provider() ? "ok" : "error",
                                  q->round.round().answers_by_provider()
                                      ? TrF(x.lang(), "You are entering answers on behalf of {} (received on paper or by e-mail); they are recorded as entered by you.", m.name())
                                      : std::string(x.T("This round takes answers from its participants only; provider staff can read them here but not enter any."))));
  }
  const std::vector<const v1::CompassEntry*> in_round = q->InRound();
  absl::StrAppend(&body, Progress(x, in_round));
  if (draft != nullptr && draft->key == "csv") absl::StrAppend(&body, Notice("error", draft->message));
  absl::StrAppend(
      &body, "<section aria-labelledby=\"csv-h\"><h2 id=\"csv-h\">", Esc(x.T("Excel / CSV")),
      "</h2><p><a href=\"", base, "/csv\" download>", Esc(x.T("Download the answers as CSV")),
      "</a></p><form method=\"post\" action=\"", base,
      "/csv\" enctype=\"multipart/form-data\">", CsrfField(x.ctx), RequestIdField(),
      "<div class=\"field\"><label for=\"csv-file\">", Esc(x.T("Upload answers (CSV, as the CLI accepts)")),
      "</label><input id=\"csv-file\" name=\"csv\" type=\"file\" accept=\".csv,text/csv\"></div>"
      "<p class=\"actions\"><button type=\"submit\">", Esc(x.T("Upload")), "</button></p></form></section>");
  std::map<std::string, std::vector<const v1::CompassEntry*>> groups;
  for (const v1::CompassEntry* e : in_round) {
    groups[e->themenfeld().empty() ? std::string(x.T("Other")) : e->themenfeld()].push_back(e);
  }
  const FormParts parts = MakeFormParts(x, *q);
  std::map<std::string_view, const v1::Need*> needs;
  for (const v1::Need& n : q->answers.needs()) needs[n.service_id()] = &n;
  body.reserve(body.size() + 4096 * in_round.size());
  int g = 0;
  for (const auto& [themenfeld, entries] : groups) {
    absl::StrAppend(&body, "<section class=\"themenfeld\" aria-labelledby=\"tf-", g, "\"><h2 id=\"tf-", g,
                    "\">", Esc(themenfeld), " <span class=\"count\">(", entries.size(), ")</span></h2>");
    for (const v1::CompassEntry* e : entries) {
      auto n = needs.find(e->service_id());
      AppendNeedForm(x, parts, *e, n == needs.end() ? nullptr : n->second, draft, &body);
    }
    absl::StrAppend(&body, "</section>");
    ++g;
  }
  if (in_round.empty()) absl::StrAppend(&body, "<p>", Esc(x.T("This round asks nothing of this municipality.")), "</p>");
  x.Html(status, TrF(x.lang(), "Questionnaire: {}", m.name()), body);
}

// The Need field a refusal names ("needs[0].desired_start_quarter: ...") as the form's.
std::string RefusedField(std::string_view message) {
  for (const NeedField& f : kNeedFields) {
    if (absl::StartsWith(ToAbsl(message), absl::StrCat("needs[0].", f.need, ":"))) return f.form;
  }
  return "";
}

void SaveNeed(Exchange& x) {
  const std::string round = x.Match(1), ags = x.Match(2);
  Draft d;
  d.key = x.Param("service");
  for (const NeedField& f : kNeedFields) d.values[f.form] = x.Param(f.form);
  v1::SubmitNeedsRequest req;
  req.mutable_options()->set_request_id(x.Param("request_id"));
  req.set_round_id(round);
  req.set_ags(ags);
  v1::Need* n = req.add_needs();
  n->set_service_id(d.key);
  if (d.values["level"].empty()) {
    d.field = "level";
    d.message = x.T("Choose a need level.");
  } else if (absl::StatusOr<v1::NeedLevel> l = vocab::ParseNeedLevel(d.values["level"]); !l.ok()) {
    d.field = "level";
    d.message = std::string(l.status().message());
  } else {
    n->set_level(*l);
  }
  if (d.message.empty() && !d.values["cases"].empty()) {
    int64_t cases = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(d.values["cases"]), &cases) || cases < 0) {
      d.field = "cases";
      d.message = x.T("Enter the expected cases per year as a whole number of 0 or more.");
    } else {
      n->set_yearly_cases(cases);
    }
  }
  n->set_desired_start_quarter(d.values["quarter"]);
  n->set_department(std::string(absl::StripAsciiWhitespace(d.values["department"])));
  n->set_comment(d.values["comment"]);
  n->set_contact_name(std::string(absl::StripAsciiWhitespace(d.values["contact_name"])));
  n->set_contact_email(std::string(absl::StripAsciiWhitespace(d.values["contact_email"])));
  if (d.message.empty()) {
    absl::StatusOr<v1::CommandResponse> r = x.Command(&Commands::SubmitNeeds, req);
    if (!r.ok()) {
      if (absl::IsUnauthenticated(r.status()) || absl::IsPermissionDenied(r.status()) ||
          absl::IsUnavailable(r.status())) {
        return x.Fail(r.status());
      }
      const std::string_view raw = ToStd(r.status().message());
      d.field = RefusedField(raw);
      d.message = client::RefusalText(x.lang(), d.field.empty() ? raw : client::WithoutFieldPath(raw));
    }
  }
  if (x.WantsJson()) {
    std::string json = absl::StrCat("{\"ok\":", d.message.empty() ? "true" : "false",
                                    ",\"field\":", client::JsonString(d.field),
                                    ",\"message\":", client::JsonString(d.message.empty() ? std::string(x.T("Saved")) : d.message),
                                    ",\"request_id\":", client::JsonString(NewRequestId()));
    if (d.message.empty()) {
      v1::CompassRequest cr;
      cr.set_ags(ags);
      cr.set_round_id(round);
      cr.set_skip_leika(true);  // the counts only
      if (absl::StatusOr<v1::CompassResponse> c = x.Call(&Queries::Compass, cr); c.ok()) {
        absl::StrAppend(&json, ",\"progress\":",
                        client::JsonString(TrF(x.lang(), "{} of {} answered", absl::StrCat(c->answered()),
                                               absl::StrCat(c->answered() + c->missing()))),
                        ",\"answered\":", c->answered());
      }
    }
    return x.Json(d.message.empty() ? 200 : 422, json + "}");
  }
  if (!d.message.empty()) return ShowQuestionnaire(x, round, ags, 422, &d);
  x.sessions.SetFlash(x.session.id, TrF(x.lang(), "Saved: service {}", d.key));
  x.Redirect(absl::StrCat(Base(round, ags), "#s-", FieldId(d.key)));
}

void DownloadCsv(Exchange& x) {
  const std::string round = x.Match(1), ags = x.Match(2);
  absl::StatusOr<Questionnaire> q = LoadRoundAnswers(x, round, ags);
  if (!q.ok()) return x.Fail(q.status());
  std::string csv = "\xEF\xBB\xBF";  // Excel reads UTF-8 with a byte order mark
  AppendCsvLine({"ozg_id", "bezeichnung", "bedarf", "quartal", "fallzahl", "fachbereich",
                 "kommentar", "ansprechperson", "e-mail"}, ';', &csv);
  for (const v1::CompassEntry* e : q->InRound()) {
    const v1::Need* n = FindNeed(*q, e->service_id());
    if (n == nullptr) continue;
    AppendCsvLine({n->service_id(), e->name(), std::string(vocab::NeedLevelKey(n->level())),
                   n->desired_start_quarter(), n->has_yearly_cases() ? absl::StrCat(n->yearly_cases()) : "",
                   SpreadsheetText(n->department()), SpreadsheetText(n->comment()),
                   SpreadsheetText(n->contact_name()), n->contact_email()},
                  ';', &csv);
  }
  x.res.set_header("Content-Disposition",
                   absl::StrCat("attachment; filename=\"bedarf-", round, "-", ags, ".csv\""));
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_content(csv, "text/csv; charset=utf-8");
}

void UploadCsv(Exchange& x) {
  const std::string round = x.Match(1), ags = x.Match(2);
  Draft d;
  d.key = "csv";
  if (!x.req.has_file("csv") || x.req.get_file_value("csv").content.empty()) {
    d.message = x.T("Choose a CSV file to upload.");
    return ShowQuestionnaire(x, round, ags, 422, &d);
  }
  const httplib::MultipartFormData file = x.req.get_file_value("csv");
  const std::string name = file.filename.empty() ? "upload.csv" : file.filename;
  absl::StatusOr<CsvTable> t = CsvTable::Parse(file.content, name);
  absl::StatusOr<std::vector<v1::Need>> needs =
      t.ok() ? client::NeedsFromCsv(*t) : absl::StatusOr<std::vector<v1::Need>>(t.status());
  if (!needs.ok()) {
    d.message = std::string(needs.status().message());
    return ShowQuestionnaire(x, round, ags, 422, &d);
  }
  v1::SubmitNeedsRequest req;
  req.mutable_options()->set_request_id(x.Param("request_id"));
  req.set_round_id(round);
  req.set_ags(ags);
  client::RowOrigins origins(*t, "needs");
  origins.MapField("service_id", t->Column({"service", "service_id", "ozg_id", "leistung"}));
  for (size_t i = 0; i < needs->size(); ++i) {
    *req.add_needs() = (*needs)[i];
    origins.Add(t->rows()[i]);
  }
  absl::StatusOr<v1::CommandResponse> r = x.Command(&Commands::SubmitNeeds, req);
  if (!r.ok()) {
    if (absl::IsUnauthenticated(r.status()) || absl::IsPermissionDenied(r.status())) return x.Fail(r.status());
    std::optional<absl::Status> located = origins.Locate(r.status());
    d.message = std::string(located ? located->message() : r.status().message());
    return ShowQuestionnaire(x, round, ags, 422, &d);
  }
  x.sessions.SetFlash(x.session.id, TrF(x.lang(), "{} answers uploaded from {}",
                                        absl::StrCat(needs->size()), name));
  x.Redirect(Base(round, ags));
}

}  // namespace


void AddMunicipalityPages(Router& r) {
  const std::string base = "/rounds/([a-z0-9-]+)/answers/([0-9]{8})";
  r.Get(base, [](Exchange& x) { ShowQuestionnaire(x, x.Match(1), x.Match(2), 200, nullptr); });
  r.Post(base + "/need", SaveNeed);
  r.Get(base + "/csv", DownloadCsv);
  r.Post(base + "/csv", UploadCsv);
  AddBallotPages(r);
  AddCompassPage(r);
}

}  // namespace prio::web
