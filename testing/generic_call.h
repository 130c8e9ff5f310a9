// Calls any RPC by its full name with raw request bytes (grpc::GenericStub), for tests
// that send malformed messages or go through every method of a service.
#ifndef PRIO_TESTING_GENERIC_CALL_H_
#define PRIO_TESTING_GENERIC_CALL_H_

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"

namespace prio::testing {

// A unary call of `method` ("/prio.v1.EventStore/Append"); the response's bytes are
// appended to `response_bytes` when it succeeds.
inline grpc::Status GenericUnary(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& method, const std::string& request_bytes,
                                 std::string* response_bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status s = done.get_future().get();
  std::vector<grpc::Slice> slices;
  if (s.ok() && response.Dump(&slices).ok()) {
    for (const auto& sl : slices) {
      response_bytes->append(reinterpret_cast<const char*>(sl.begin()), sl.size());
    }
  }
  return s;
}

// A server-streaming call of `method`: sends the request, reads the first message (if
// any), then cancels the call. Returns the call's status — CANCELLED after a first
// message, else the status the server finished with.
inline grpc::Status GenericFirstMessage(const std::shared_ptr<grpc::Channel>& channel,
                                        const std::string& method,
                                        const std::string& request_bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&ctx, method, &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](int id) {
    cq.Next(&tag, &ok);
    (void)id;
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  bool alive = step(1);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1), response;
  if (alive) {
    call->WriteLast(request, grpc::WriteOptions(), reinterpret_cast<void*>(2));
    alive = step(2);
  }
  if (alive) {
    call->Read(&response, reinterpret_cast<void*>(3));
    if (step(3)) ctx.TryCancel();
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  step(4);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

// Every RPC of prio's services (found in the descriptors, so a new one is covered
// without being listed anywhere).
inline std::vector<const google::protobuf::MethodDescriptor*> AllMethods() {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<const google::protobuf::MethodDescriptor*> out;
  for (const char* name : {"prio.v1.EventStore", "prio.v1.SurveyCommands", "prio.v1.SurveyQueries",
                           "prio.v1.Security", "prio.v1.Audit"}) {
    const google::protobuf::ServiceDescriptor* s = pool->FindServiceByName(name);
    if (s == nullptr) continue;
    for (int i = 0; i < s->method_count(); ++i) out.push_back(s->method(i));
  }
  return out;
}

// "Service/Method", as the policy table names RPCs.
inline std::string ShortName(const google::protobuf::MethodDescriptor* m) {
  return m->service()->name() + "/" + m->name();
}

// Calls `m` with raw request bytes: unary, or the first message of a stream.
inline grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel,
                         const google::protobuf::MethodDescriptor* m, const std::string& request) {
  const std::string path = "/" + m->service()->full_name() + "/" + m->name();
  if (m->server_streaming()) return GenericFirstMessage(channel, path, request);
  std::string response;
  return GenericUnary(channel, path, request, &response);
}

}  // namespace prio::testing

#endif  // PRIO_TESTING_GENERIC_CALL_H_
