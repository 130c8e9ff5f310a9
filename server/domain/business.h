// Which services are business services (Unternehmensleistungen), the services OZG 2.0
// makes digital-only (OZG § 1a Abs. 1 Satz 2; see README "Deadlines").
//
// Rule: a service is a business service when the catalogue files it under an
// Unternehmenslage (business situation) that an official source names as one: every
// Lage of the Themenfeld "Unternehmensführung & -entwicklung", and "Querschnitt
// Unternehmen" (sources in business.cc). The OZG catalogue counts 17 Unternehmenslagen
// but publishes the list only as an image; eight more Lagen of the shipped catalogue
// look like business ones (Steuern & Abgaben, Bauen & Immobilien, Abfall &
// Umweltschutz, Anlagen & Stoffe, Auslandsgeschäft, Finanzierung & Förderung,
// Forschung & Entwicklung, Logistik & Transport) but are NOT SOURCED as such, and hold
// services citizens use too (Baugenehmigung): they are left out. The LeiKa entries do
// not say who applies, so they do not enter the rule. The law's own test (services
// executing federal law that concern companies only) is narrower still: a deadline set
// for all business services is the provider's reading, recorded with its source.
#ifndef PRIO_SERVER_DOMAIN_BUSINESS_H_
#define PRIO_SERVER_DOMAIN_BUSINESS_H_

#include <string_view>

#include "prio/v1/events.pb.h"

namespace prio::domain {

// Pure and thread-safe.
bool IsBusinessService(const v1::Service& service);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_BUSINESS_H_
