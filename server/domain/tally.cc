#include "server/domain/tally.h"

#include <cmath>

#include "common/absl_compat.h"

namespace prio::domain {

Fixed WeightOf(Weighting w, int64_t population) {
  constexpr double kScale = static_cast<double>(int64_t{1} << kWeightFractionBits);
  switch (w) {
    case Weighting::kNone:
      return Fixed{1} << kWeightFractionBits;
    case Weighting::kPopulation:
      return Fixed{population} << kWeightFractionBits;
    case Weighting::kSqrtPopulation:
      return static_cast<Fixed>(
          std::llround(std::sqrt(static_cast<double>(population)) * kScale));
  }
  return 0;
}

double ToDouble(Fixed f) {
  return static_cast<double>(f) / static_cast<double>(int64_t{1} << kWeightFractionBits);
}

int NeedWeight(v1::NeedLevel level) {
  switch (level) {
    case v1::NEED_LEVEL_REQUIRED:
      return 3;
    case v1::NEED_LEVEL_WANTED:
      return 2;
    case v1::NEED_LEVEL_OPTIONAL:
      return 1;
    default:
      return 0;
  }
}

bool NeedSupports(v1::NeedLevel level) { return NeedWeight(level) > 0; }

void RoundTally::Add(std::string_view service_id, int64_t population, const ServiceFacts& f,
                     int sign) {
  if (!f.on_ballot && !f.has_need && f.ballot_points == 0) return;
  ServiceTally& t = services_[ToAbsl(service_id)];
  for (int w = 0; w < kWeightings; ++w) {
    const Fixed weight = WeightOf(static_cast<Weighting>(w), population);
    t.ballot[w] += sign * weight * f.ballot_points;
    if (f.has_need) t.need[w] += sign * weight * NeedWeight(f.level);
  }
  if (f.has_need) {
    t.cases += sign * f.cases;
    if (f.level == v1::NEED_LEVEL_REQUIRED) t.required_by += sign;
  }
  if (f.supports()) {
    t.supporters += sign;
    t.population += sign * population;
  }
}

void RoundTally::Replace(std::string_view service_id, int64_t population_before,
                         const ServiceFacts& before, int64_t population_after,
                         const ServiceFacts& after) {
  Add(service_id, population_before, before, -1);
  Add(service_id, population_after, after, +1);
}

const ServiceTally& RoundTally::Get(std::string_view service_id) const {
  static const ServiceTally kEmpty;
  auto it = services_.find(ToAbsl(service_id));
  return it == services_.end() ? kEmpty : it->second;
}

}  // namespace prio::domain
