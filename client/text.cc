#include "client/text.h"

#include <map>

namespace prio::client {

namespace {

struct Entry {
  std::string_view en, de;
};

constexpr Entry kGerman[] = {
    {"This is not a prio token (\"prio_\" and 64 hex digits).", "Das ist kein prio-Token („prio_“ und 64 Hexadezimalziffern)."},
    {"Already signed in? Continue to the page you asked for", "Schon angemeldet? Weiter zur gewünschten Seite"},
    {"Needs survey {}", "Bedarfsabfrage {}"},
    {"Period", "Zeitraum"},
    {"Ballot", "Stimmzettel"},
    {"points, budget {}", "Punkte, Budget {}"},
    {"ranking, at most {}", "Rangfolge, höchstens {}"},
    {"Response", "Rücklauf"},
    {"{} of {} participants", "{} von {} Teilnehmenden"},
    {"{} ballots", "{} Stimmzettel"},
    {"Entered by the provider", "Vom Dienstleister erfasst"},
    {"answers of {} participants (paper, e-mail): ", "Antworten von {} Teilnehmenden (Papier, E-Mail): "},
    {"Planning", "Planung"},
    {"from {}, {} quarters", "ab {}, {} Quartale"},
    {"As of", "Stand"},
    {"log position {}", "Log-Position {}"},
    {"Ranking (top {}, method {}", "Rangfolge (Top {}, Methode {}"},
    {", weighting {})", ", Gewichtung {})"},
    {"Yellow: tied (same rank).", "Gelb: gleichauf (gleicher Rang)."},
    {"Resource plan: team utilisation per quarter (method {})", "Ressourcenplan: Auslastung der Teams je Quartal (Methode {})"},
    {"Red with “!”: over-allocated.", "Rot mit „!“: überplant."},
    {"Not scheduled", "Nicht eingeplant"},
    {"Reason", "Grund"},
    {"Deadlines ({} missed)", "Fristen ({} verfehlt)"},
    {"Source", "Quelle"},
    {"State", "Stand"},
    {"already live", "bereits online"},
    {"in time", "rechtzeitig"},
    {"missed (not scheduled)", "verfehlt (nicht eingeplant)"},
    {"{} quarter(s) late", "{} Quartal(e) zu spät"},
    {"Running costs per quarter (EfA fees, licences)", "Laufende Kosten je Quartal (EfA-Entgelte, Lizenzen)"},
    {"Euro", "Euro"},
    {"Response per Kreis", "Rücklauf je Kreis"},
    {"Kreis", "Kreis"},
    {"Participants", "Teilnehmende"},
    {"Rate", "Quote"},
    {"Still missing", "Noch offen"},
    {"Made {} with prio.", "Erstellt {} mit prio."},
    {"entered by the provider ({})", "vom Dienstleister eingetragen ({})"},
    {"You are entering answers on behalf of {} (received on paper or by e-mail); they are recorded as entered by you.", "Sie erfassen Antworten im Auftrag von {} (per Papier oder E-Mail erhalten); sie werden als Ihre Eingabe gekennzeichnet."},
    {"This round takes answers from its participants only; provider staff can read them here but not enter any.", "Diese Runde nimmt Antworten nur von den Teilnehmenden an; Mitarbeitende des Dienstleisters können sie hier lesen, aber nicht eintragen."},
    {"The current ballot was entered by the provider ({}).", "Der aktuelle Stimmzettel wurde vom Dienstleister eingetragen ({})."},
    {"enter answers for {}", "Antworten für {} erfassen"},
    {"Answers the provider entered on their behalf", "Vom Dienstleister in ihrem Auftrag erfasste Antworten"},
    {" · as of log position {}", " · Stand: Log-Position {}"},
    {"Answer", "Antwort"},
    {"Answered", "Beantwortet"},
    {"Answered: {}", "Beantwortet: {}"},
    {"As of log position", "Stand zur Log-Position"},
    {"As of position: \"{}\" is not a log position (1 or more).", "Stand zur Position: „{}“ ist keine Log-Position (1 oder mehr)."},
    {"As of time: \"{}\" is not a date and time.", "Stand zum Zeitpunkt: „{}“ ist kein Datum mit Uhrzeit."},
    {"Ask for the proof", "Beweis anfordern"},
    {"Audit", "Prüfung"},
    {"Audit path", "Prüfpfad"},
    {"Bar", "Balken"},
    {"Budget: {} points", "Budget: {} Punkte"},
    {"Capacity", "Kapazität"},
    {"Cases per year", "Fälle pro Jahr"},
    {"Cast ballot", "Stimmzettel abgeben"},
    {"Central PD", "Zentrale PT"},
    {"Checkpoint", "Checkpoint"},
    {"Checkpoint (tree size; empty: the latest)", "Checkpoint (Baumgröße; leer: der neueste)"},
    {"Choose a CSV file to upload.", "Bitte eine CSV-Datei zum Hochladen auswählen."},
    {"Choose a need level.", "Bitte einen Bedarf auswählen."},
    {"Closes", "Endet"},
    {"Comment", "Kommentar"},
    {"Compass", "Kompass"},
    {"Contact e-mail", "E-Mail der Ansprechperson"},
    {"Contact person", "Ansprechperson"},
    {"Deadline", "Frist"},
    {"Department", "Fachbereich"},
    {"Desired start (quarter)", "Gewünschter Start (Quartal)"},
    {"Download the answers as CSV", "Antworten als CSV herunterladen"},
    {"End", "Ende"},
    {"Enter a log position (1 or more).", "Bitte eine Log-Position angeben (1 oder mehr)."},
    {"Enter the expected cases per year as a whole number of 0 or more.", "Bitte die erwarteten Fälle pro Jahr als ganze Zahl ab 0 angeben."},
    {"Enter your token.", "Bitte Ihr Token eingeben."},
    {"Event", "Ereignis"},
    {"Event hash", "Hash des Ereignisses"},
    {"Every participant has answered.", "Alle Teilnehmenden haben geantwortet."},
    {"Excel / CSV", "Excel / CSV"},
    {"Expected cases per year", "Erwartete Fälle pro Jahr"},
    {"Give up to {} points in all to the services that matter most to you.", "Verteilen Sie insgesamt bis zu {} Punkte auf die Leistungen, die Ihnen am wichtigsten sind."},
    {"HTML report", "HTML-Bericht"},
    {"In this round", "In dieser Runde"},
    {"Issued", "Ausgestellt"},
    {"Key", "Schlüssel"},
    {"LeiKa entries ({})", "LeiKa-Leistungen ({})"},
    {"LeiKa entries and who executes them", "LeiKa-Leistungen und wer sie vollzieht"},
    {"Live: the plan updates as answers arrive.", "Live: Der Plan aktualisiert sich, sobald Antworten eingehen."},
    {"Live: the ranking updates as answers arrive.", "Live: Die Rangfolge aktualisiert sich, sobald Antworten eingehen."},
    {"Load of the municipal departments", "Last der kommunalen Fachbereiche"},
    {"Log position", "Log-Position"},
    {"Main navigation", "Hauptnavigation"},
    {"Method", "Verfahren"},
    {"Method {}, selection {}", "Verfahren {}, Auswahl {}"},
    {"Method {}, weighting {}", "Verfahren {}, Gewichtung {}"},
    {"Municipality", "Kommune"},
    {"Need", "Bedarf"},
    {"No checkpoint yet.", "Noch kein Checkpoint."},
    {"No rounds for you yet.", "Für Sie gibt es noch keine Runde."},
    {"Not allowed", "Nicht erlaubt"},
    {"Not answered yet", "Noch nicht beantwortet"},
    {"Not found", "Nicht gefunden"},
    {"Note", "Hinweis"},
    {"OZG-Kompass: {}", "OZG-Kompass: {}"},
    {"Other", "Sonstige"},
    {"Our part of the plan", "Unser Teil des Plans"},
    {"PD", "PT"},
    {"Person-days", "Personentage"},
    {"Phase", "Phase"},
    {"Plan", "Plan"},
    {"Planned services", "Geplante Leistungen"},
    {"Please sign in", "Bitte anmelden"},
    {"Points", "Punkte"},
    {"Priority ballot", "Priorisierung"},
    {"Prove that an event is in the log", "Beweisen, dass ein Ereignis im Log steht"},
    {"Quarter", "Quartal"},
    {"Questionnaire", "Fragebogen"},
    {"Questionnaire: {}", "Fragebogen: {}"},
    {"Rank", "Rang"},
    {"Rank up to {} services: 1 is the most important.", "Ordnen Sie bis zu {} Leistungen: 1 ist die wichtigste."},
    {"Rank {} is given twice.", "Rang {} ist doppelt vergeben."},
    {"Ranking", "Rangfolge"},
    {"Ranking: {}", "Rangfolge: {}"},
    {"Refused", "Abgelehnt"},
    {"Required by", "Erforderlich für"},
    {"Resource plan", "Ressourcenplan"},
    {"Responsible department", "Zuständiger Fachbereich"},
    {"Rollout", "Rollout"},
    {"Root hash", "Wurzel-Hash"},
    {"Round", "Runde"},
    {"Rounds", "Runden"},
    {"Save", "Speichern"},
    {"Saved", "Gespeichert"},
    {"Saved: service {}", "Gespeichert: Leistung {}"},
    {"Score", "Punktzahl"},
    {"Service", "Leistung"},
    {"Services of this round", "Leistungen dieser Runde"},
    {"Show", "Anzeigen"},
    {"Sign in", "Anmelden"},
    {"Sign in with the prio token the provider gave you (a municipality's, a staff member's or an auditor's). It is kept on this server for your session only.", "Melden Sie sich mit dem prio-Token an, das Sie vom Dienstleister erhalten haben (für eine Kommune, für Mitarbeitende oder für die Prüfung). Es bleibt nur für Ihre Sitzung auf diesem Server."},
    {"Sign out", "Abmelden"},
    {"Signed checkpoints", "Signierte Checkpoints"},
    {"Skip to content", "Zum Inhalt springen"},
    {"Start", "Start"},
    {"Still missing ({})", "Noch offen ({})"},
    {"Supporters", "Unterstützende"},
    {"Survey rounds", "Abfragerunden"},
    {"Team", "Team"},
    {"Team utilisation per quarter", "Auslastung der Teams je Quartal"},
    {"The checkpoint is a tree size: a whole number.", "Der Checkpoint ist eine Baumgröße: eine ganze Zahl."},
    {"The form has expired", "Das Formular ist abgelaufen"},
    {"The form was not sent from this session's page (CSRF check failed); nothing was saved. Reload the page and send it again.", "Das Formular kam nicht von der Seite dieser Sitzung (CSRF-Prüfung fehlgeschlagen); es wurde nichts gespeichert. Bitte die Seite neu laden und erneut senden."},
    {"The services this municipality must provide, by the mapping \"{}\".", "Die Leistungen, die diese Kommune erbringen muss, nach der Zuordnung „{}“."},
    {"The token was revoked, or priod no longer knows it. Sign in again with a valid token.", "Das Token wurde widerrufen, oder priod kennt es nicht mehr. Bitte mit einem gültigen Token neu anmelden."},
    {"This page only shows what priod answered. Verify it yourself against the pinned public key:", "Diese Seite zeigt nur, was priod geantwortet hat. Prüfen Sie es selbst gegen den hinterlegten öffentlichen Schlüssel:"},
    {"This round", "Diese Runde"},
    {"This round asks nothing of this municipality.", "Diese Runde fragt bei dieser Kommune nichts ab."},
    {"Token", "Token"},
    {"Tree size", "Baumgröße"},
    {"Upload", "Hochladen"},
    {"Upload answers (CSV, as the CLI accepts)", "Antworten hochladen (CSV, wie die CLI sie annimmt)"},
    {"Weighting", "Gewichtung"},
    {"Who has not answered", "Wer noch nicht geantwortet hat"},
    {"Who has not answered: {}", "Wer noch nicht geantwortet hat: {}"},
    {"You are not signed in.", "Sie sind nicht angemeldet."},
    {"You are signed out.", "Sie sind abgemeldet."},
    {"Your ballot was saved.", "Ihr Stimmzettel wurde gespeichert."},
    {"Your pages", "Ihre Seiten"},
    {"Your sign-in has ended", "Ihre Anmeldung ist beendet"},
    {"default", "Standard"},
    {"kreisfrei", "kreisfrei"},
    {"misses its deadline by {} quarters", "verfehlt die Frist um {} Quartale"},
    {"needs survey of the OZG services", "Bedarfsabfrage der OZG-Leistungen"},
    {"no", "nein"},
    {"no preference", "keine Angabe"},
    {"or as of time (UTC)", "oder zum Zeitpunkt (UTC)"},
    {"over capacity", "über der Kapazität"},
    {"over-allocated", "überlastet"},
    {"priod did not answer", "priod hat nicht geantwortet"},
    {"priod does not know this token (or it was revoked).", "priod kennt dieses Token nicht (oder es wurde widerrufen)."},
    {"priod's answer", "Antwort von priod"},
    {"score {}", "Punktzahl {}"},
    {"tied", "gleichauf"},
    {"yes", "ja"},
    {"{n} of {b} points left", "Noch {n} von {b} Punkten übrig"},
    {"{n} points over the budget of {b}", "{n} Punkte über dem Budget von {b}"},
    {"{} ({})", "{} ({})"},
    {"{} answers uploaded from {}", "{} Antworten aus {} hochgeladen"},
    {"{} hashes", "{} Hashes"},
    {"{} of {} answered", "{} von {} beantwortet"},
    {"{} of {} participants answered", "{} von {} Teilnehmenden haben geantwortet"},
    {"{} services", "{} Leistungen"},
    {"{}: enter a whole number of 0 or more, not \"{}\".", "{}: Bitte eine ganze Zahl ab 0 angeben, nicht „{}“."},
    {"–", "–"},
    {"– please choose –", "– bitte wählen –"},
};

const std::map<std::string_view, std::string_view>& German() {
  static const auto* table = [] {
    auto* t = new std::map<std::string_view, std::string_view>();
    for (const Entry& e : kGerman) t->emplace(e.en, e.de);
    return t;
  }();
  return *table;
}

}  // namespace

Lang ParseLang(std::string_view code) { return code == "en" ? Lang::kEn : Lang::kDe; }
std::string_view LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "de"; }

