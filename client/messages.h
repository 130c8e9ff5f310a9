// What priod says, in the user's language. priod's messages are English: they are the
// API's contract, which scripts, the CLI's users and the tests read. The web pages and
// the HTML report speak German by default; these functions say the same in German:
// the plan's reasons from their codes (PlannedService.reason_code), and the refusals a
// clerk or a planner meets on the web pages, by the patterns of priod's messages.
//
// No failures; thread-safe.
#ifndef PRIO_CLIENT_MESSAGES_H_
#define PRIO_CLIENT_MESSAGES_H_

#include <string>
#include <string_view>

#include "client/text.h"
#include "prio/v1/queries.pb.h"

namespace prio::client {

// Why a service is not scheduled. English: priod's `reason`. German: from the reason
// code and its values; priod's text where the code is unknown (a newer server).
std::string PlanReasonText(Lang lang, const v1::PlannedService& s);

// A refusal or failure message. English: unchanged. German: the message said in German
// where one of the known patterns matches the message after its field path
// ("needs[0].department: is required" -> "ist erforderlich"; the pages show a field's
// refusal beside the field), otherwise the English original, unchanged.
std::string RefusalText(Lang lang, std::string_view message);

// The message after its field path ("needs[0].department: " and the like), if it starts
// with one; the whole message otherwise.
std::string_view WithoutFieldPath(std::string_view message);

}  // namespace prio::client

#endif  // PRIO_CLIENT_MESSAGES_H_
