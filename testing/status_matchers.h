// GoogleTest matchers for absl::Status / absl::StatusOr (Debian's Abseil 20220623
// ships none):  EXPECT_THAT(s, IsOk());  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAborted));
//               EXPECT_THAT(s, StatusIs(absl::StatusCode::kAborted, HasSubstr("revision 3")));
#ifndef PRIO_TESTING_STATUS_MATCHERS_H_
#define PRIO_TESTING_STATUS_MATCHERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace prio::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s.ToString();
  return s.ok();
}

MATCHER_P(StatusIs, code, "has code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has code " + absl::StatusCodeToString(code) + " and a matching message") {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message().data(), s.message().size()));
}

}  // namespace prio::testing

#define PRIO_ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                       \
  PRIO_ASSERT_OK_AND_ASSIGN_IMPL_(PRIO_TEST_CONCAT_(prio_sor_, __LINE__), lhs, rexpr)
#define PRIO_TEST_CONCAT_INNER_(a, b) a##b
#define PRIO_TEST_CONCAT_(a, b) PRIO_TEST_CONCAT_INNER_(a, b)
#define PRIO_ASSERT_OK_AND_ASSIGN_IMPL_(sor, lhs, rexpr) \
  auto sor = (rexpr);                                    \
  ASSERT_TRUE(sor.ok()) << sor.status().ToString();      \
  lhs = *std::move(sor)

#endif  // PRIO_TESTING_STATUS_MATCHERS_H_
