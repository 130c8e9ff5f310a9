#include "vocabulary/size_class.h"

#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/utf8.h"
#include "common/absl_compat.h"

namespace prio::vocab {
namespace {

struct ClassInfo {
  v1::SizeClass value;
  std::string_view key;
  std::string_view name;
};

constexpr std::array<ClassInfo, 5> kClasses = {{
    {v1::SIZE_CLASS_KREISFREIE_STADT, "kreisfreie-stadt", "kreisfreie Stadt"},
    {v1::SIZE_CLASS_KREIS, "kreis", "Kreis"},
    {v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT, "grosse-kas", "große kreisangehörige Stadt"},
    {v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT, "mittlere-kas",
     "mittlere kreisangehörige Stadt"},
    {v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE, "kleine-gemeinde",
     "kleine kreisangehörige Gemeinde"},
}};

constexpr std::array<v1::SizeClass, 5> kAll = {
    v1::SIZE_CLASS_KREISFREIE_STADT, v1::SIZE_CLASS_KREIS,
    v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT, v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT,
    v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE};

}  // namespace

std::span<const v1::SizeClass> AllSizeClasses() { return kAll; }

std::string_view SizeClassName(v1::SizeClass c) {
  for (const ClassInfo& info : kClasses) {
    if (info.value == c) return info.name;
  }
  return "unspecified";
}

std::string_view SizeClassKey(v1::SizeClass c) {
  for (const ClassInfo& info : kClasses) {
    if (info.value == c) return info.key;
  }
  return "unspecified";
}

absl::StatusOr<v1::SizeClass> ParseSizeClass(std::string_view text) {
  const std::string folded = FoldCase(text);
  for (const ClassInfo& info : kClasses) {
    if (folded == info.key || folded == FoldCase(info.name)) return info.value;
  }
  // Spellings of the status_go_nrw column (data/nrw_gemeinden.csv) and nrw_kreise.csv.
  if (folded == "große kreisangehörige stadt") return v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT;
  if (folded == "mittlere kreisangehörige stadt") {
    return v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT;
  }
  if (folded == "kreisangehörige stadt" || folded == "kreisangehörige gemeinde") {
    return v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE;
  }
  if (folded.rfind("kreisangehörige stadt mit sonderstatus", 0) == 0) {
    return v1::SIZE_CLASS_KREISFREIE_STADT;
  }
  if (folded == "städteregion") return v1::SIZE_CLASS_KREIS;
  std::vector<std::string> keys;
  for (const ClassInfo& info : kClasses) keys.emplace_back(info.key);
  return absl::InvalidArgumentError(absl::StrCat("unknown size class \"", ToAbsl(text.substr(0, 80)),
                                                 "\"; expected one of ",
                                                 absl::StrJoin(keys, ", "),
                                                 " or a GO NRW status"));
}

std::string JoinSizeClassNames(std::span<const v1::SizeClass> classes) {
  if (classes.empty()) return "none";
  std::vector<std::string> names;
  for (v1::SizeClass c : classes) names.emplace_back(SizeClassName(c));
  return absl::StrJoin(names, ", ");
}

}  // namespace prio::vocab
