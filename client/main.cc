// prio: the command-line client.
//
//   prio [--server HOST:PORT] [--output table|json] events append --stream S --type T ...
//   prio events read [--stream S] [--from P] [--backwards] [--limit N] [--follow]
//   prio events head
//
// Exit codes: 0 ok, 1 the server refused or failed (its message on stderr),
// 2 usage error.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "client/output.h"
#include "client/store_client.h"

namespace {

using prio::client::StoreClient;

struct Globals {
  std::string server = "127.0.0.1:50051";
  std::string output = "table";
};

int Fail(const absl::Status& s) {
  std::cerr << "prio: " << absl::StatusCodeToString(s.code()) << ": " << s.message() << "\n";
  return 1;
}

absl::StatusOr<prio::v1::ExpectedRevision> ParseExpected(const std::string& s) {
  prio::v1::ExpectedRevision e;
  uint64_t n = 0;
  if (s == "any") {
    e.set_any(true);
  } else if (s == "no-stream") {
    e.set_no_stream(true);
  } else if (s == "exists") {
    e.set_stream_exists(true);
  } else if (absl::SimpleAtoi(s, &n)) {
    e.set_exact(n);
  } else {
    return absl::InvalidArgumentError("--expect must be any, no-stream, exists or a revision");
  }
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"prio: the client of prio, the platform for municipal needs surveys"};
  app.require_subcommand(1);
  Globals g;
  if (const char* env = std::getenv("PRIO_SERVER"); env != nullptr && *env) g.server = env;
  app.add_option("--server", g.server, "priod address (env PRIO_SERVER)")->capture_default_str();
  app.add_option("--output", g.output, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  CLI::App* events = app.add_subcommand("events", "the raw event log");
  events->require_subcommand(1);

  // --- events append -------------------------------------------------------------
  CLI::App* append = events->add_subcommand("append", "append one event to a stream");
  append->footer("Example:\n  prio events append --stream demo-1 --type Noted --data hello "
                 "--expect no-stream --meta principal=admin");
  std::string stream, type, data, data_file, expect = "any";
  std::vector<std::string> meta;
  append->add_option("--stream", stream, "stream name")->required();
  append->add_option("--type", type, "event type")->required();
  auto* data_opt = append->add_option("--data", data, "payload text");
  append->add_option("--data-file", data_file, "read the payload from a file")
      ->excludes(data_opt)
      ->check(CLI::ExistingFile);
  append->add_option("--expect", expect, "any | no-stream | exists | REVISION")
      ->capture_default_str();
  append->add_option("--meta", meta, "metadata KEY=VALUE (repeatable)");

  // --- events read ---------------------------------------------------------------
  CLI::App* read = events->add_subcommand("read", "read the log or one stream");
  read->footer("Examples:\n  prio events read --from 1 --limit 20\n"
               "  prio events read --stream demo-1\n  prio events read --follow --prefix round-");
  uint64_t from = 0, limit = 0;
  bool backwards = false, follow = false;
  std::vector<std::string> prefixes, types;
  read->add_option("--stream", stream, "read only this stream (from revision --from)");
  read->add_option("--from", from, "first position (or revision with --stream)");
  read->add_option("--limit", limit, "at most this many events (0: all)");
  read->add_flag("--backwards", backwards, "newest first");
  read->add_flag("--follow", follow, "keep reading live events (Ctrl-C ends)");
  read->add_option("--prefix", prefixes, "only streams with this prefix (repeatable)");
  read->add_option("--type", types, "only this event type (repeatable)");

  CLI::App* head = events->add_subcommand("head", "the last position and hash");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  StoreClient client(prio::client::Connect(g.server));
  prio::client::EventPrinter printer(std::cout, g.output == "json");

  if (append->parsed()) {
    absl::StatusOr<prio::v1::ExpectedRevision> expected = ParseExpected(expect);
    if (!expected.ok()) {
      std::cerr << "prio: " << expected.status().message() << "\n";
      return 2;
    }
    if (!data_file.empty()) {
      std::ifstream in(data_file, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      data = ss.str();
    }
    prio::v1::AppendRequest req;
    prio::v1::StreamAppend* sa = req.add_appends();
    sa->set_stream(stream);
    *sa->mutable_expected() = *expected;
    prio::v1::ProposedEvent* e = sa->add_events();
    e->set_event_id(prio::client::NewEventId());
    e->set_type(type);
    e->set_data(data);
    for (const std::string& kv : meta) {
      const size_t eq = kv.find('=');
      if (eq == std::string::npos) {
        std::cerr << "prio: --meta takes KEY=VALUE, got \"" << kv << "\"\n";
        return 2;
      }
      (*e->mutable_metadata())[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    absl::StatusOr<prio::v1::AppendResponse> r = client.Append(req);
    if (!r.ok()) return Fail(r.status());
    printer.PrintAppend(*r);
    return 0;
  }

  if (head->parsed()) {
    absl::StatusOr<prio::v1::HeadResponse> r = client.Head();
    if (!r.ok()) return Fail(r.status());
    printer.PrintHead(*r);
    return 0;
  }

  if (read->parsed()) {
    auto on_event = [&](const prio::v1::RecordedEvent& e) {
      printer.PrintEvent(e);
      return true;
    };
    absl::Status s;
    if (follow) {
      if (!stream.empty() || backwards) {
        std::cerr << "prio: --follow reads the whole log forwards; use --prefix to narrow it\n";
        return 2;
      }
      prio::v1::SubscribeRequest req;
      req.set_after_position(from == 0 ? 0 : from - 1);
      for (const auto& p : prefixes) req.mutable_filter()->add_stream_prefixes(p);
      for (const auto& t : types) req.mutable_filter()->add_types(t);
      uint64_t count = 0;
      s = client.Subscribe(req, [&](const prio::v1::SubscribeResponse& m) {
        if (m.has_event()) {
          printer.PrintEvent(m.event());
          ++count;
        } else if (m.kind_case() == prio::v1::SubscribeResponse::kCaughtUp) {
          std::cerr << "-- live at position " << m.caught_up() << " --" << std::endl;
        }
        return limit == 0 || count < limit;
      });
    } else if (!stream.empty()) {
      prio::v1::ReadStreamRequest req;
      req.set_stream(stream);
      req.set_from_revision(from);
      req.set_from_end(backwards && from == 0);
      req.set_direction(backwards ? prio::v1::BACKWARDS : prio::v1::FORWARDS);
      req.set_max_count(limit);
      s = client.ReadStream(req, on_event);
    } else {
      prio::v1::ReadAllRequest req;
      req.set_from_position(from);
      req.set_from_end(backwards && from == 0);
      req.set_direction(backwards ? prio::v1::BACKWARDS : prio::v1::FORWARDS);
      req.set_max_count(limit);
      for (const auto& p : prefixes) req.mutable_filter()->add_stream_prefixes(p);
      for (const auto& t : types) req.mutable_filter()->add_types(t);
      s = client.ReadAll(req, on_event);
    }
    if (!s.ok()) return Fail(s);
    printer.Finish();
    return 0;
  }
  return 2;
}
