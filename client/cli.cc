#include "client/cli.h"

#include <unistd.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/store_client.h"
#include "storage/absl_compat.h"

namespace prio::client {

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
  Print(t);
  return 0;
}

void Cli::Print(const Table& t) const { t.Print(std::cout, format); }

}  // namespace prio::client
