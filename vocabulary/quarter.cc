#include "vocabulary/quarter.h"

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace prio::vocab {

absl::StatusOr<Quarter> Quarter::Parse(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "quarter \"", ToAbsl(text), "\" is not of the form YYYY-Qn (e.g. 2027-Q2) with a year ",
        kMinYear, "-", kMaxYear));
  };
  if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q')) return bad();
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    year = year * 10 + (text[i] - '0');
  }
  const char q = text[6];
  if (q < '1' || q > '4' || year < kMinYear || year > kMaxYear) return bad();
  return Quarter(year, q - '0');
}

std::string Quarter::ToString() const { return absl::StrCat(year(), "-Q", quarter()); }

}  // namespace prio::vocab
