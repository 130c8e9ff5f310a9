// The prio CLI's shared context: global options, the connection, output and exit
// codes. Each command group (events_cli.cc, reference_cli.cc, round_cli.cc) adds its
// subcommands; a subcommand's CLI11 callback stores in `run` what to do once the
// whole command line parsed.
//
// Exit codes (Cli::kOk ... Cli::kAuditFailed): 0 ok; 1 the server refused or failed
// (its message on stderr); 2 usage error (a bad option value, a missing or bad input
// file: refused before anything is sent, or a row of an imported file the server
// refused, named FILE:LINE:COLUMN); 3 an audit check failed (the server showed a
// history that does not verify: `prio audit`).
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
  static constexpr int kOk = 0, kFailed = 1, kUsage = 2, kAuditFailed = 3;

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

  // Sends a query (any unary RPC of any prio service) with a deadline of `timeout`.
  // Returns the response, or prints the failure as Fail does and returns nullopt
  // (the caller then exits kFailed).
  template <typename Stub, typename Request, typename Response>
  std::optional<Response> Query(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      const Request& request, absl::Duration timeout = absl::Minutes(2)) {
    Stub stub(Channel());
    absl::StatusOr<Response> r = Unary(&stub, method, request, timeout);
    if (!r.ok()) {
      Fail(r.status());
      return std::nullopt;
    }
    return *std::move(r);
  }

  // For commands that act for one municipality: `ags` if given, otherwise the AGS of
  // the caller's own municipality token (asked with Security.WhoAmI). On failure
  // prints why and returns nullopt with *exit set: kUsage if the token is not a
  // municipality's ("--ags is required ..."), kFailed if WhoAmI failed.
  std::optional<std::string> MunicipalityAgs(const std::string& ags, int* exit);

  // Prints "prio: CODE: message" and returns 1 (the server refused or failed).
  static int Fail(const absl::Status& s);
  // Prints "prio: message" and returns 2 (the command line or an input file is wrong).
  static int Usage(absl::string_view message);
  // Prints what a command wrote: positions, events per type, unchanged entries.
  int PrintCommand(std::string_view what, const v1::CommandResponse& r) const;
  void Print(const Table& t) const;        // a list: JSON is an array of objects
  void PrintRecord(const Table& t) const;  // one record: JSON is one object

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
    absl::StatusOr<v1::CommandResponse> r = SendCommand(stub.get(), method, request);
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

// OnRun for a command that acts for one municipality: an empty `options->ags` is
// filled from the caller's municipality token (Cli::MunicipalityAgs) before f runs.
template <typename Options, typename F>
void OnRunForMunicipality(CLI::App* sub, Cli& cli, std::shared_ptr<Options> options, F f) {
  OnRun(sub, cli, options, [f](Cli& cli, const Options& given) {
    Options o = given;
    int exit = Cli::kOk;
    std::optional<std::string> ags = cli.MunicipalityAgs(o.ags, &exit);
    if (!ags) return exit;
    o.ags = *std::move(ags);
    return f(cli, o);
  });
}

void AddEventsCommands(CLI::App& app, Cli& cli);
void AddReferenceCommands(CLI::App& app, Cli& cli);
void AddPlanningCommands(CLI::App& app, Cli& cli);
void AddRoundCommands(CLI::App& app, Cli& cli);
void AddViewCommands(CLI::App& app, Cli& cli);
void AddSecurityCommands(CLI::App& app, Cli& cli);
void AddAuditCommands(CLI::App& app, Cli& cli);

}  // namespace prio::client

#endif  // PRIO_CLIENT_CLI_H_
