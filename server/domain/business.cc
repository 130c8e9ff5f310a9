#include "server/domain/business.h"

namespace prio::domain {
namespace {

// SOURCE: digitale-verwaltung.de (BMI), the page of the Themenfeld
// "Unternehmensführung & -entwicklung", lists its eight Lagen (Arbeitgeber sein,
// Arbeitssicherheit, Aus-, Weiterbildung & Sachkunde, Ausschreibungen & öffentliche
// Aufträge, Geschäftsauflösung & Unternehmensübergang, Statistik- & Berichtspflichten,
// Unternehmensstart & Gewerbezulassung, Veranstaltungen) as Unternehmenslagen; the
// Lexikon entry "Lebenslage" there names "Querschnitt Unternehmen".
constexpr std::string_view kBusinessThemenfeld = "Unternehmensführung & -entwicklung";
constexpr std::string_view kBusinessCrossSection = "Querschnitt Unternehmen";

}  // namespace

bool IsBusinessService(const v1::Service& service) {
  return service.themenfeld() == kBusinessThemenfeld ||
         service.lebenslage() == kBusinessCrossSection;
}

}  // namespace prio::domain
