// The OZG-Kompass for one municipality: which services and LeiKa entries it must
// provide, from the mapping (ServiceState's LeiKa-level responsibility, or a
// bundle-level mapping), its size class and the office exceptions.
//
// An entry with an office is provided by municipality M if
//   - M takes the office on (OfficeExceptionSet TAKES_ON), or else
//   - M is a Kreis and one of its Gemeinden handed the office to it, or else
//   - M did not hand the office to its Kreis and the entry names M's size class.
// An entry without an office: if it names M's size class. A service: if M provides
// one of its entries (bundle level: if the mapping names M's size class).
//
//   if (!MustProvide(state, *m, *service)) ... DescribeExecutor(*service) ...
//
// Pure functions of `state`; thread-compatible (call them under the lock that keeps
// the state still).
#ifndef PRIO_SERVER_DOMAIN_COMPASS_H_
#define PRIO_SERVER_DOMAIN_COMPASS_H_

#include <string>
#include <vector>

#include "server/domain/survey_state.h"

namespace prio::domain {

// One LeiKa entry a municipality provides.
struct LeikaDuty {
  const v1::LeikaEntry* entry = nullptr;
  const v1::LeikaResponsibility* responsibility = nullptr;
  // Set where an exception decides or qualifies it: "takes on jugendamt (source)",
  // for a Kreis "handed over by 05758004 (Bünde)" and "taken on by ... for its area".
  std::string exception;
};

// True if `m` must provide `service`.
bool MustProvide(const SurveyState& state, const MunicipalityState& m, const ServiceState& service);

// The LeiKa entries of `service` that `m` provides, in the service's entry order
// (empty for a bundle-level mapping).
std::vector<LeikaDuty> DutiesOf(const SurveyState& state, const MunicipalityState& m,
                                const ServiceState& service);

// Who executes `service`, for messages: "a state authority (Land NRW) (rule
// finanzamt)"; for a bundle-level mapping the responsible size classes.
std::string DescribeExecutor(const ServiceState& service);

// The services a round asks about, as of `state`: the listed ones, or every
// catalogued service some participant must provide; for a round closed explicitly,
// those it asked about when it closed. In ServiceIdLess order.
std::vector<std::string> ScopeServices(const SurveyState& state, const RoundState& round);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_COMPASS_H_
