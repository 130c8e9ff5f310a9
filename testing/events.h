// Builders for store requests in tests.
#ifndef PRIO_TESTING_EVENTS_H_
#define PRIO_TESTING_EVENTS_H_

#include <atomic>
#include <cstring>
#include <string>

#include "storage/event_store.h"

namespace prio::testing {

// A 16-byte id: `n` big-endian in the last 8 bytes, `salt` in the first 8.
inline std::string TestEventId(uint64_t n, uint64_t salt = 0x7072696f) {
  std::string id(16, '\0');
  for (int i = 0; i < 8; ++i) {
    id[7 - i] = static_cast<char>((salt >> (8 * i)) & 0xff);
    id[15 - i] = static_cast<char>((n >> (8 * i)) & 0xff);
  }
  return id;
}

// A fresh id per call, unique within the process.
inline std::string UniqueEventId() {
  static std::atomic<uint64_t> counter{1};
  return TestEventId(counter.fetch_add(1), 0xabcdef);
}

inline storage::ProposedEvent Event(std::string type = "Tested", std::string data = "payload") {
  return {UniqueEventId(), std::move(type), std::move(data), {{"principal", "test"}}};
}

inline storage::AppendRequest OneStream(
    std::string stream, std::vector<storage::ProposedEvent> events,
    storage::ExpectedRevision expected = storage::ExpectedRevision::Any()) {
  storage::AppendRequest r;
  r.appends.push_back({std::move(stream), expected, std::move(events)});
  return r;
}

}  // namespace prio::testing

#endif  // PRIO_TESTING_EVENTS_H_
