#include "client/messages.h"

#include <regex>
#include <vector>

namespace prio::client {

namespace {

std::string Arg(const v1::PlannedService& s, int i) {
  return i < s.reason_args_size() ? s.reason_args(i) : "?";
}

struct Pattern {
  std::regex english;
  const char* german;  // $1... are the english pattern's groups
};

// priod's refusals (server/domain/rules.cc, answer_commands.cc, the authorizer and the
// results visibility), after WithoutFieldPath. Full matches, tried in order.
const std::vector<Pattern>& Patterns() {
  static const auto* patterns = new std::vector<Pattern>([] {
    std::vector<std::pair<const char*, const char*>> table = {
        {R"(is required)", "ist erforderlich"},
        {R"(must be (\d+)-(\d+) characters, got (\d+))", "muss $1 bis $2 Zeichen lang sein, hat $3"},
        {R"(must be printable UTF-8 text on one line \(no control characters\))",
         "muss druckbarer Text in einer Zeile sein (ohne Steuerzeichen)"},
        {R"(must be printable UTF-8 text \(no control characters\))",
         "muss druckbarer Text sein (ohne Steuerzeichen)"},
        {R"re("(.*)" is not an e-mail address \(expected name@domain\.de\))re",
         "„$1“ ist keine E-Mail-Adresse (erwartet: name@domain.de)"},
        {R"((\S+) is outside the round's planning window (\S+) to (\S+))",
         "$1 liegt außerhalb des Planungszeitraums der Runde ($2 bis $3)"},
        {R"(must be 0-(\d+), got (-?\d+))", "muss zwischen 0 und $1 liegen, ist $2"},
        {R"(choose required, wanted, optional, not-needed or already-live)",
         "bitte erforderlich, gewünscht, optional, nicht benötigt oder bereits online wählen"},
        {R"(the points add up to (\d+), more than the budget of (\d+))",
         "Die Punkte ergeben zusammen $1, mehr als das Budget von $2"},
        {R"(service (.+) appears twice; give it all its points once)",
         "Leistung $1 kommt doppelt vor; bitte ihre Punkte einmal vergeben"},
        {R"(service (.+) is ranked twice)", "Leistung $1 ist doppelt gereiht"},
        {R"((\d+) services ranked, at most (\d+) allowed)",
         "$1 Leistungen gereiht, höchstens $2 erlaubt"},
        {R"re(round "(.+)" takes points ballots \(a budget of (\d+) points over its services\); give points to at least one service)re",
         "Die Runde „$1“ nimmt Punkte-Stimmzettel (ein Budget von $2 Punkten); bitte mindestens einer Leistung Punkte geben"},
        {R"re(round "(.+)" takes ranked ballots \(an ordered list of at most (\d+) services\); rank at least one service)re",
         "Die Runde „$1“ nimmt Rangfolgen (höchstens $2 Leistungen); bitte mindestens eine Leistung reihen"},
        {R"re(round "(.+)" was closed on (.+); it takes no more answers)re",
         "Die Runde „$1“ wurde am $2 geschlossen; sie nimmt keine Antworten mehr an"},
        {R"re(round "(.+)" closed on (.+); it takes no more answers)re",
         "Die Runde „$1“ endete am $2; sie nimmt keine Antworten mehr an"},
        {R"re(round "(.+)" is not open yet; it opens on (.+))re",
         "Die Runde „$1“ ist noch nicht geöffnet; sie öffnet am $2"},
        {R"re(round "(.+)" does not exist)re", "Die Runde „$1“ gibt es nicht"},
        {R"re(round "(.+)" takes answers from its participants only: .*)re",
         "Die Runde „$1“ nimmt Antworten nur von den Teilnehmenden an: Mitarbeitende des "
         "Dienstleisters können Antworten einer Kommune nur in Runden eintragen, die das "
         "erlauben (prio round open --answers-by-provider)"},
        {R"re(round "(.+)" shows its results to municipalities after it closes \((.+)\))re",
         "Die Runde „$1“ zeigt ihre Ergebnisse den Kommunen erst nach ihrem Ende ($2)"},
        {R"re(round "(.+)" keeps its results internal to the provider)re",
         "Die Runde „$1“ zeigt ihre Ergebnisse nur dem Dienstleister"},
        {R"re(municipality (.+) does not take part in round "(.+)"(?: and so does not see its results)?)re",
         "Die Kommune $1 nimmt an der Runde „$2“ nicht teil"},
        {R"(municipality (\d+) is not registered)", "Die Kommune $1 ist nicht registriert"},
        {R"re(service (.+) is not among the services of round "(.+)")re",
         "Die Leistung $1 gehört nicht zu den Leistungen der Runde „$2“"},
        {R"(service (.+) has been retired)", "Die Leistung $1 wurde aus dem Katalog genommen"},
        {R"(service (.+) is not in the catalogue)", "Die Leistung $1 steht nicht im Katalog"},
        {R"(service (.+) is not the responsibility of a (.+) \((.+)\); responsible: (.+))",
         "Die Leistung $1 ist keine Aufgabe einer $2 ($3); zuständig: $4"},
        {R"(service (.+) is not the responsibility of a (.+) \((.+)\); .*)",
         "Die Leistung $1 ist keine Aufgabe einer $2 ($3)"},
        {R"(service (.+) is not the responsibility of (.+), which (.+))",
         "Die Leistung $1 ist keine Aufgabe von $2 (Ausnahme: $3)"},
        {R"(this token speaks for municipality (\d+) only, not for municipality (\d+): set ags to \d+)",
         "Dieses Token spricht nur für die Kommune $1, nicht für die Kommune $2"},
        {R"(this token speaks for municipality (\d+) only, not for all municipalities: set ags to \d+)",
         "Dieses Token spricht nur für die Kommune $1, nicht für alle Kommunen"},
        {R"(([a-z]+) tokens may not call ([A-Za-z]+/[A-Za-z]+): .*)",
         "Tokens der Rolle $1 dürfen $2 nicht aufrufen"},
    };
    std::vector<Pattern> out;
    for (const auto& [en, de] : table) out.push_back({std::regex(en), de});
    return out;
  }());
  return *patterns;
}

}  // namespace

std::string_view WithoutFieldPath(std::string_view message) {
  // A field path: name, [index], .name ... then ": ".
  size_t i = 0;
  auto word = [&] {
    const size_t start = i;
    while (i < message.size() && ((message[i] >= 'a' && message[i] <= 'z') || message[i] == '_')) ++i;
    return i > start;
  };
  if (!word()) return message;
  while (i < message.size()) {
    if (message[i] == '[') {
      size_t j = i + 1;
      while (j < message.size() && message[j] >= '0' && message[j] <= '9') ++j;
      if (j == i + 1 || j >= message.size() || message[j] != ']') return message;
      i = j + 1;
    } else if (message[i] == '.') {
      ++i;
      if (!word()) return message;
    } else {
      break;
    }
  }
  if (message.substr(i, 2) != ": ") return message;
  return message.substr(i + 2);
}

std::string RefusalText(Lang lang, std::string_view message) {
  if (lang == Lang::kEn) return std::string(message);
  const std::string rest(WithoutFieldPath(message));
  for (const Pattern& p : Patterns()) {
    std::smatch m;
    if (std::regex_match(rest, m, p.english)) return m.format(p.german);
  }
  return std::string(message);
}

std::string PlanReasonText(Lang lang, const v1::PlannedService& s) {
  if (lang == Lang::kEn) return s.reason();
  switch (s.reason_code()) {
    case v1::PLAN_REASON_UNSPECIFIED:
      return s.reason();
    case v1::PLAN_REASON_NO_SUPPORTERS:
      return "keine teilnehmende Kommune unterstützt sie";
    case v1::PLAN_REASON_NO_EFFORT:
      return "keine Aufwandsschätzung";
    case v1::PLAN_REASON_LIVE:
      return "bereits online, nichts einzuplanen";
    case v1::PLAN_REASON_NOT_SELECTED:
      return "von Equal Shares nicht ausgewählt (Budget " + Arg(s, 0) + " Personentage, " +
             Arg(s, 1) + " vergeben)";
    case v1::PLAN_REASON_AVAILABLE_AFTER_WINDOW:
      return "verfügbar ab " + Arg(s, 0) + ", nach dem Planungszeitraum (bis " + Arg(s, 1) + ")";
    case v1::PLAN_REASON_START_AFTER_WINDOW:
      return "die Unterstützenden wollen " + Arg(s, 0) +
             " beginnen, nach dem Planungszeitraum (bis " + Arg(s, 1) + ")";
    case v1::PLAN_REASON_NO_CAPACITY:
      return "braucht " + Arg(s, 0) + " Personentage mehr, als " + Arg(s, 1) + " von " +
             Arg(s, 2) + " bis " + Arg(s, 3) + " frei hat";
    default:
      return s.reason();
  }
}

}  // namespace prio::client
