#include "client/cli.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/store_client.h"
#include "common/absl_compat.h"
#include "prio/v1/security.grpc.pb.h"

namespace prio::client {

CLI::Validator WholeNumber(uint64_t min, uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& value) -> std::string {
        uint64_t n = 0;
        const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
          return c >= '0' && c <= '9';
        });
        if (digits && absl::SimpleAtoi(value, &n) && n >= min && n <= max) return "";
        return absl::StrCat(value, " is not a whole number of ", min, " or more",
                            max == UINT64_MAX ? "" : absl::StrCat(" and at most ", max));
      },
      "");
}

std::shared_ptr<grpc::Channel> Cli::Channel() {
  if (channel_ == nullptr) channel_ = Connect(server, connect);
  return channel_;
}

v1::CommandOptions Cli::Options() const {
  v1::CommandOptions o;
  o.set_request_id(request_id);
  return o;
}

namespace {

// Clears a progress bar that may be on the terminal's last line.
void ClearLine() {
  if (isatty(STDERR_FILENO) == 1) std::cerr << "\r\x1b[2K";
}

}  // namespace

int Cli::Fail(const absl::Status& s) {
  ClearLine();
  std::cerr << "prio: " << absl::StatusCodeToString(s.code()) << ": " << s.message() << "\n";
  return 1;
}

int Cli::Usage(absl::string_view message) {
  ClearLine();
  std::cerr << "prio: " << message << "\n";
  return 2;
}

int Cli::PrintCommand(std::string_view what, const v1::CommandResponse& r) const {
  if (format == OutputFormat::kTable) {
    std::vector<std::string> counts;
    for (const auto& [type, n] : std::map<std::string, uint32_t>(r.event_counts().begin(),
                                                                 r.event_counts().end())) {
      counts.push_back(absl::StrCat(n, " ", type));
    }
    if (r.events_written() == 0) {
      std::cout << what << ": nothing to change";
    } else {
      std::cout << what << ": " << absl::StrJoin(counts, ", ") << " at positions "
                << r.first_position() << "-" << r.last_position();
    }
    if (r.unchanged() > 0) std::cout << " (" << r.unchanged() << " unchanged)";
    if (r.replayed()) std::cout << " (a retry: already done before)";
    std::cout << "\n";
    return 0;
  }
  Table t({"first_position", "last_position", "events_written", "unchanged", "replayed",
           "correlation_id"},
          {Table::kNumber, Table::kNumber, Table::kNumber, Table::kNumber, Table::kBool,
           Table::kText});
  t.AddRow({absl::StrCat(r.first_position()), absl::StrCat(r.last_position()),
            absl::StrCat(r.events_written()), absl::StrCat(r.unchanged()),
            r.replayed() ? "true" : "false", r.correlation_id()});
  PrintRecord(t);
  return 0;
}

void Cli::Print(const Table& t) const { t.Print(std::cout, format); }
void Cli::PrintRecord(const Table& t) const { t.PrintRecord(std::cout, format); }

std::optional<std::string> Cli::MunicipalityAgs(const std::string& ags, int* exit) {
  if (!ags.empty()) return ags;
  std::optional<v1::WhoAmIResponse> me =
      Query(&v1::Security::Stub::WhoAmI, v1::WhoAmIRequest(), absl::Seconds(30));
  if (!me) {
    *exit = kFailed;
    return std::nullopt;
  }
  if (me->token().role() != v1::ROLE_MUNICIPALITY || me->token().ags().empty()) {
    *exit = Usage("--ags is required: the token is not a municipality's (with a municipality "
                  "token the CLI takes the token's own AGS)");
    return std::nullopt;
  }
  return me->token().ags();
}

}  // namespace prio::client
