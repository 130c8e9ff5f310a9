// Conversions between the wire contract (proto/prio/v1/store.proto) and the
// storage types. Pure functions; no validation beyond what the types need (the
// store validates).
#ifndef PRIO_SERVER_STORE_CONVERT_H_
#define PRIO_SERVER_STORE_CONVERT_H_

#include "prio/v1/store.pb.h"
#include "storage/event_store.h"

namespace prio::server {

storage::AppendRequest FromProto(const v1::AppendRequest& in);
void ToProto(const storage::AppendResult& in, v1::AppendResponse* out);
void ToProto(const storage::RecordedEvent& in, v1::RecordedEvent* out);
storage::Filter FromProto(const v1::Filter& in);
storage::ReadStreamOptions FromProto(const v1::ReadStreamRequest& in);
storage::ReadAllOptions FromProto(const v1::ReadAllRequest& in);

}  // namespace prio::server

#endif  // PRIO_SERVER_STORE_CONVERT_H_
