#include "vocabulary/authority.h"

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/utf8.h"
#include "common/absl_compat.h"

namespace prio::vocab {
namespace {

struct KindInfo {
  v1::AuthorityKind value;
  std::string_view key;
  std::string_view german;  // an accepted German spelling besides the key
  std::string_view name;
};

constexpr std::array<KindInfo, 10> kKinds = {{
    {v1::AUTHORITY_KIND_BUND, "bund", "bundesbehörde", "a federal authority"},
    {v1::AUTHORITY_KIND_LAND, "land", "landesbehörde", "a state authority (Land NRW)"},
    {v1::AUTHORITY_KIND_GERICHT, "gericht", "gerichte", "a court"},
    {v1::AUTHORITY_KIND_KAMMER, "kammer", "kammern", "a chamber"},
    {v1::AUTHORITY_KIND_SOZIALVERSICHERUNG, "sozialversicherung", "sozialversicherungsträger",
     "a social insurer or the Bundesagentur für Arbeit"},
    {v1::AUTHORITY_KIND_LANDSCHAFTSVERBAND, "landschaftsverband", "lwl/lvr",
     "a Landschaftsverband (LWL/LVR)"},
    {v1::AUTHORITY_KIND_KREISEBENE, "kreisebene", "kreis", "the Kreisebene"},
    {v1::AUTHORITY_KIND_GEMEINDE, "gemeinde", "gemeinden", "every Gemeinde"},
    {v1::AUTHORITY_KIND_SONSTIGE, "sonstige", "sonstiges", "another body"},
    {v1::AUTHORITY_KIND_UNRESOLVED, "unresolved", "ungeklärt", "nobody (unresolved)"},
}};

constexpr std::array<v1::AuthorityKind, 10> kAll = {
    v1::AUTHORITY_KIND_BUND,          v1::AUTHORITY_KIND_LAND,
    v1::AUTHORITY_KIND_GERICHT,       v1::AUTHORITY_KIND_KAMMER,
    v1::AUTHORITY_KIND_SOZIALVERSICHERUNG, v1::AUTHORITY_KIND_LANDSCHAFTSVERBAND,
    v1::AUTHORITY_KIND_KREISEBENE,    v1::AUTHORITY_KIND_GEMEINDE,
    v1::AUTHORITY_KIND_SONSTIGE,      v1::AUTHORITY_KIND_UNRESOLVED};

const KindInfo* Find(v1::AuthorityKind k) {
  for (const KindInfo& info : kKinds) {
    if (info.value == k) return &info;
  }
  return nullptr;
}

}  // namespace

std::span<const v1::AuthorityKind> AllAuthorityKinds() { return kAll; }

std::string_view AuthorityKey(v1::AuthorityKind k) {
  const KindInfo* info = Find(k);
  return info == nullptr ? "unspecified" : info->key;
}

std::string_view AuthorityName(v1::AuthorityKind k) {
  const KindInfo* info = Find(k);
  return info == nullptr ? "unspecified" : info->name;
}

absl::StatusOr<v1::AuthorityKind> ParseAuthority(std::string_view text) {
  const std::string folded = FoldCase(text);
  for (const KindInfo& info : kKinds) {
    if (folded == info.key || folded == info.german) return info.value;
  }
  std::vector<std::string> keys;
  for (const KindInfo& info : kKinds) keys.emplace_back(info.key);
  return absl::InvalidArgumentError(absl::StrCat("unknown authority kind \"", ToAbsl(text),
                                                 "\"; use one of ", absl::StrJoin(keys, ", ")));
}

std::string JoinAuthorityNames(std::span<const v1::AuthorityKind> kinds) {
  std::vector<std::string> names;
  for (v1::AuthorityKind k : kinds) names.emplace_back(AuthorityName(k));
  return names.empty() ? "nobody named" : absl::StrJoin(names, ", ");
}

std::string JoinAuthorityKeys(std::span<const v1::AuthorityKind> kinds,
                              std::string_view separator) {
  std::vector<std::string> keys;
  for (v1::AuthorityKind k : kinds) keys.emplace_back(AuthorityKey(k));
  return absl::StrJoin(keys, ToAbsl(separator));
}

std::string JoinAuthorityKeys(const google::protobuf::RepeatedField<int>& kinds,
                              std::string_view separator) {
  std::vector<v1::AuthorityKind> k;
  for (int v : kinds) k.push_back(static_cast<v1::AuthorityKind>(v));
  return JoinAuthorityKeys(k, separator);
}

bool IsMunicipal(v1::AuthorityKind k) {
  return k == v1::AUTHORITY_KIND_KREISEBENE || k == v1::AUTHORITY_KIND_GEMEINDE;
}

absl::Status CheckAuthorityFit(std::span<const v1::AuthorityKind> kinds, bool has_classes,
                               bool has_office) {
  if (kinds.empty() || kinds.size() > 4) {
    return absl::InvalidArgumentError(
        "authorities: name 1-4 kinds of authority (unresolved if no rule decides it)");
  }
  if (kinds.back() == v1::AUTHORITY_KIND_UNRESOLVED && kinds.size() > 1) {
    return absl::InvalidArgumentError("authorities: unresolved stands alone");
  }
  const bool municipal = std::any_of(kinds.begin(), kinds.end(), IsMunicipal);
  if (municipal && !has_classes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "size_classes: ", JoinAuthorityNames(kinds),
        " executes it, so name the size classes that must provide it"));
  }
  if (!municipal && has_classes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "size_classes: ", JoinAuthorityNames(kinds),
        " executes it, so no municipality must provide it (name kreisebene or gemeinde among "
        "the authorities if one does)"));
  }
  if (!municipal && has_office) {
    return absl::InvalidArgumentError(
        "office: offices group municipal tasks (the unit of a municipality's exceptions); "
        "this one no municipality executes");
  }
  return absl::OkStatus();
}

std::string DescribeOfficeException(const v1::OfficeExceptionSet& x) {
  std::string out;
  switch (x.mode()) {
    case v1::OFFICE_EXCEPTION_MODE_TAKES_ON:
      out = absl::StrCat("takes on ", x.office());
      break;
    case v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS:
      out = absl::StrCat("hands ", x.office(), " to its Kreis");
      break;
    default:
      out = absl::StrCat(x.office(), " as its size class says");
  }
  if (!x.source().empty()) absl::StrAppend(&out, " (", x.source(), ")");
  return out;
}

}  // namespace prio::vocab
