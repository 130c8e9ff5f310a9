// prio token|gdpr: bearer tokens (create, list, revoke, whoami) and the erasure of a
// municipality's personal data.
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/cli.h"
#include "client/unary.h"
#include "prio/v1/security.grpc.pb.h"
#include "common/time_format.h"

namespace prio::client {
namespace {

using Security = v1::Security::Stub;

struct SecurityOptions {
  std::string role, ags, note, id, reason;
  bool all = false;
};

// "admin" for ROLE_ADMIN.
std::string RoleName(v1::Role role) {
  return absl::AsciiStrToLower(v1::Role_Name(role).substr(std::string_view("ROLE_").size()));
}

std::string Time(int64_t us) {
  if (us == 0) return "";
  return FormatTime(us, TimeFormat::kExact);
}

Table TokenTable(const std::vector<const v1::TokenInfo*>& tokens) {
  Table t({"token_id", "role", "ags", "note", "issuer", "created", "revoked", "revoked_by",
           "revoke_reason"},
          {Table::kText, Table::kText, Table::kText, Table::kText, Table::kText, Table::kText,
           Table::kText, Table::kText, Table::kText});
  for (const v1::TokenInfo* i : tokens) {
    t.AddRow({i->token_id(), RoleName(i->role()), i->ags(), i->note(), i->issuer(),
              Time(i->created_at_us()), Time(i->revoked_at_us()), i->revoked_by(),
              i->revoke_reason()});
  }
  return t;
}

int Create(Cli& cli, const SecurityOptions& o) {
  v1::CreateTokenRequest req;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  if (!v1::Role_Parse("ROLE_" + absl::AsciiStrToUpper(o.role), &role) ||
      role == v1::ROLE_UNSPECIFIED) {
    return Cli::Usage("--role: choose admin, municipality, service or auditor");
  }
  if (role == v1::ROLE_MUNICIPALITY && o.ags.empty()) {
    return Cli::Usage("--ags: a municipality token is bound to one municipality's AGS");
  }
  req.set_role(role);
  req.set_ags(o.ags);
  req.set_note(o.note);
  std::optional<v1::CreateTokenResponse> r = cli.Query(&Security::CreateToken, req);
  if (!r) return Cli::kFailed;
  if (cli.format == OutputFormat::kTable) {
    // The token alone on stdout (TOKEN=$(prio token create ...)); the rest on stderr.
    std::cout << r->token() << "\n";
    std::cerr << "token " << r->info().token_id() << " (" << RoleName(r->info().role())
              << (r->info().ags().empty() ? "" : " " + r->info().ags())
              << ") created; it is shown only now and stored only as a hash\n";
    return 0;
  }
  Table t({"token", "token_id", "role", "ags", "note"},
          {Table::kText, Table::kText, Table::kText, Table::kText, Table::kText});
  t.AddRow({r->token(), r->info().token_id(), RoleName(r->info().role()), r->info().ags(),
            r->info().note()});
  cli.PrintRecord(t);
  return 0;
}

int List(Cli& cli, const SecurityOptions& o) {
  v1::ListTokensRequest req;
  req.set_include_revoked(o.all);
  std::optional<v1::ListTokensResponse> r = cli.Query(&Security::ListTokens, req);
  if (!r) return Cli::kFailed;
  std::vector<const v1::TokenInfo*> tokens;
  for (const v1::TokenInfo& i : r->tokens()) tokens.push_back(&i);
  cli.Print(TokenTable(tokens));
  return 0;
}

int Revoke(Cli& cli, const SecurityOptions& o) {
  v1::RevokeTokenRequest req;
  req.set_token_id(o.id);
  req.set_reason(o.reason);
  std::optional<v1::RevokeTokenResponse> r = cli.Query(&Security::RevokeToken, req);
  if (!r) return Cli::kFailed;
  if (cli.format == OutputFormat::kTable) {
    std::cout << "token " << r->info().token_id() << " revoked; it is refused from now on\n";
    return 0;
  }
  cli.Print(TokenTable({&r->info()}));
  return 0;
}

int WhoAmI(Cli& cli, const SecurityOptions&) {
  std::optional<v1::WhoAmIResponse> r = cli.Query(&Security::WhoAmI, v1::WhoAmIRequest());
  if (!r) return Cli::kFailed;
  Table t({"principal", "token_id", "role", "ags", "note", "allowed"},
          {Table::kText, Table::kText, Table::kText, Table::kText, Table::kText, Table::kText});
  t.AddRow({r->principal(), r->token().token_id(), RoleName(r->token().role()),
            r->token().ags(), r->token().note(), absl::StrJoin(r->allowed(), " ")});
  cli.PrintRecord(t);
  return 0;
}

int Erase(Cli& cli, const SecurityOptions& o) {
  v1::ErasePersonalDataRequest req;
  req.set_ags(o.ags);
  req.set_reason(o.reason);
  std::optional<v1::ErasePersonalDataResponse> r = cli.Query(&Security::ErasePersonalData, req);
  if (!r) return Cli::kFailed;
  if (cli.format == OutputFormat::kTable) {
    std::cout << "personal data of " << o.ags << " erased at position " << r->position()
              << (r->key_generation() == 0
                      ? " (it had none yet)"
                      : absl::StrCat(" (data key generation ", r->key_generation(),
                                     " destroyed; its contact names, e-mails and comments now "
                                     "read [erased])"))
              << "\n";
    return 0;
  }
  Table t({"ags", "position", "key_generation"}, {Table::kText, Table::kNumber, Table::kNumber});
  t.AddRow({o.ags, absl::StrCat(r->position()), absl::StrCat(r->key_generation())});
  cli.PrintRecord(t);
  return 0;
}

}  // namespace

void AddSecurityCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<SecurityOptions>();
  CLI::App* token = app.add_subcommand("token", "bearer tokens and their roles (admin)");
  token->require_subcommand(1);

