// Reading the provider's planning decisions per service from CSV (Excel dialect:
// ';' or ',', UTF-8 with or without BOM; German headers beside English ones).
//
// Offerings (prio offering import): service|service_id|ozg_id|leistung,
//   path|weg|umsetzung (own|eigen, efa, market|markt, live|bereits online),
//   offered_by|anbieter, available_from|verfuegbar_ab|verfügbar_ab (a quarter),
//   integration_team|integrationsteam, integration_days|integration_pt,
//   onboarding_days|onboarding_pt, department|fachbereich,
//   yearly_cost_eur|jahreskosten_eur|kosten_jahr, source|quelle.
// Deadlines (prio deadline import): service|..., quarter|quartal|frist (empty: remove the
//   deadline), kind|art (ozg-business|ozg-unternehmen, state|land,
//   provider|dienstleister), source|quelle.
// Numbers accept a decimal comma ("1.200,50") or point. A bad field is
// INVALID_ARGUMENT "FILE:LINE:COLUMN (header): reason"; `origins` maps the server's
// refusals back to lines. Pure; thread-compatible.
#ifndef PRIO_CLIENT_PLANNING_CSV_H_
#define PRIO_CLIENT_PLANNING_CSV_H_

#include "absl/status/statusor.h"
#include "client/csv.h"
#include "client/row_origins.h"
#include "prio/v1/commands.pb.h"

namespace prio::client {

struct OfferingsImport {
  v1::SetOfferingsRequest request;
  RowOrigins origins;
};
absl::StatusOr<OfferingsImport> OfferingsFromCsv(const CsvTable& table);

struct DeadlinesImport {
  v1::SetDeadlinesRequest request;
  RowOrigins origins;
};
absl::StatusOr<DeadlinesImport> DeadlinesFromCsv(const CsvTable& table);

}  // namespace prio::client

#endif  // PRIO_CLIENT_PLANNING_CSV_H_
