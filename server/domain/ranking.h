// Rankings of a round's services, exactly as DESIGN "Ranking" defines them, so that
// anyone can recompute one by hand from the log:
//
//   points   (points rounds)  score = Σ w × points given to the service
//   borda    (ranked rounds)  a ballot ranking k services gives k, k-1, ..., 1;
//                             score = Σ w × those points
//   schulze  (ranked rounds)  d[a][b] = Σ w over ballots ranking a above b (a ranked
//                             service is above every unranked one; unranked ones are
//                             tied); strongest paths by the widest-path rule;
//                             score = number of services t with p[s][t] > p[t][s]
//   need     (any round)      score = Σ w × level weight (required 3, wanted 2,
//                             optional 1, not needed and already live 0)
// w is 1 (none), the population (population) or √population (sqrt-population), as
// fixed-point numbers (tally.h). Only the current, non-withdrawn ballot and needs of
// each participant count.
//
// Rows: every service in the round's scope, by score descending, then total expected
// yearly cases (every current need, whatever its level) descending, then service id
// ascending (numerically where numeric). Equal scores share a rank (1, 2, 2, 4) and
// are marked tied. Defaults: method points for points rounds and schulze for ranked
// rounds; weighting none.
#ifndef PRIO_SERVER_DOMAIN_RANKING_H_
#define PRIO_SERVER_DOMAIN_RANKING_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/domain/compass.h"
#include "server/domain/survey_state.h"
#include "server/domain/tally.h"

namespace prio::domain {

enum class Method { kPoints, kBorda, kSchulze, kNeed };

// "points", "borda", "schulze", "need"; INVALID_ARGUMENT listing them otherwise.
absl::StatusOr<Method> ParseMethod(std::string_view text);
std::string_view MethodName(Method m);
// "none", "population", "sqrt-population".
absl::StatusOr<Weighting> ParseWeighting(std::string_view text);
std::string_view WeightingName(Weighting w);

// The methods that fit a round's ballot kind, and the default among them.
std::vector<Method> MethodsFor(v1::BallotKind kind);
Method DefaultMethod(v1::BallotKind kind);

struct RankingRow {
  uint32_t rank = 0;
  std::string service_id;
  std::string name;
  double score = 0;
  bool tied = false;
  uint32_t supporters = 0;
  uint32_t required_by = 0;
  int64_t population = 0;
  int64_t cases = 0;
};

// Schulze results by (round, weighting, round version, catalogue revision), shared
// across queries. Thread-safe.
class SchulzeCache {
 public:
  using Key = std::tuple<std::string, int, uint64_t, int64_t>;
  std::shared_ptr<const std::map<std::string, uint32_t>> Find(const Key& key) const;
  void Put(const Key& key, std::shared_ptr<const std::map<std::string, uint32_t>> scores);

 private:
  static constexpr std::size_t kMaxEntries = 64;
  mutable absl::Mutex mu_;
  std::map<Key, std::shared_ptr<const std::map<std::string, uint32_t>>> entries_
      ABSL_GUARDED_BY(mu_);
};

// The ranking. INVALID_ARGUMENT if `method` does not fit the round's ballot kind,
// naming the methods that fit. `cache` may be null.
absl::StatusOr<std::vector<RankingRow>> ComputeRanking(const SurveyState& state,
                                                       const RoundState& round, Method method,
                                                       Weighting weighting,
                                                       SchulzeCache* cache = nullptr);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_RANKING_H_
