#include "server/domain/ranking.h"

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "vocabulary/size_class.h"
#include "common/absl_compat.h"

namespace prio::domain {
namespace {

// Schulze scores of `candidates` from the participants' ranked ballots.
std::map<std::string, uint32_t> Schulze(const SurveyState& state, const RoundState& round,
                                        const std::vector<std::string>& candidates,
                                        Weighting weighting) {
  const std::size_t n = candidates.size();
  absl::flat_hash_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index[candidates[i]] = i;
  // d and p fit 64 bits: they sum weights, never weight × points (tally.h).
  std::vector<int64_t> d(n * n, 0);
  std::vector<std::size_t> ranked;
  std::vector<char> is_ranked(n, 0);
  for (const auto& [ags, answers] : round.answers) {
    if (answers.ranked.empty()) continue;
    const MunicipalityState* m = state.FindMunicipality(ags);
    const auto w = static_cast<int64_t>(
        WeightOf(weighting, m == nullptr ? int64_t{0} : m->municipality.population()));
    ranked.clear();
    for (const std::string& s : answers.ranked) {
      auto it = index.find(s);
      if (it != index.end()) ranked.push_back(it->second);
    }
    for (std::size_t i : ranked) is_ranked[i] = 1;
    for (std::size_t a = 0; a < ranked.size(); ++a) {
      int64_t* row = &d[ranked[a] * n];
      for (std::size_t b = a + 1; b < ranked.size(); ++b) row[ranked[b]] += w;
      for (std::size_t u = 0; u < n; ++u) {
        if (!is_ranked[u]) row[u] += w;
      }
    }
    for (std::size_t i : ranked) is_ranked[i] = 0;
  }
  // Strongest paths (widest-path Floyd–Warshall).
  std::vector<int64_t> p(n * n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j && d[i * n + j] > d[j * n + i]) p[i * n + j] = d[i * n + j];
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    const int64_t* pk = &p[k * n];
    for (std::size_t i = 0; i < n; ++i) {
      if (i == k) continue;
      const int64_t pik = p[i * n + k];
      if (pik == 0) continue;
      int64_t* pi = &p[i * n];
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i || j == k) continue;
        const int64_t via = std::min(pik, pk[j]);
        if (via > pi[j]) pi[j] = via;
      }
    }
  }
  std::map<std::string, uint32_t> scores;
  for (std::size_t s = 0; s < n; ++s) {
    uint32_t wins = 0;
    for (std::size_t t = 0; t < n; ++t) {
      if (s != t && p[s * n + t] > p[t * n + s]) ++wins;
    }
    scores[candidates[s]] = wins;
  }
  return scores;
}

}  // namespace

absl::StatusOr<Method> ParseMethod(std::string_view text) {
  if (text == "points") return Method::kPoints;
  if (text == "borda") return Method::kBorda;
  if (text == "schulze") return Method::kSchulze;
  if (text == "need") return Method::kNeed;
  return absl::InvalidArgumentError(absl::StrCat(
      "method \"", ToAbsl(text), "\" is not one of points, borda, schulze, need"));
}

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kPoints:
      return "points";
    case Method::kBorda:
      return "borda";
    case Method::kSchulze:
      return "schulze";
    case Method::kNeed:
      return "need";
  }
  return "?";
}

absl::StatusOr<Weighting> ParseWeighting(std::string_view text) {
  if (text == "none") return Weighting::kNone;
  if (text == "population") return Weighting::kPopulation;
  if (text == "sqrt-population") return Weighting::kSqrtPopulation;
  return absl::InvalidArgumentError(absl::StrCat(
      "weighting \"", ToAbsl(text), "\" is not one of none, population, sqrt-population"));
}

std::string_view WeightingName(Weighting w) {
  switch (w) {
    case Weighting::kNone:
      return "none";
    case Weighting::kPopulation:
      return "population";
    case Weighting::kSqrtPopulation:
      return "sqrt-population";
  }
  return "?";
}

