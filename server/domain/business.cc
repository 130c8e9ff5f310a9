#include "server/domain/business.h"

#include <algorithm>
#include <array>

namespace prio::domain {
namespace {

// The 17 Unternehmenslagen of the OZG-Umsetzungskatalog, spelled as in
// data/ozg_lebenslagen.csv. The OZG-Leitfaden (leitfaden.ozg-umsetzung.de, ch. 3.1)
// and digitale-verwaltung.de count "35 Lebens- und 17 Unternehmenslagen" but list them
// only as an image. Sourced by name: the eight Lagen of the Themenfeld
// "Unternehmensführung & -entwicklung" (digitale-verwaltung.de, Themenfelder page of
// that Themenfeld) and "Querschnitt Unternehmen" (digitale-verwaltung.de, Lexikon
// "Lebenslage"). NOT SOURCED, inferred: the other eight, which the catalogue files under
// business-related Themenfelder and most of which have a citizens' counterpart
// (Steuern & Abgaben / Steuererklärung, Bauen & Immobilien / Hausbau &
// Immobilienerwerb, Veranstaltungen / Veranstaltung durchführen).
constexpr std::array<std::string_view, 17> kUnternehmenslagen = {
    "Abfall & Umweltschutz",
    "Anlagen & Stoffe",
    "Arbeitgeber sein",
    "Arbeitssicherheit",
    "Aus-, Weiterbildung & Sachkunde",
    "Auslandsgeschäft",
    "Ausschreibungen & öffentliche Aufträge",
    "Bauen & Immobilien",
    "Finanzierung & Förderung",
    "Forschung & Entwicklung",
    "Geschäftsauflösung & Unternehmensübergang",
    "Logistik & Transport",
    "Querschnitt Unternehmen",
    "Statistik- & Berichtspflichten",
    "Steuern & Abgaben",
    "Unternehmensstart & Gewerbezulassung",
    "Veranstaltungen",
};

constexpr std::string_view kBusinessThemenfeld = "Unternehmensführung & -entwicklung";

}  // namespace

bool IsBusinessService(const v1::Service& service) {
  if (service.themenfeld() == kBusinessThemenfeld) return true;
  return std::find(kUnternehmenslagen.begin(), kUnternehmenslagen.end(), service.lebenslage()) !=
         kUnternehmenslagen.end();
}

}  // namespace prio::domain
