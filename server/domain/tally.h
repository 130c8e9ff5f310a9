// RoundTally: a round's ranking tallies, kept incrementally as answers change, so that
// a points, Borda or need ranking is a sort of ready scores (DESIGN "Ranking").
//
// Scores are exact: a municipality's weight is a fixed-point number with 20 fraction
// bits (none: 1; population: its population; sqrt-population: √population rounded to
// the nearest 1/2^20), and every score is a sum of weight × integer points kept as a
// 128-bit integer. Sums therefore do not depend on the order events arrive in, ties
// are exact, and a hand computation matches to within 1e-6 per municipality.
//
// Per service:
//   ballot[w]  Σ weight × (points given, or Borda points k, k-1, ..., 1 of a ranked
//              ballot ranking k services)
//   need[w]    Σ weight × level weight (required 3, wanted 2, optional 1, else 0)
//   cases      Σ expected yearly cases over every current need, whatever its level
//   supporters municipalities that gave points (> 0) or a rank, or a need of optional
//              or higher; required_by: needs of level required; population: Σ
//              population of the supporters.
// Not thread-safe.
#ifndef PRIO_SERVER_DOMAIN_TALLY_H_
#define PRIO_SERVER_DOMAIN_TALLY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "prio/v1/events.pb.h"
#include "vocabulary/quarter.h"

namespace prio::domain {

enum class Weighting { kNone = 0, kPopulation = 1, kSqrtPopulation = 2 };
inline constexpr int kWeightings = 3;
inline constexpr int kWeightFractionBits = 20;

using Fixed = __int128;

// The fixed-point weight of a municipality of `population` under `w`.
Fixed WeightOf(Weighting w, int64_t population);
// A Fixed score as a number (exact to about 15 significant digits).
double ToDouble(Fixed f);

// Level weight for the need method: required 3, wanted 2, optional 1, else 0.
int NeedWeight(v1::NeedLevel level);
// True for required, wanted and optional.
bool NeedSupports(v1::NeedLevel level);

// What one municipality's answers say about one service.
struct ServiceFacts {
  uint32_t ballot_points = 0;  // points, or Borda points of its rank; 0 if not on the ballot
  bool on_ballot = false;      // given points > 0, or ranked
  bool has_need = false;
  // The need's desired start, for the plan (false: as soon as possible, or no need).
  bool has_desired_start = false;
  v1::NeedLevel level = v1::NEED_LEVEL_UNSPECIFIED;
  vocab::Quarter desired_start;
  int64_t cases = 0;           // 0 when unknown

  bool supports() const { return on_ballot || (has_need && NeedSupports(level)); }
};

struct ServiceTally {
  std::array<Fixed, kWeightings> ballot{};
  std::array<Fixed, kWeightings> need{};
  int64_t cases = 0;
  uint32_t supporters = 0;
  uint32_t required_by = 0;
  int64_t population = 0;
};

class RoundTally {
 public:
  // Replaces one municipality's contribution to one service: `before` with its
  // population then, `after` with its population now.
  void Replace(std::string_view service_id, int64_t population_before, const ServiceFacts& before,
               int64_t population_after, const ServiceFacts& after);

  // The tally of a service (all zero if nobody answered it).
  const ServiceTally& Get(std::string_view service_id) const;
  const absl::flat_hash_map<std::string, ServiceTally>& services() const { return services_; }

 private:
  void Add(std::string_view service_id, int64_t population, const ServiceFacts& f, int sign);

  absl::flat_hash_map<std::string, ServiceTally> services_;
};

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_TALLY_H_