std::string_view Tr(Lang lang, std::string_view key) {
  if (lang == Lang::kEn) return key;
  auto it = German().find(key);
  return it == German().end() ? key : it->second;
}

bool HasGerman(std::string_view key) { return German().contains(key); }

std::string TrF(Lang lang, std::string_view key, std::string_view a, std::string_view b) {
  std::string out(Tr(lang, key));
  if (size_t p = out.find("{}"); p != std::string::npos) {
    out.replace(p, 2, a);
    if (size_t q = out.find("{}", p + a.size()); q != std::string::npos) out.replace(q, 2, b);
  }
  return out;
}

std::string_view LevelName(Lang lang, v1::NeedLevel level) {
  const bool de = lang == Lang::kDe;
  switch (level) {
    case v1::NEED_LEVEL_REQUIRED: return de ? "erforderlich" : "required";
    case v1::NEED_LEVEL_WANTED: return de ? "gewünscht" : "wanted";
    case v1::NEED_LEVEL_OPTIONAL: return "optional";
    case v1::NEED_LEVEL_NOT_NEEDED: return de ? "nicht benötigt" : "not needed";
    case v1::NEED_LEVEL_ALREADY_LIVE: return de ? "bereits online" : "already live";
    default: return "–";
  }
}

std::string_view PhaseName(Lang lang, v1::RoundPhase phase) {
  const bool de = lang == Lang::kDe;
  switch (phase) {
    case v1::ROUND_PHASE_NOT_YET_OPEN: return de ? "noch nicht geöffnet" : "not yet open";
    case v1::ROUND_PHASE_OPEN: return de ? "offen" : "open";
    case v1::ROUND_PHASE_CLOSED: return de ? "geschlossen" : "closed";
    default: return "–";
  }
}

std::string_view SizeClassName(Lang lang, v1::SizeClass size_class) {
  const bool de = lang == Lang::kDe;
  switch (size_class) {
    case v1::SIZE_CLASS_KREISFREIE_STADT: return de ? "kreisfreie Stadt" : "county-free city";
    case v1::SIZE_CLASS_KREIS: return de ? "Kreis" : "district (Kreis)";
    case v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT: return de ? "große kreisangehörige Stadt" : "large district town";
    case v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT: return de ? "mittlere kreisangehörige Stadt" : "medium district town";
    case v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE: return de ? "kreisangehörige Gemeinde" : "district municipality";
    default: return "–";
  }
}

}  // namespace prio::client
