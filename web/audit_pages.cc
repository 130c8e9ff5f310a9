// The auditor's page: the signed checkpoints, and a form that asks priod to prove a
// position's inclusion. The page shows priod's answer; verifying it against the pinned
// key is the CLI's job (`prio audit prove`), whose command line the page prints.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/messages.h"
#include "common/absl_compat.h"
#include "common/hex.h"
#include "common/time_format.h"
#include "prio/v1/audit.grpc.pb.h"
#include "web/exchange.h"
#include "web/forms.h"

namespace prio::web {

namespace {

using Audit = v1::Audit::Stub;

std::string Hex(const std::string& bytes) { return HexEncode(bytes); }

void ShowAudit(Exchange& x, int status, const std::string& answer) {
  absl::StatusOr<v1::ListCheckpointsResponse> cps =
      x.Call(&Audit::ListCheckpoints, v1::ListCheckpointsRequest());
  if (!cps.ok()) return x.Fail(cps.status());
  std::string body = absl::StrCat("<table><caption>", Esc(x.T("Signed checkpoints")), "</caption><thead><tr>");
  for (std::string_view h : {"Tree size", "Issued", "Root hash", "Key"}) {
    absl::StrAppend(&body, "<th scope=\"col\">", Esc(x.T(h)), "</th>");
  }
  absl::StrAppend(&body, "</tr></thead><tbody>");
  for (const v1::Checkpoint& c : cps->checkpoints()) {
    absl::StrAppend(&body, "<tr><th scope=\"row\">", c.tree_size(), "</th><td>", Esc(FormatTime(c.issued_at_us())),
                    "</td><td class=\"hash\">", Hex(c.root_hash()), "</td><td>", Esc(c.key_id()), "</td></tr>");
  }
  absl::StrAppend(&body, "</tbody></table>");
  if (cps->checkpoints().empty()) absl::StrAppend(&body, "<p>", Esc(x.T("No checkpoint yet.")), "</p>");
  absl::StrAppend(&body, "<h2>", Esc(x.T("Prove that an event is in the log")), "</h2>", answer,
                  "<form method=\"post\" action=\"/audit/prove\">", CsrfField(x.ctx),
                  "<div class=\"field\"><label for=\"position\">", Esc(x.T("Log position")),
                  "</label><input id=\"position\" name=\"position\" type=\"text\" inputmode=\"numeric\" value=\"",
                  Esc(x.Param("position")), "\"></div><div class=\"field\"><label for=\"tree_size\">",
                  Esc(x.T("Checkpoint (tree size; empty: the latest)")),
                  "</label><input id=\"tree_size\" name=\"tree_size\" type=\"text\" inputmode=\"numeric\" value=\"",
                  Esc(x.Param("tree_size")), "\"></div><p class=\"actions\"><button type=\"submit\">",
                  Esc(x.T("Ask for the proof")), "</button></p></form>");
  x.Html(status, x.T("Audit"), body);
}

void Prove(Exchange& x) {
  v1::ProveInclusionRequest req;
  uint64_t position = 0, tree_size = 0;
  if (!absl::SimpleAtoi(x.Param("position"), &position) || position == 0) {
    return ShowAudit(x, 422, Notice("error", x.T("Enter a log position (1 or more).")));
  }
  if (!x.Param("tree_size").empty() && !absl::SimpleAtoi(x.Param("tree_size"), &tree_size)) {
    return ShowAudit(x, 422, Notice("error", x.T("The checkpoint is a tree size: a whole number.")));
  }
  req.set_position(position);
  req.set_tree_size(tree_size);
  absl::StatusOr<v1::ProveInclusionResponse> r = x.Call(&Audit::ProveInclusion, req);
  if (!r.ok()) {
    if (absl::IsUnauthenticated(r.status())) return x.Fail(r.status());
    return ShowAudit(x, 422, Notice("error", client::RefusalText(x.lang(), ToStd(r.status().message()))));
  }
  std::string answer = absl::StrCat(
      "<section class=\"answer\" aria-labelledby=\"answer-h\"><h3 id=\"answer-h\">", Esc(x.T("priod's answer")),
      "</h3><dl><dt>", Esc(x.T("Event")), "</dt><dd>", r->event().position(), " · ", Esc(r->event().stream()), " · ",
      Esc(r->event().type()), "</dd><dt>", Esc(x.T("Event hash")), "</dt><dd class=\"hash\">", Hex(r->event().hash()),
      "</dd><dt>", Esc(x.T("Checkpoint")), "</dt><dd>", r->checkpoint().tree_size(), " · ",
      Hex(r->checkpoint().root_hash()), "</dd><dt>", Esc(x.T("Audit path")), "</dt><dd>",
      Esc(TrF(x.lang(), "{} hashes", absl::StrCat(r->proof_size()))), "</dd></dl><p>",
      Esc(x.T("This page only shows what priod answered. Verify it yourself against the pinned public key:")),
      "</p><pre><code>prio audit prove --position ", position, " --checkpoint ", r->checkpoint().tree_size(),
      " --public-key prio-audit.pem</code></pre></section>");
  ShowAudit(x, 200, answer);
}

}  // namespace

void AddAuditPages(Router& r) {
  r.Get("/audit", [](Exchange& x) { ShowAudit(x, 200, ""); });
  r.Post("/audit/prove", Prove);
}

}  // namespace prio::web
