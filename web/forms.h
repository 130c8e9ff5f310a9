// Pieces the form pages share: a refused form shown again with what was entered, the
// request id that makes a double submit harmless (priod answers a repeated request id
// with its first result and writes nothing), and the links of a municipality's round.
#ifndef PRIO_WEB_FORMS_H_
#define PRIO_WEB_FORMS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "prio/v1/queries.pb.h"

#include "web/exchange.h"

namespace prio::web {

// A form priod (or the front end's own parsing) refused, to be shown again.
struct Draft {
  std::string key;                            // which form: a service id, "csv", "ballot"
  std::map<std::string, std::string> values;  // the form's fields as entered
  std::string field;                          // the field the refusal names ("": the form)
  std::string message;                        // the refusal
};

// A fresh request id (random hex) / a hidden form field carrying one.
std::string NewRequestId();
std::string RequestIdField();
// `service_id` usable in an HTML id and a URL fragment; different ids never give the
// same result.
std::string FieldId(const std::string& service_id);

// One municipality's round as its pages show it: the round, its compass in the round
// (the services it must provide, with their LeiKa entries) and its current answers.
// Errors: the first refused query's (PERMISSION_DENIED for another municipality's AGS,
// NOT_FOUND for an unknown round, FAILED_PRECONDITION if it does not take part).
struct RoundAnswers {
  v1::RoundView round;
  v1::CompassResponse compass;
  v1::GetAnswersResponse answers;

  // The compass entries in the round (pointers into `compass`).
  std::vector<const v1::CompassEntry*> InRound() const;
};
absl::StatusOr<RoundAnswers> LoadRoundAnswers(Exchange& x, const std::string& round,
                                              const std::string& ags);

// The navigation of one municipality's round pages.
std::string RoundLinks(Exchange& x, const std::string& round, const std::string& ags);

void AddBallotPages(Router& r);
void AddCompassPage(Router& r);

}  // namespace prio::web

#endif  // PRIO_WEB_FORMS_H_
