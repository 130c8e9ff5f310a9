// The two languages of what users read: the web front end and the HTML report are
// written with English keys; Tr returns the German text for a key (German is the
// default), or the key itself in English.
//
//   Tr(lang, "Sign in")  // "Anmelden" in German, "Sign in" in English
//
// A key without a German entry is shown in English (web_test checks that every key the
// pages and the report use has one). Thread-safe (the table is constant).
#ifndef PRIO_CLIENT_TEXT_H_
#define PRIO_CLIENT_TEXT_H_

#include <string>
#include <string_view>

#include "prio/v1/events.pb.h"
#include "prio/v1/queries.pb.h"

namespace prio::client {

enum class Lang { kDe, kEn };

// "de" or "en" (anything else: German).
Lang ParseLang(std::string_view code);
std::string_view LangCode(Lang lang);

std::string_view Tr(Lang lang, std::string_view key);
// True if `key` has a German entry (the tests check every key the pages use).
bool HasGerman(std::string_view key);
// Tr with "{}" replaced by `a` (and a second "{}" by `b`).
std::string TrF(Lang lang, std::string_view key, std::string_view a, std::string_view b = {});

// Names shown to users: need levels, round phases, ballot kinds, size classes.
std::string_view LevelName(Lang lang, v1::NeedLevel level);
std::string_view PhaseName(Lang lang, v1::RoundPhase phase);
std::string_view SizeClassName(Lang lang, v1::SizeClass size_class);

}  // namespace prio::client

#endif  // PRIO_CLIENT_TEXT_H_
