// The `prio web` command (web_server.h).
#ifndef PRIO_WEB_WEB_CLI_H_
#define PRIO_WEB_WEB_CLI_H_

#include "CLI/CLI.hpp"
#include "client/cli.h"

namespace prio::web {

void AddWebCommand(CLI::App& app, client::Cli& cli);

}  // namespace prio::web

#endif  // PRIO_WEB_WEB_CLI_H_
