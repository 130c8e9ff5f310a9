// Tokens for end-to-end tests (TestTokens is thread-safe), obtained as a real
// deployment would: the admin token
// priod wrote to DATA_DIR/admin.token on its first start, and tokens of other roles
// created through prio.v1.Security with it.
//
//   TestTokens tokens(priod->address(), data_dir);
//   auto stub = v1::SurveyQueries::NewStub(tokens.Channel(v1::ROLE_SERVICE));
//   tokens.AsMunicipality(&Commands::SubmitNeeds, request);  // as request.ags()
#ifndef PRIO_TESTING_AUTH_H_
#define PRIO_TESTING_AUTH_H_

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "testing/process.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/security.grpc.pb.h"

namespace prio::testing {

// The first line of DATA_DIR/admin.token ("" if there is none).
inline std::string ReadAdminToken(const std::string& data_dir) {
  std::ifstream in(data_dir + "/admin.token");
  std::string token;
  std::getline(in, token);
  return token;
}

class TestTokens {
 public:
  TestTokens(std::string address, const std::string& data_dir)
      : address_(std::move(address)), admin_token_(ReadAdminToken(data_dir)) {}

  // After a restart on another port: the same tokens, new channels.
  void Reconnect(std::string address) {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    address_ = std::move(address);
    channels_.clear();
    commands_.clear();
    admin_commands_.reset();
  }

  const std::string& admin_token() const { return admin_token_; }
  const std::string& address() const { return address_; }

  // The token of `role` (for `ags`), created through the admin token on first use.
  // Returns "" (and the test fails at its first call) if creation failed.
  std::string Token(v1::Role role, const std::string& ags = "") {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    if (role == v1::ROLE_ADMIN && ags.empty()) return admin_token_;
    auto key = std::make_pair(role, ags);
    auto it = tokens_.find(key);
    if (it != tokens_.end()) return it->second;
    v1::CreateTokenRequest req;
    req.set_role(role);
    req.set_ags(ags);
    req.set_note("test");
    auto stub = v1::Security::NewStub(Channel(v1::ROLE_ADMIN));
    absl::StatusOr<v1::CreateTokenResponse> r =
        client::Unary(stub.get(), &v1::Security::Stub::CreateToken, req);
    if (!r.ok()) return "";
    return tokens_[key] = r->token();
  }

  std::shared_ptr<grpc::Channel> Channel(v1::Role role, const std::string& ags = "") {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    auto key = std::make_pair(role, ags);
    auto it = channels_.find(key);
    if (it != channels_.end()) return it->second;
    return channels_[key] = client::Connect(address_, Token(role, ags));
  }
  std::shared_ptr<grpc::Channel> Admin() { return Channel(v1::ROLE_ADMIN); }

  // Sends a survey command as whoever may: answer commands (their requests name an
  // ags) as that municipality, everything else as the admin.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Send(
      grpc::Status (v1::SurveyCommands::Stub::*method)(grpc::ClientContext*, const Request&,
                                                       Response*),
      const Request& request) {
    if constexpr (requires { request.ags(); }) {
      return AsMunicipality(method, request);
    } else {
      v1::SurveyCommands::Stub* stub;
      {
        std::lock_guard<std::recursive_mutex> lock(mu_);
        if (admin_commands_ == nullptr) admin_commands_ = v1::SurveyCommands::NewStub(Admin());
        stub = admin_commands_.get();
      }
      return client::Unary(stub, method, request);
    }
  }

  // Sends an answer command as the municipality the request names.
  template <typename Request, typename Response>
  absl::StatusOr<Response> AsMunicipality(
      grpc::Status (v1::SurveyCommands::Stub::*method)(grpc::ClientContext*, const Request&,
                                                       Response*),
      const Request& request) {
    v1::SurveyCommands::Stub* stub;
    {
      std::lock_guard<std::recursive_mutex> lock(mu_);
      auto& s = commands_[request.ags()];
      if (s == nullptr) {
        s = v1::SurveyCommands::NewStub(Channel(v1::ROLE_MUNICIPALITY, request.ags()));
      }
      stub = s.get();
    }
    return client::Unary(stub, method, request);
  }

 private:
  std::recursive_mutex mu_;  // the maps below; calls run outside it
  std::string address_;
  std::string admin_token_;
  std::map<std::pair<v1::Role, std::string>, std::string> tokens_;
  std::map<std::pair<v1::Role, std::string>, std::shared_ptr<grpc::Channel>> channels_;
  std::map<std::string, std::unique_ptr<v1::SurveyCommands::Stub>> commands_;
  std::unique_ptr<v1::SurveyCommands::Stub> admin_commands_;
};

// Authentication for prio CLI command lines in tests: answers (needs submit/withdraw,
// ballot cast/withdraw) run as the municipality their --ags names, with a token created
// through `prio token create` on first use; everything else runs as the admin.
class CliTokens {
 public:
  CliTokens(std::string cli, std::string address, std::string data_dir)
      : cli_(std::move(cli)), address_(std::move(address)), data_dir_(std::move(data_dir)) {}

  // " --token-file DATA_DIR/admin.token" or " --token prio_..." for `args`.
  std::string Flags(const std::string& args) {
    const std::string admin = " --token-file " + data_dir_ + "/admin.token";
    static const char* const kAnswers[] = {"needs submit", "needs withdraw", "ballot cast",
                                           "ballot withdraw"};
    bool answer = false;
    for (const char* a : kAnswers) answer = answer || args.find(a) != std::string::npos;
    const std::size_t at = args.find("--ags ");
    if (!answer || at == std::string::npos) return admin;
    const std::string ags = args.substr(at + 6, 8);
    std::string& token = tokens_[ags];
    if (token.empty()) {
      CommandResult r = RunCommand(cli_ + " --server " + address_ + admin +
                                   " token create --role municipality --ags " + ags +
                                   " 2>/dev/null");
      if (r.exit_code != 0) return admin;  // an unknown municipality: the admin is refused
      token = r.output.substr(0, r.output.find('\n'));
    }
    return " --token " + token;
  }

 private:
  std::string cli_, address_, data_dir_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace prio::testing

#endif  // PRIO_TESTING_AUTH_H_
