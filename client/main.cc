// prio: the command-line client of prio, the platform for municipal needs surveys.
//
//   prio [--server HOST:PORT] [--token T | --token-file F] [--output table|csv|json]
//        [--request-id ID] COMMAND ...
//
// Command groups: events (the raw log), catalog, municipality, responsibility,
// effort, capacity (reference data and planning inputs), round, needs, ballot (a
// survey round and its answers), ranking, plan, compass (the projections).
// `prio COMMAND --help` shows each with an example.
// Exit codes: 0 ok, 1 the server refused or failed (its message on stderr),
// 2 usage error.
#include <cstdlib>
#include <fstream>
#include <string>

#include "CLI/CLI.hpp"
#include "client/cli.h"

int main(int argc, char** argv) {
  prio::client::Cli cli;
  CLI::App app{"prio: the client of prio, the platform for municipal needs surveys"};
  app.require_subcommand(1);
  if (const char* env = std::getenv("PRIO_SERVER"); env != nullptr && *env) cli.server = env;
  app.add_option("--server", cli.server, "priod address (env PRIO_SERVER)")->capture_default_str();
  app.add_option("--output", cli.output, "table, csv (for Excel) or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  if (const char* env = std::getenv("PRIO_TOKEN"); env != nullptr && *env) cli.token = env;
  auto* token = app.add_option("--token", cli.token,
                               "bearer token (env PRIO_TOKEN); sent as 'authorization: Bearer'");
  app.add_option("--token-file", cli.token_file, "read the bearer token from this file")
      ->check(CLI::ExistingFile)
      ->excludes(token);
  app.add_option("--request-id", cli.request_id,
                 "makes a command safe to retry: the same id returns the first result");
  prio::client::AddEventsCommands(app, cli);
  prio::client::AddReferenceCommands(app, cli);
  prio::client::AddRoundCommands(app, cli);
  prio::client::AddViewCommands(app, cli);
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
  if (!cli.token_file.empty()) {
    std::ifstream in(cli.token_file);
    std::getline(in, cli.token);
    while (!cli.token.empty() && (cli.token.back() == '\r' || cli.token.back() == ' ')) {
      cli.token.pop_back();
    }
    if (cli.token.empty()) return prio::client::Cli::Usage("--token-file: the file is empty");
  }
  return cli.run ? cli.run() : 2;
}