std::vector<Method> MethodsFor(v1::BallotKind kind) {
  if (kind == v1::BALLOT_KIND_POINTS) return {Method::kPoints, Method::kNeed};
  return {Method::kBorda, Method::kSchulze, Method::kNeed};
}

Method DefaultMethod(v1::BallotKind kind) {
  return kind == v1::BALLOT_KIND_POINTS ? Method::kPoints : Method::kSchulze;
}

std::shared_ptr<const std::map<std::string, uint32_t>> SchulzeCache::Find(const Key& key) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

void SchulzeCache::Put(const Key& key,
                       std::shared_ptr<const std::map<std::string, uint32_t>> scores) {
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
  entries_[key] = std::move(scores);
}

absl::StatusOr<std::vector<RankingRow>> ComputeRanking(const SurveyState& state,
                                                       const RoundState& round, Method method,
                                                       Weighting weighting,
                                                       SchulzeCache* cache) {
  const std::vector<Method> fit = MethodsFor(round.round.ballot().kind());
  if (std::find(fit.begin(), fit.end(), method) == fit.end()) {
    std::vector<std::string> names;
    for (Method m : fit) names.emplace_back(MethodName(m));
    return absl::InvalidArgumentError(absl::StrCat(
        "method ", ToAbsl(MethodName(method)), " does not fit round \"", round.round.round_id(),
        "\", which takes ",
        round.round.ballot().kind() == v1::BALLOT_KIND_POINTS ? "points" : "ranked",
        " ballots; methods that fit: ", absl::StrJoin(names, ", ")));
  }
  const std::vector<std::string> scope = ScopeServices(state, round);
  std::shared_ptr<const std::map<std::string, uint32_t>> schulze;
  if (method == Method::kSchulze) {
    const SchulzeCache::Key key{round.round.round_id(), static_cast<int>(weighting), round.version,
                                state.catalog_revision()};
    if (cache != nullptr) schulze = cache->Find(key);
    if (schulze == nullptr) {
      schulze = std::make_shared<const std::map<std::string, uint32_t>>(
          Schulze(state, round, scope, weighting));
      if (cache != nullptr) cache->Put(key, schulze);
    }
  }
  struct Scored {
    RankingRow row;
    Fixed exact;
  };
  std::vector<Scored> rows;
  rows.reserve(scope.size());
  const int w = static_cast<int>(weighting);
  for (const std::string& id : scope) {
    const ServiceTally& t = round.tally.Get(id);
    Scored s;
    s.row.service_id = id;
    if (const ServiceState* service = state.FindService(id)) s.row.name = service->service.name();
    switch (method) {
      case Method::kPoints:
      case Method::kBorda:
        s.exact = t.ballot[w];
        break;
      case Method::kNeed:
        s.exact = t.need[w];
        break;
      case Method::kSchulze:
        s.exact = schulze->at(id);
        break;
    }
    s.row.score = method == Method::kSchulze ? static_cast<double>(s.exact) : ToDouble(s.exact);
    s.row.supporters = t.supporters;
    s.row.required_by = t.required_by;
    s.row.population = t.population;
    s.row.cases = t.cases;
    rows.push_back(std::move(s));
  }
  std::sort(rows.begin(), rows.end(), [](const Scored& a, const Scored& b) {
    if (a.exact != b.exact) return a.exact > b.exact;
    if (a.row.cases != b.row.cases) return a.row.cases > b.row.cases;
    return ServiceIdLess()(a.row.service_id, b.row.service_id);
  });
  std::vector<RankingRow> out;
  out.reserve(rows.size());
  uint32_t rank = 1;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // Rank = 1 + the number of rows with a higher score; equal scores are tied.
    if (i > 0 && rows[i - 1].exact != rows[i].exact) rank = static_cast<uint32_t>(i + 1);
    rows[i].row.rank = rank;
    rows[i].row.tied = (i > 0 && rows[i - 1].exact == rows[i].exact) ||
                       (i + 1 < rows.size() && rows[i + 1].exact == rows[i].exact);
    out.push_back(std::move(rows[i].row));
  }
  return out;
}

}  // namespace prio::domain
