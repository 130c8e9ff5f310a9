// Quarter: a calendar quarter such as "2027-Q2", the unit of survey planning.
#ifndef PRIO_VOCABULARY_QUARTER_H_
#define PRIO_VOCABULARY_QUARTER_H_

#include <compare>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace prio::vocab {

class Quarter {
 public:
  static constexpr int kMinYear = 2000;
  static constexpr int kMaxYear = 2100;

  // Parses "YYYY-Qn" (n 1-4, also lower-case "q"), years 2000-2100. INVALID_ARGUMENT
  // naming the text and the expected form otherwise.
  static absl::StatusOr<Quarter> Parse(std::string_view text);

  Quarter() = default;
  Quarter(int year, int quarter) : index_(year * 4 + quarter - 1) {}

  int year() const { return index_ / 4; }
  int quarter() const { return index_ % 4 + 1; }
  std::string ToString() const;  // "2027-Q2"

  // The quarter `n` quarters later (earlier for negative n).
  Quarter Plus(int n) const { return FromIndex(index_ + n); }
  // Quarters from `other` to this one (negative if this one is earlier).
  int Minus(Quarter other) const { return index_ - other.index_; }

  auto operator<=>(const Quarter&) const = default;

 private:
  static Quarter FromIndex(int index) {
    Quarter q;
    q.index_ = index;
    return q;
  }
  int index_ = 0;
};

}  // namespace prio::vocab

#endif  // PRIO_VOCABULARY_QUARTER_H_
