// prio: the command-line client of prio, the platform for municipal needs surveys.
//
//   prio [--server HOST:PORT] [--token T | --token-file F] [--tls-ca CA [--tls-cert C
//        --tls-key K]] [--output table|csv|json] [--request-id ID] COMMAND ...
//
// Command groups: events (the raw log), catalog, municipality, responsibility,
// effort, capacity (reference data and planning inputs), round, needs, ballot (a
// survey round and its answers), ranking, plan, compass (the projections), token and
// gdpr (security), audit, and web (the browser front end).
// `prio COMMAND --help` shows each with an example.
// Exit codes: 0 ok, 1 the server refused or failed (its message on stderr),
// 2 usage error.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "client/cli.h"
#include "common/files.h"
#include "web/web_cli.h"
#include "absl/strings/str_cat.h"

int main(int argc, char** argv) {
  prio::client::Cli cli;
  CLI::App app{"prio: the client of prio, the platform for municipal needs surveys"};
  app.require_subcommand(1);
  // Global options are also accepted after the subcommand (prio catalog show 10533
  // --output json), as with kubectl or gh: subcommands inherit this setting.
  app.fallthrough();
  if (const char* env = std::getenv("PRIO_SERVER"); env != nullptr && *env) cli.server = env;
  app.add_option("--server", cli.server, "priod address (env PRIO_SERVER)")->capture_default_str();
  app.add_option("--output", cli.output, "table, csv (for Excel) or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  if (const char* env = std::getenv("PRIO_TOKEN"); env != nullptr && *env) cli.token = env;
  auto* token = app.add_option("--token", cli.token,
                               "bearer token (env PRIO_TOKEN); sent as 'authorization: Bearer'");
  if (const char* env = std::getenv("PRIO_TOKEN_FILE"); env != nullptr && *env && cli.token.empty()) {
    cli.token_file = env;
  }
  auto* token_file = app.add_option("--token-file", cli.token_file,
                 "read the bearer token from this file (env PRIO_TOKEN_FILE); the first "
                 "admin token is DATA_DIR/admin.token")
      ->check(CLI::ExistingFile)
      ->excludes(token);
  if (const char* env = std::getenv("PRIO_TLS_CA"); env != nullptr && *env) cli.tls_ca_file = env;
  app.add_option("--tls-ca", cli.tls_ca_file,
                 "connect with TLS, trusting priod's certificate signed by this PEM CA (env "
                 "PRIO_TLS_CA)")
      ->check(CLI::ExistingFile);
  auto* tls_cert = app.add_option("--tls-cert", cli.tls_cert_file,
                                  "client certificate (PEM) for mutual TLS")
                       ->check(CLI::ExistingFile);
  auto* tls_key = app.add_option("--tls-key", cli.tls_key_file, "key of --tls-cert (PEM)")
                      ->check(CLI::ExistingFile);
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  app.add_option("--request-id", cli.request_id,
                 "makes a command safe to retry: the same id returns the first result");
  prio::client::AddEventsCommands(app, cli);
  prio::client::AddReferenceCommands(app, cli);
  prio::client::AddPlanningCommands(app, cli);
  prio::client::AddRoundCommands(app, cli);
  prio::client::AddViewCommands(app, cli);
  prio::client::AddSecurityCommands(app, cli);
  prio::client::AddAuditCommands(app, cli);
  prio::web::AddWebCommand(app, cli);
  // Command groups get an example too: their first command's help.
  for (CLI::App* group : app.get_subcommands([](CLI::App*) { return true; })) {
    auto children = group->get_subcommands([](CLI::App*) { return true; });
    if (group->get_footer().empty() && !children.empty()) {
      std::string commands;
      for (CLI::App* c : children) commands += (commands.empty() ? "" : ", ") + c->get_name();
      group->footer("Commands: " + commands + ".\nExample:\n  prio " + group->get_name() + " " +
                    children.front()->get_name() + " --help");
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  cli.format = *prio::client::ParseOutputFormat(cli.output);
  // --token on the command line wins over PRIO_TOKEN_FILE from the environment.
  if (token->count() > 0 && token_file->count() == 0) cli.token_file.clear();
  for (auto [file, pem] : {std::pair{&cli.tls_ca_file, &cli.connect.tls_ca_pem},
                           std::pair{&cli.tls_cert_file, &cli.connect.tls_cert_pem},
                           std::pair{&cli.tls_key_file, &cli.connect.tls_key_pem}}) {
    if (file->empty()) continue;
    absl::StatusOr<std::string> content = prio::ReadFile(*file);
    if (!content.ok()) return prio::client::Cli::Usage(content.status().message());
    *pem = *std::move(content);
    if (pem->empty()) return prio::client::Cli::Usage(*file + ": the file is empty");
  }
  if (!cli.connect.tls_cert_pem.empty() && cli.connect.tls_ca_pem.empty()) {
    return prio::client::Cli::Usage("--tls-cert needs --tls-ca (mutual TLS is TLS first)");
  }
  if (!cli.token_file.empty()) {
    absl::StatusOr<std::string> content = prio::ReadFile(cli.token_file);
    if (!content.ok()) {
      return prio::client::Cli::Usage(absl::StrCat("--token-file: ", content.status().message()));
    }
    cli.token = content->substr(0, content->find('\n'));
    while (!cli.token.empty() && (cli.token.back() == '\r' || cli.token.back() == ' ')) {
      cli.token.pop_back();
    }
    if (cli.token.empty()) return prio::client::Cli::Usage("--token-file: the file is empty");
  }
  cli.connect.bearer_token = cli.token;
  return cli.run ? cli.run() : 2;
}
