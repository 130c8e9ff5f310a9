// The prio CLI's shared context: global options, the connection, output and exit
// codes. Each command group (events_cli.cc, reference_cli.cc, round_cli.cc) adds its
// subcommands; a subcommand's CLI11 callback stores in `run` what to do once the
// whole command line parsed.
//
// Exit codes: 0 ok, 1 the server refused or failed (its message on stderr), 2 usage
// error (including a bad input file, which is refused before anything is sent).
#ifndef PRIO_CLIENT_CLI_H_
#define PRIO_CLIENT_CLI_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "client/row_origins.h"
#include "client/store_client.h"
#include "client/table.h"
#include "grpcpp/channel.h"
#include "client/unary.h"
#include "prio/v1/commands.grpc.pb.h"

namespace prio::client {

struct Cli {
  std::string server = "127.0.0.1:50051";
  std::string output = "table";
  std::string request_id;
  std::string token;       // --token / PRIO_TOKEN
  std::string token_file;  // --token-file (first line) / PRIO_TOKEN_FILE
  // --tls-ca / PRIO_TLS_CA, --tls-cert, --tls-key: file names; main() reads them.
  std::string tls_ca_file, tls_cert_file, tls_key_file;
  ConnectOptions connect;  // what Channel() uses
  OutputFormat format = OutputFormat::kTable;
  std::function<int()> run;

  // The channel to `server`, created on first use.
  std::shared_ptr<grpc::Channel> Channel();
  // Fills options.request_id from --request-id.
  v1::CommandOptions Options() const;

  // Prints "prio: CODE: message" and returns 1 (the server refused or failed).
  static int Fail(const absl::Status& s);
  // Prints "prio: message" and returns 2 (the command line or an input file is wrong).
  static int Usage(absl::string_view message);
  // Prints what a command wrote: positions, events per type, unchanged entries.
  int PrintCommand(std::string_view what, const v1::CommandResponse& r) const;
  void Print(const Table& t) const;

  // Sends a survey command (with --request-id) and prints its result. A command that
  // lost a race (ABORTED: nothing was written) is sent again, up to 5 times; the
  // server validates it anew each time. With `origins`, a refusal that names one
  // element of an imported file is printed as FILE:LINE:COLUMN (header): reason and
  // exits 2, like the CLI's own checks of the file.
  template <typename Request, typename Method>
  int Send(std::string_view what, Method method, Request request,
           const RowOrigins* origins = nullptr) {
    *request.mutable_options() = Options();
    auto stub = v1::SurveyCommands::NewStub(Channel());
    absl::StatusOr<v1::CommandResponse> r;
    for (int attempt = 0; attempt < 5; ++attempt) {
      r = Unary(stub.get(), method, request);
      if (!absl::IsAborted(r.status())) break;
    }
    if (!r.ok() && origins != nullptr) {
      if (std::optional<absl::Status> located = origins->Locate(r.status())) {
        return Usage(located->message());
      }
    }
    if (!r.ok()) return Fail(r.status());
    return PrintCommand(what, *r);
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

// A CLI11 check for positions, sizes and counts: digits only, `min`..`max`. CLI11
// itself wraps "-5" and saturates overflow for unsigned options; this refuses both with
// "--opt: VALUE is not a whole number of MIN or more" (exit 2, like every usage error).
CLI::Validator WholeNumber(uint64_t min = 0, uint64_t max = UINT64_MAX);

// Makes `sub` run f(cli, *options) once the command line parsed.
template <typename Options, typename F>
void OnRun(CLI::App* sub, Cli& cli, std::shared_ptr<Options> options, F f) {
  sub->callback([&cli, options, f] { cli.run = [&cli, options, f] { return f(cli, *options); }; });
}

void AddEventsCommands(CLI::App& app, Cli& cli);
void AddReferenceCommands(CLI::App& app, Cli& cli);
void AddRoundCommands(CLI::App& app, Cli& cli);
void AddViewCommands(CLI::App& app, Cli& cli);
void AddSecurityCommands(CLI::App& app, Cli& cli);
void AddAuditCommands(CLI::App& app, Cli& cli);

}  // namespace prio::client

#endif  // PRIO_CLIENT_CLI_H_
