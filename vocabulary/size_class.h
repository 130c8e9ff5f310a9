// Size classes (Größenklassen, GO NRW § 4): their names and how the reference data
// spells them.
#ifndef PRIO_VOCABULARY_SIZE_CLASS_H_
#define PRIO_VOCABULARY_SIZE_CLASS_H_

#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/events.pb.h"

namespace prio::vocab {

// The five classes in their canonical order.
std::span<const v1::SizeClass> AllSizeClasses();

// "kreisfreie Stadt", "Kreis", "große kreisangehörige Stadt", "mittlere kreisangehörige
// Stadt", "kleine kreisangehörige Gemeinde".
std::string_view SizeClassName(v1::SizeClass c);
// Short machine names used on the command line and in CSV:
// kreisfreie-stadt, kreis, grosse-kas, mittlere-kas, kleine-gemeinde.
std::string_view SizeClassKey(v1::SizeClass c);

// Parses a short key, a full name (any case), or a `status_go_nrw` value of
// data/nrw_gemeinden.csv. Plain "kreisangehörige Stadt/Gemeinde" is the kleine class;
// Aachen's "kreisangehörige Stadt mit Sonderstatus" counts as a kreisfreie Stadt
// (its legal position, see data/README.md). INVALID_ARGUMENT listing the accepted keys.
absl::StatusOr<v1::SizeClass> ParseSizeClass(std::string_view text);

// "Kreis, kreisfreie Stadt" — names of `classes` joined, or "none".
std::string JoinSizeClassNames(std::span<const v1::SizeClass> classes);

}  // namespace prio::vocab

#endif  // PRIO_VOCABULARY_SIZE_CLASS_H_
