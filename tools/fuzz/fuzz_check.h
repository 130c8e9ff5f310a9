// The fuzzers' property check: a violated property aborts, so libFuzzer reports it
// like a crash and keeps the input that caused it.
#ifndef PRIO_TOOLS_FUZZ_FUZZ_CHECK_H_
#define PRIO_TOOLS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace prio::fuzz {

inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace prio::fuzz

#endif  // PRIO_TOOLS_FUZZ_FUZZ_CHECK_H_
