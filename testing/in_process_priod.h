// InProcessPriod: the one way a test starts priod in its own process — on a free
// loopback port, over a data directory, with TestTokens for every role. Restarting
// keeps the directory and the tokens (which reconnect to the new port).
//
//   InProcessPriod server(dir.Sub("db"));
//   ASSERT_THAT(server.Start(), IsOk());
//   auto stub = v1::SurveyQueries::NewStub(server.tokens().Channel(v1::ROLE_SERVICE));
//
// Not thread-safe: start and stop it from the test's thread.
#ifndef PRIO_TESTING_IN_PROCESS_PRIOD_H_
#define PRIO_TESTING_IN_PROCESS_PRIOD_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "server/priod.h"
#include "testing/auth.h"

namespace prio::testing {

class InProcessPriod {
 public:
  explicit InProcessPriod(std::string data_dir) : data_dir_(std::move(data_dir)) {}

  // Stops a running priod, then starts one with `options` on the data directory; a
  // listen address left at its default becomes 127.0.0.1:0 (a free port). Errors:
  // those of Priod::Start.
  absl::Status Start(server::PriodOptions options = {}) {
    Stop();
    options.data_dir = data_dir_;
    if (options.listen == server::PriodOptions().listen) options.listen = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<server::Priod>> p = server::Priod::Start(options);
    if (!p.ok()) return p.status();
    priod_ = *std::move(p);
    if (tokens_ == nullptr) {
      tokens_ = std::make_unique<TestTokens>(priod_->address(), data_dir_);
    } else {
      tokens_->Reconnect(priod_->address());
    }
    return absl::OkStatus();
  }

  // Shuts priod down (a clean stop: the survey snapshot is written). No-op if stopped.
  void Stop() { priod_.reset(); }

  server::Priod* priod() const { return priod_.get(); }
  const std::string& address() const { return priod_->address(); }
  const std::string& data_dir() const { return data_dir_; }
  TestTokens& tokens() { return *tokens_; }

 private:
  std::string data_dir_;
  std::unique_ptr<server::Priod> priod_;
  std::unique_ptr<TestTokens> tokens_;
};

}  // namespace prio::testing

#endif  // PRIO_TESTING_IN_PROCESS_PRIOD_H_
