// Which services are business services (Unternehmensleistungen), the services OZG 2.0
// makes digital-only (OZG § 1a; see README "Deadlines").
//
// Rule: a service is a business service when its Lebenslage is one of the
// Unternehmenslagen (business situations) of the OZG-Umsetzungskatalog, or, for a
// catalogue whose Lebenslagen carry other names, when its Themenfeld is
// "Unternehmensführung & -entwicklung". The catalogue that prio ships lists
// Lebenslagen and Unternehmenslagen in one column (data/README.md); the list of
// Unternehmenslagen is kUnternehmenslagen below, with its source there. The LeiKa entries
// do not say who applies, so they do not enter the rule.
#ifndef PRIO_SERVER_DOMAIN_BUSINESS_H_
#define PRIO_SERVER_DOMAIN_BUSINESS_H_

#include <string_view>

#include "prio/v1/events.pb.h"

namespace prio::domain {

// Pure and thread-safe.
bool IsBusinessService(const v1::Service& service);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_BUSINESS_H_
