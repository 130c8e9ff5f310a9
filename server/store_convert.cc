#include "server/store_convert.h"

namespace prio::server {
namespace {

storage::ExpectedRevision FromProto(const v1::ExpectedRevision& in) {
  switch (in.kind_case()) {
    case v1::ExpectedRevision::kNoStream:
      return storage::ExpectedRevision::NoStream();
    case v1::ExpectedRevision::kStreamExists:
      return storage::ExpectedRevision::StreamExists();
    case v1::ExpectedRevision::kExact:
      return storage::ExpectedRevision::Exact(in.exact());
    case v1::ExpectedRevision::kAny:
    case v1::ExpectedRevision::KIND_NOT_SET:
      break;
  }
  return storage::ExpectedRevision::Any();
}

storage::Direction FromProto(v1::Direction d) {
  return d == v1::BACKWARDS ? storage::Direction::kBackwards : storage::Direction::kForwards;
}

}  // namespace

storage::AppendRequest FromProto(const v1::AppendRequest& in) {
  storage::AppendRequest out;
  out.appends.reserve(in.appends_size());
  for (const v1::StreamAppend& sa : in.appends()) {
    storage::StreamAppend& o = out.appends.emplace_back();
    o.stream = sa.stream();
    o.expected = FromProto(sa.expected());
    o.events.reserve(sa.events_size());
    for (const v1::ProposedEvent& e : sa.events()) {
      storage::ProposedEvent& pe = o.events.emplace_back();
      pe.event_id = e.event_id();
      pe.type = e.type();
      pe.data = e.data();
      pe.metadata.insert(e.metadata().begin(), e.metadata().end());
    }
  }
  return out;
}

void ToProto(const storage::AppendResult& in, v1::AppendResponse* out) {
  out->set_first_position(in.first_position);
  out->set_last_position(in.last_position);
  for (const storage::StreamAppendResult& r : in.results) {
    v1::StreamAppendResult* o = out->add_results();
    o->set_stream(r.stream);
    o->set_first_revision(r.first_revision);
    o->set_last_revision(r.last_revision);
  }
}

void ToProto(const storage::RecordedEvent& in, v1::RecordedEvent* out) {
  out->set_position(in.position);
  out->set_stream(in.stream);
  out->set_revision(in.revision);
  out->set_event_id(in.event_id);
  out->set_type(in.type);
  out->set_data(in.data);
  out->mutable_metadata()->insert(in.metadata.begin(), in.metadata.end());
  out->set_recorded_at_us(in.recorded_at_us);
  out->set_prev_hash(in.prev_hash.data(), in.prev_hash.size());
  out->set_hash(in.hash.data(), in.hash.size());
}

storage::Filter FromProto(const v1::Filter& in) {
  return {{in.stream_prefixes().begin(), in.stream_prefixes().end()},
          {in.types().begin(), in.types().end()}};
}

storage::ReadStreamOptions FromProto(const v1::ReadStreamRequest& in) {
  return {in.stream(), in.from_revision(), in.from_end(), FromProto(in.direction()),
          in.max_count()};
}

storage::ReadAllOptions FromProto(const v1::ReadAllRequest& in) {
  storage::ReadAllOptions o;
  o.from_position = in.from_position();
  o.from_end = in.from_end();
  o.direction = FromProto(in.direction());
  o.max_count = in.max_count();
  o.filter = FromProto(in.filter());
  return o;
}

}  // namespace prio::server
