#include "client/row_origins.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/absl_compat.h"

namespace prio::client {

std::optional<absl::Status> RowOrigins::Locate(const absl::Status& refusal) const {
  absl::string_view message = refusal.message();
  if (!absl::ConsumePrefix(&message, absl::StrCat(list_field_, "["))) return std::nullopt;
  const std::size_t close = message.find(']');
  std::size_t index = 0;
  if (close == absl::string_view::npos || !absl::SimpleAtoi(message.substr(0, close), &index) ||
      index >= rows_.size()) {
    return std::nullopt;
  }
  message.remove_prefix(close + 1);
  int column = 0;
  if (absl::ConsumePrefix(&message, ".")) {
    const std::size_t end = message.find_first_of(":.[");
    auto it = columns_.find(std::string(message.substr(0, end)));
    if (it != columns_.end() && it->second >= 0) column = it->second;
  }
  // The reason follows the field path.
  if (const std::size_t colon = message.find(": "); colon != absl::string_view::npos) {
    message.remove_prefix(colon + 2);
  }
  const absl::Status located = table_->FieldError(*rows_[index], column, ToStd(message));
  return absl::InvalidArgumentError(absl::StrCat(
      located.message(), " (server: ", absl::StatusCodeToString(refusal.code()), ")"));
}

}  // namespace prio::client
