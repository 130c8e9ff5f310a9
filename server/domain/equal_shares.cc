#include "server/domain/equal_shares.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <queue>
#include <tuple>

namespace prio::domain {
namespace {

using Int128 = __int128;

struct Support {
  std::size_t voter;
  int64_t utility;
};

// ρ = numerator / denominator, compared exactly; with the project index as the
// tie-break, so that (ρ, index) orders candidates as the header says.
struct Candidate {
  int64_t numerator;
  int64_t denominator;
  std::size_t project;
};

bool Before(const Candidate& a, const Candidate& b) {
  const Int128 l = static_cast<Int128>(a.numerator) * b.denominator;
  const Int128 r = static_cast<Int128>(b.numerator) * a.denominator;
  if (l != r) return l < r;
  return a.project < b.project;
}

struct Later {
  bool operator()(const Candidate& a, const Candidate& b) const { return Before(b, a); }
};

// The supporters of one project sorted by r_i / u_i ascending (then voter index), and
// the exact ρ; nullopt if they cannot pay the cost together. `capped` is how many of
// the sorted supporters pay all they have left.
struct Rho {
  int64_t numerator;
  int64_t denominator;
  std::vector<Support> sorted;
  std::size_t capped;
};

std::optional<Rho> ComputeRho(const std::vector<Support>& supporters,
                              const std::vector<int64_t>& left, int64_t cost) {
  Int128 total = 0;
  int64_t utility_sum = 0;
  for (const Support& s : supporters) {
    total += left[s.voter];
    utility_sum += s.utility;
  }
  if (supporters.empty() || total < cost) return std::nullopt;
  Rho rho{.numerator = 0, .denominator = 1, .sorted = supporters, .capped = 0};
  if (cost == 0) return rho;
  std::sort(rho.sorted.begin(), rho.sorted.end(), [&](const Support& a, const Support& b) {
    const Int128 l = static_cast<Int128>(left[a.voter]) * b.utility;
    const Int128 r = static_cast<Int128>(left[b.voter]) * a.utility;
    if (l != r) return l < r;
    return a.voter < b.voter;
  });
  int64_t capped_sum = 0;
  int64_t rest_utility = utility_sum;
  for (std::size_t k = 0; k < rho.sorted.size(); ++k) {
    const Support& s = rho.sorted[k];
    const int64_t need = cost - capped_sum;
    // Does ρ = need / rest_utility leave supporter k uncapped (ρ × u_k <= r_k)?
    if (static_cast<Int128>(need) * s.utility <= static_cast<Int128>(left[s.voter]) * rest_utility) {
      const int64_t g = std::gcd(need, rest_utility);
      rho.numerator = need / g;
      rho.denominator = rest_utility / g;
      rho.capped = k;
      return rho;
    }
    capped_sum += left[s.voter];
    rest_utility -= s.utility;
  }
  return std::nullopt;  // unreachable when total >= cost
}

// Charges the supporters of a selected project as the header says.
void Pay(const Rho& rho, int64_t cost, std::vector<int64_t>& left, std::vector<int64_t>& paid) {
  int64_t charged = 0;
  for (std::size_t k = 0; k < rho.capped; ++k) {
    const std::size_t v = rho.sorted[k].voter;
    charged += left[v];
    paid[v] += left[v];
    left[v] = 0;
  }
  struct Share {
    std::size_t voter;
    int64_t whole;
    int64_t fraction;  // remainder of numerator × u / denominator
  };
  std::vector<Share> shares;
  for (std::size_t k = rho.capped; k < rho.sorted.size(); ++k) {
    const Support& s = rho.sorted[k];
    const Int128 exact = static_cast<Int128>(rho.numerator) * s.utility;
    shares.push_back({s.voter, static_cast<int64_t>(exact / rho.denominator),
                      static_cast<int64_t>(exact % rho.denominator)});
    charged += shares.back().whole;
  }
  std::sort(shares.begin(), shares.end(), [](const Share& a, const Share& b) {
    return std::tie(b.fraction, a.voter) < std::tie(a.fraction, b.voter);
  });
  int64_t missing = cost - charged;
  for (Share& s : shares) {
    if (missing > 0 && s.fraction > 0) {
      ++s.whole;
      --missing;
    }
    left[s.voter] -= s.whole;
    paid[s.voter] += s.whole;
  }
}

}  // namespace

EqualSharesResult SelectEqualShares(const EqualSharesInput& input) {
  const std::size_t n = input.voters.size();
  const std::size_t m = input.projects.size();
  EqualSharesResult result;
  result.shares.assign(n, 0);
  result.paid.assign(n, 0);
  const int64_t budget = std::max<int64_t>(input.budget, 0);

  Int128 total_weight = 0;
  for (const EqualSharesVoter& v : input.voters) {
    if (v.weight > 0) total_weight += v.weight;
  }
  std::vector<std::vector<Support>> supporters(m);
  for (std::size_t i = 0; i < n; ++i) {
    const EqualSharesVoter& v = input.voters[i];
    if (v.weight <= 0) continue;
    result.shares[i] = static_cast<int64_t>(static_cast<Int128>(budget) * v.weight / total_weight);
    for (const auto& [project, utility] : v.utilities) {
      if (project < m && utility > 0) supporters[project].push_back({i, utility});
    }
  }
  std::vector<int64_t> left = result.shares;
  std::vector<bool> selected(m, false);

  // Lazy evaluation: a project's ρ never falls as voters spend, so a ρ computed
  // earlier is a lower bound; the smallest bound is recomputed until it stays
  // smallest, and a project that became unaffordable stays so.
  std::priority_queue<Candidate, std::vector<Candidate>, Later> queue;
  for (std::size_t j = 0; j < m; ++j) {
    if (input.projects[j].cost < 0) continue;
    queue.push({0, 1, j});
  }
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    const int64_t cost = input.projects[top.project].cost;
    std::optional<Rho> rho = ComputeRho(supporters[top.project], left, cost);
    if (!rho.has_value()) continue;
    const Candidate now{rho->numerator, rho->denominator, top.project};
    if (!queue.empty() && Before(queue.top(), now)) {
      queue.push(now);
      continue;
    }
    Pay(*rho, cost, left, result.paid);
    selected[top.project] = true;
    result.selected.push_back({.project = top.project,
                               .by_completion = false,
                               .rho_numerator = rho->numerator,
                               .rho_denominator = rho->denominator});
    result.spent += cost;
  }

  // Completion with the greedy rule on what is left of the budget.
  for (std::size_t j = 0; j < m; ++j) {
    const int64_t cost = input.projects[j].cost;
    const bool supported = !supporters[j].empty() || input.projects[j].wanted;
    if (selected[j] || !supported || cost < 0 || cost > budget - result.spent) {
      continue;
    }
    selected[j] = true;
    result.selected.push_back({.project = j, .by_completion = true});
    result.spent += cost;
  }
  return result;
}

}  // namespace prio::domain
