// The ranking and the plan as HTML fragments: the pages render them, and the live
// stream (live_pages.cc) sends the same fragments when priod's Watch reports a change,
// so that a page updated live shows exactly what a reload would. No failures;
// thread-safe.
#ifndef PRIO_WEB_RESULT_VIEWS_H_
#define PRIO_WEB_RESULT_VIEWS_H_

#include <string>

#include "prio/v1/queries.pb.h"
#include "client/text.h"

namespace prio::web {

using client::Lang;

// The ranking table's <tbody> content: rank (ties marked in words, not only by the
// shared number), service, score with a bar, supporters, required by, cases.
std::string RankingRows(Lang lang, const v1::RankingResponse& r);
// A line naming the method, weighting and position the ranking reflects.
std::string RankingCaption(Lang lang, const v1::RankingResponse& r);
// A line naming the method, selection and position the plan reflects.
std::string PlanCaption(Lang lang, const v1::PlanResponse& p);
// The team × quarter heat map (a table; utilisation in words and a class per band,
// over-allocation said in text) followed by the planned services.
std::string PlanBody(Lang lang, const v1::PlanResponse& p);

}  // namespace prio::web

#endif  // PRIO_WEB_RESULT_VIEWS_H_
