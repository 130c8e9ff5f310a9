// CliSession: what every CLI end-to-end test sets up — priod as a child process on a
// free loopback port over a data directory, and the prio CLI pointed at it, each
// command with the token its arguments call for (CliTokens: a municipality's own
// token for its answers, the admin token otherwise).
//
//   CliSession session(PRIOD_PATH, PRIO_CLI_PATH, dir.Sub("db"));
//   ASSERT_FALSE(session.Start().empty());
//   CommandResult r = session.Prio("catalog list");
//
// Not thread-safe.
#ifndef PRIO_TESTING_CLI_SESSION_H_
#define PRIO_TESTING_CLI_SESSION_H_

#include <memory>
#include <string>
#include <utility>

#include "testing/auth.h"
#include "testing/process.h"

namespace prio::testing {

class CliSession {
 public:
  CliSession(std::string priod_path, std::string cli_path, std::string data_dir)
      : priod_path_(std::move(priod_path)),
        cli_path_(std::move(cli_path)),
        data_dir_(std::move(data_dir)) {}

  // Starts priod and waits until it serves; its address, or "" if it did not start.
  std::string Start() {
    priod_ = std::make_unique<PriodProcess>(priod_path_, data_dir_);
    address_ = priod_->Start();
    if (!address_.empty()) {
      tokens_ = std::make_unique<CliTokens>(cli_path_, address_, data_dir_);
    }
    return address_;
  }

  // Kills priod (SIGKILL; the log stays as acknowledged).
  void Stop() { priod_.reset(); }

  // `prio --server ADDRESS <token flags> ARGS`; stdout and stderr together, or stdout
  // alone with `stdout_only` (for output that is parsed, such as JSON).
  CommandResult Prio(const std::string& args, bool stdout_only = false) {
    const std::string command = cli_path_ + " --server " + address_ + tokens_->Flags(args) + " " + args;
    return RunCommand(stdout_only ? "(" + command + " 2>/dev/null)" : command);
  }

  // "prio --server ADDRESS ": for commands that choose their own token flags.
  std::string Cli() const { return cli_path_ + " --server " + address_ + " "; }
  const std::string& address() const { return address_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::string priod_path_, cli_path_, data_dir_;
  std::unique_ptr<PriodProcess> priod_;
  std::unique_ptr<CliTokens> tokens_;
  std::string address_;
};

}  // namespace prio::testing

#endif  // PRIO_TESTING_CLI_SESSION_H_
