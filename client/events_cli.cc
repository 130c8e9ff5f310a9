// prio events append|read|head: the raw event log.
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "client/cli.h"
#include "client/output.h"
#include "client/store_client.h"
#include "common/files.h"

namespace prio::client {
namespace {

absl::StatusOr<v1::ExpectedRevision> ParseExpected(const std::string& s) {
  v1::ExpectedRevision e;
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

struct EventsOptions {
  std::string stream, type, data, data_file, expect = "any";
  std::vector<std::string> meta, prefixes, types;
  uint64_t from = 0, limit = 0;
  bool backwards = false, follow = false;
};

int Append(Cli& cli, const EventsOptions& o) {
  absl::StatusOr<v1::ExpectedRevision> expected = ParseExpected(o.expect);
  if (!expected.ok()) return Cli::Usage(expected.status().message());
  std::string data = o.data;
  if (!o.data_file.empty()) {
    absl::StatusOr<std::string> bytes = ReadFile(o.data_file);
    if (!bytes.ok()) return Cli::Usage(absl::StrCat("--data-file: ", bytes.status().message()));
    data = *std::move(bytes);
  }
  v1::AppendRequest req;
  v1::StreamAppend* sa = req.add_appends();
  sa->set_stream(o.stream);
  *sa->mutable_expected() = *expected;
  v1::ProposedEvent* e = sa->add_events();
  e->set_event_id(NewEventId());
  e->set_type(o.type);
  e->set_data(data);
  for (const std::string& kv : o.meta) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) return Cli::Usage("--meta takes KEY=VALUE, got \"" + kv + "\"");
    (*e->mutable_metadata())[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  StoreClient client(cli.Channel());
  absl::StatusOr<v1::AppendResponse> r = client.Append(req);
  if (!r.ok()) return Cli::Fail(r.status());
  EventPrinter(std::cout, cli.format == OutputFormat::kJson).PrintAppend(*r);
  return 0;
}

int Read(Cli& cli, const EventsOptions& o) {
  StoreClient client(cli.Channel());
  EventPrinter printer(std::cout, cli.format == OutputFormat::kJson);
  auto on_event = [&](const v1::RecordedEvent& e) {
    printer.PrintEvent(e);
    return true;
  };
  absl::Status s;
  if (o.follow) {
    if (!o.stream.empty() || o.backwards) {
      return Cli::Usage("--follow reads the whole log forwards; use --prefix to narrow it");
    }
    v1::SubscribeRequest req;
    req.set_after_position(o.from == 0 ? 0 : o.from - 1);
    for (const auto& p : o.prefixes) req.mutable_filter()->add_stream_prefixes(p);
    for (const auto& t : o.types) req.mutable_filter()->add_types(t);
    uint64_t count = 0;
    s = client.Subscribe(req, [&](const v1::SubscribeResponse& m) {
      if (m.has_event()) {
        printer.PrintEvent(m.event());
        ++count;
      } else if (m.kind_case() == v1::SubscribeResponse::kCaughtUp) {
        std::cerr << "-- live at position " << m.caught_up() << " --" << std::endl;
      }
      return o.limit == 0 || count < o.limit;
    });
  } else if (!o.stream.empty()) {
    v1::ReadStreamRequest req;
    req.set_stream(o.stream);
    req.set_from_revision(o.from);
    req.set_from_end(o.backwards && o.from == 0);
    req.set_direction(o.backwards ? v1::BACKWARDS : v1::FORWARDS);
    req.set_max_count(o.limit);
    s = client.ReadStream(req, on_event);
  } else {
    v1::ReadAllRequest req;
    req.set_from_position(o.from);
    req.set_from_end(o.backwards && o.from == 0);
    req.set_direction(o.backwards ? v1::BACKWARDS : v1::FORWARDS);
    req.set_max_count(o.limit);
    for (const auto& p : o.prefixes) req.mutable_filter()->add_stream_prefixes(p);
    for (const auto& t : o.types) req.mutable_filter()->add_types(t);
    s = client.ReadAll(req, on_event);
  }
  if (!s.ok()) return Cli::Fail(s);
  printer.Finish();
  return 0;
}

}  // namespace

void AddEventsCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<EventsOptions>();
  CLI::App* events = app.add_subcommand("events", "the raw event log");
  events->require_subcommand(1);

  CLI::App* append = events->add_subcommand("append", "append one event to a stream");
  append->footer("Example:\n  prio events append --stream notes-1 --type Noted --data hello "
                 "--expect no-stream --meta principal=admin\n"
                 "The survey's own streams (catalog, planning, municipality-*, round-*) are "
                 "written only by the survey commands.");
  append->add_option("--stream", o->stream, "stream name")->required();
  append->add_option("--type", o->type, "event type")->required();
  auto* data_opt = append->add_option("--data", o->data, "payload text");
  append->add_option("--data-file", o->data_file, "read the payload from a file")
      ->excludes(data_opt)
      ->check(CLI::ExistingFile);
  append->add_option("--expect", o->expect, "any | no-stream | exists | REVISION")
      ->capture_default_str();
  append->add_option("--meta", o->meta, "metadata KEY=VALUE (repeatable)");
  append->callback([&cli, o] { cli.run = [&cli, o] { return Append(cli, *o); }; });

  CLI::App* read = events->add_subcommand("read", "read the log or one stream");
  read->footer("Examples:\n  prio events read --from 1 --limit 20\n"
               "  prio events read --stream round-krz-2027\n"
               "  prio events read --follow --prefix round-");
  read->add_option("--stream", o->stream, "read only this stream (from revision --from)");
  read->add_option("--from", o->from, "first position (or revision with --stream)")
      ->check(WholeNumber());
  read->add_option("--limit", o->limit, "at most this many events (0: all)")
      ->check(WholeNumber());
  read->add_flag("--backwards", o->backwards, "newest first");
  read->add_flag("--follow", o->follow, "keep reading live events (Ctrl-C ends)");
  read->add_option("--prefix", o->prefixes, "only streams with this prefix (repeatable)");
  read->add_option("--type", o->types, "only this event type (repeatable)");
  read->callback([&cli, o] { cli.run = [&cli, o] { return Read(cli, *o); }; });

  CLI::App* head = events->add_subcommand("head", "the last position and hash");
  head->footer("Example:\n  prio --output json events head");
  head->callback([&cli] {
    cli.run = [&cli] {
      StoreClient client(cli.Channel());
      absl::StatusOr<v1::HeadResponse> r = client.Head();
      if (!r.ok()) return Cli::Fail(r.status());
      EventPrinter(std::cout, cli.format == OutputFormat::kJson).PrintHead(*r);
      return 0;
    };
  });
}

}  // namespace prio::client
