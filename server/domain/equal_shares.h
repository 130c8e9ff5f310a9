// The Method of Equal Shares (Peters, Pierczyński, Skowron 2021, "Proportional
// Participatory Budgeting with Additive Utilities"), in integer arithmetic so that a
// selection never depends on floating-point rounding and anyone can recompute it:
//
//   Shares: voter i of weight w_i gets floor(B × w_i / W) units of the budget B
//   (W = Σ w). Costs, budget and shares are whole units (the caller fixes the unit;
//   the plan uses 1/1000 person-day).
//   Step: a project j is affordable if its supporters (utility u_ij > 0) hold at least
//   its cost c_j together. Its ρ_j is the smallest ρ with Σ_i min(r_i, ρ × u_ij) = c_j
//   (r_i: what voter i has left), an exact fraction. The affordable project with the
//   smallest ρ is selected (ties: the earlier project in the input order, which is the
//   ranking order); each supporter pays min(r_i, ρ × u_ij), in whole units: the
//   supporters whose r_i / u_ij < ρ pay all they have left, the others floor(ρ × u_ij)
//   plus one unit each for the largest fractional parts (then the lower voter index)
//   until the cost is paid exactly.
//   Repeat until no project is affordable. Completion: then, in input order, every
//   unselected project that is supported (by a voter, or `wanted` otherwise) and
//   whose cost fits what is left of B (B minus everything paid) is selected and its
//   cost spent.
//
// Guarantees: no voter pays more than its share; the total spent never exceeds B. A group of voters holding a fraction f
// of the weight controls about f of the budget (the method's proportionality, EJR up
// to one project); a project neither supported nor wanted is never selected. Pure;
// thread-safe.
#ifndef PRIO_SERVER_DOMAIN_EQUAL_SHARES_H_
#define PRIO_SERVER_DOMAIN_EQUAL_SHARES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace prio::domain {

struct EqualSharesProject {
  std::string id;
  int64_t cost = 0;  // units, >= 0
  // Supported other than by the voters' utilities (the plan: by a need); only the
  // completion step may take it then.
  bool wanted = false;
};

struct EqualSharesVoter {
  std::string id;
  int64_t weight = 1;  // > 0
  // (index into projects, utility > 0); projects not named have utility 0.
  std::vector<std::pair<std::size_t, int64_t>> utilities;
};

struct EqualSharesInput {
  int64_t budget = 0;                        // units, >= 0
  std::vector<EqualSharesProject> projects;  // in ranking order (the tie-break)
  std::vector<EqualSharesVoter> voters;      // in a fixed order (AGS): the rounding order
};

struct EqualSharesPick {
  std::size_t project = 0;
  bool by_completion = false;
  // ρ as an exact fraction (0/1 for a project costing nothing); 0/0 for completion.
  int64_t rho_numerator = 0;
  int64_t rho_denominator = 0;
};

struct EqualSharesResult {
  std::vector<EqualSharesPick> selected;  // in selection order
  std::vector<int64_t> shares;            // per voter, at the start
  std::vector<int64_t> paid;              // per voter, in the equal-shares steps
  int64_t spent = 0;                      // paid by voters + the completion's costs
};

// Runs the method. Inputs outside the documented ranges (negative costs or budget,
// weights or utilities <= 0, project indices out of range) are the caller's bug; they
// are skipped (such a voter or utility counts for nothing).
EqualSharesResult SelectEqualShares(const EqualSharesInput& input);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_EQUAL_SHARES_H_
