// Authority kinds (who executes a LeiKa-Leistung in NRW, events.proto AuthorityKind):
// their names and the keys the responsibility CSV uses.
#ifndef PRIO_VOCABULARY_AUTHORITY_H_
#define PRIO_VOCABULARY_AUTHORITY_H_

#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/status/status.h"
#include "google/protobuf/repeated_field.h"
#include "prio/v1/events.pb.h"

namespace prio::vocab {

// The ten kinds (UNRESOLVED last) in their canonical order.
std::span<const v1::AuthorityKind> AllAuthorityKinds();

// CSV and command-line keys: bund, land, gericht, kammer, sozialversicherung,
// landschaftsverband, kreisebene, gemeinde, sonstige, unresolved. "unspecified" for 0.
std::string_view AuthorityKey(v1::AuthorityKind k);
// For messages: "a federal authority", "a state authority (Land NRW)", "a court", ...
std::string_view AuthorityName(v1::AuthorityKind k);

// Parses a key (any case; German spellings "bundesbehörde", "landesbehörde",
// "ungeklärt" too). INVALID_ARGUMENT listing the accepted keys.
absl::StatusOr<v1::AuthorityKind> ParseAuthority(std::string_view text);

// "a federal authority, a court" — the names of `kinds` joined, or "nobody named".
std::string JoinAuthorityNames(std::span<const v1::AuthorityKind> kinds);
// "bund;gericht" — the keys joined by `separator`.
std::string JoinAuthorityKeys(std::span<const v1::AuthorityKind> kinds,
                              std::string_view separator);

// The same, for kinds given as the proto's repeated enum.
std::string JoinAuthorityKeys(const google::protobuf::RepeatedField<int>& kinds,
                              std::string_view separator);

// kreisebene and gemeinde: the kinds through which municipalities must provide a task.
bool IsMunicipal(v1::AuthorityKind k);

// Whether one mapping entry is consistent: `kinds` ascending and distinct, 1-4 of them,
// "unresolved" alone; size classes named exactly when a municipal kind executes it;
// an office (the unit of municipal exceptions) only for a municipal task. OK, or
// INVALID_ARGUMENT "authorities: ...", "size_classes: ..." or "office: ...", so that
// callers can prefix the field or point at the column.
absl::Status CheckAuthorityFit(std::span<const v1::AuthorityKind> kinds, bool has_classes,
                               bool has_office);

// "takes on jugendamt (Ratsbeschluss)", "hands bauaufsicht to its Kreis", or for NONE
// "jugendamt as its size class says".
std::string DescribeOfficeException(const v1::OfficeExceptionSet& exception);

}  // namespace prio::vocab

#endif  // PRIO_VOCABULARY_AUTHORITY_H_
