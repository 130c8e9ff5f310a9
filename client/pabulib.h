// A round's equal-shares instance (ExportRound) as a pabulib .pb file (the
// participatory-budgeting library's format, pabulib.org/format): a META section
// (key;value), PROJECTS (project_id;cost;name;rank;supporters;selected;selected_by)
// and VOTES (voter_id;vote;points, and weight when the round is weighted), ';'
// separated, fields quoted where needed, LF line ends.
//
// Mapping: a project is a service (cost: its effort for the provider in 1/1000
// person-day, as prio's equal shares counts it), a voter is a participant with a
// current ballot (its AGS), `points` are its utilities: the points it gave (vote_type
// cumulative) or, in ranked rounds, Borda points k, ..., 1 in its order (vote_type
// scoring). `selected` is 1 for what prio's rule selected; `selected_by` says whether by
// an equal-shares step or the greedy completion. Services prio cannot cost (no
// estimate, live, or available only after the window) are left out, and so are their
// points; a voter whose ballot named only such services keeps its line (its share
// still counts) with an empty vote. The equal-shares steps can be recomputed from the
// file alone; the completion also takes services participants need but no ballot
// names, which the file does not hold. Pure; thread-safe.
#ifndef PRIO_CLIENT_PABULIB_H_
#define PRIO_CLIENT_PABULIB_H_

#include <string>

#include "prio/v1/queries.pb.h"

namespace prio::client {

std::string RenderPabulib(const v1::ExportRoundResponse& instance);

}  // namespace prio::client

#endif  // PRIO_CLIENT_PABULIB_H_