  CLI::App* create = token->add_subcommand("create", "create a token; prints it once");
  create->add_option("--role", o->role, "admin, municipality, service or auditor")->required();
  create->add_option("--ags", o->ags, "the municipality a municipality token speaks for");
  create->add_option("--note", o->note, "what the token is for (at most 200 characters)");
  create->footer(
      "Only the token's SHA-256 is stored: keep the printed token, it is not shown again.\n"
      "Example:\n  prio token create --role municipality --ags 05758004 --note 'Bünde, "
      "Bürgerbüro'");
  OnRun(create, cli, o, Create);

  CLI::App* list = token->add_subcommand("list", "list tokens (ids, roles, notes; never secrets)");
  list->add_flag("--all", o->all, "include revoked tokens");
  list->footer("Example:\n  prio token list --all");
  OnRun(list, cli, o, List);

  CLI::App* revoke = token->add_subcommand("revoke", "revoke a token at once");
  revoke->add_option("id", o->id, "token id (prio token list)")->required();
  revoke->add_option("--reason", o->reason, "why (recorded)");
  revoke->footer("Example:\n  prio token revoke 3f2a9c1e0b12 --reason 'staff left'");
  OnRun(revoke, cli, o, Revoke);

  CLI::App* whoami = token->add_subcommand("whoami", "the caller's principal and permissions");
  whoami->footer("Example:\n  prio --token-file ~/.prio-token token whoami");
  OnRun(whoami, cli, o, WhoAmI);

  CLI::App* gdpr = app.add_subcommand("gdpr", "erasable personal data (admin)");
  gdpr->require_subcommand(1);
  CLI::App* erase = gdpr->add_subcommand(
      "erase", "destroy a municipality's data key: its contact names, e-mails and comments");
  erase->add_option("--ags", o->ags, "the municipality")->required();
  erase->add_option("--reason", o->reason, "why, e.g. the request's reference (recorded)")
      ->required();
  erase->footer(
      "Rankings and plans are unchanged and the log still verifies (it holds only\n"
      "ciphertext). Later answers of the municipality are sealed under a new key.\n"
      "Example:\n  prio gdpr erase --ags 05758004 --reason 'Art. 17 request 2027-041'");
  OnRun(erase, cli, o, Erase);
}

}  // namespace prio::client
