// demo_answers: writes the synthetic answers with which tools/demo runs a survey round
// for the krz region end to end. The municipalities, their size classes and
// populations and the services' responsibility are the real reference data (data/);
// what each municipality answers is made up, deterministically (seeded by its AGS),
// so that the demo shows plausible, repeatable figures. Nothing here is a result:
// rankings and plans are computed by priod from these inputs.
//
//   demo_answers DATA_DIR OUT_DIR SERVICE_ID,SERVICE_ID,...
//   demo_answers DATA_DIR OUT_DIR all
//
// With "all", each participant answers a sample of the services its size class is
// responsible for (about 30 whatever the class, more in Themenfelder municipalities ask about most:
// Familie & Kind, Bauen & Wohnen, Mobilität & Reisen), and teams follow the
// Themenfeld.
//
// Writes to OUT_DIR:
//   needs-<AGS>.csv  one per participant that can answer something, in the Excel
//                    dialect German offices produce: UTF-8 BOM, ';', CRLF, German
//                    headers (Leistung;Bedarf;Quartal;Fallzahl;Fachbereich;Kommentar;
//                    Ansprechperson;E-Mail; the contacts are fictitious placeholders)
//   ballots.tsv      "<AGS>\t<ID=N,ID=N,...>" (100 points each)
//   effort.csv       an effort estimate per service (team, central and onboarding days)
//   capacity.csv     each team's capacity for 2027-Q2 .. 2029-Q1
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/csv.h"
#include "vocabulary/size_class.h"
#include "common/files.h"

namespace {

using prio::CsvRow;
using prio::CsvTable;

struct Participant {
  std::string ags;
  prio::v1::SizeClass size_class;
  int64_t population;
};

// Which department handles a service, roughly how many cases per 1,000 inhabitants a
// year, and which provider team builds it: plausible orders of magnitude for the
// demo, not statistics.
struct ServiceProfile {
  std::string department;
  double cases_per_1000;
  std::string team;
};

ServiceProfile Profile(const std::string& name) {
  auto has = [&](std::string_view w) { return name.find(w) != std::string::npos; };
  if (has("Bau") || has("Abbruch") || has("Baum")) return {"Bauamt", 6, "Team Bauen"};
  if (has("Aufenthalt") || has("Einbürgerung")) return {"Ausländerbehörde", 9, "Team Migration"};
  if (has("Ehe") || has("Sterbe") || has("Namens")) return {"Standesamt", 7, "Team Personenstand"};
  if (has("Wohngeld") || has("Schwerbehind")) return {"Sozialamt", 12, "Team Soziales"};
  if (has("Kinder")) return {"Jugendamt", 15, "Team Soziales"};
  if (has("Abfall") || has("Hunde")) return {"Ordnungsamt", 20, "Team Ordnung"};
  return {"Bürgerbüro", 40, "Team Bürgerdienste"};
}

// How much municipalities ask about a Themenfeld (relative; 1 = average).
double ThemenfeldWeight(const std::string& t) {
  if (t == "Familie & Kind" || t == "Bauen & Wohnen" || t == "Mobilität & Reisen") return 2.5;
  if (t == "Engagement & Hobby" || t == "Querschnitt" || t == "Umwelt") return 1.5;
  if (t == "Steuern & Zoll" || t == "Forschung & Förderung") return 0.4;
  return 1.0;
}

std::string TeamFor(const std::string& t) {
  if (t == "Familie & Kind" || t == "Arbeit & Ruhestand" || t == "Gesundheit") {
    return "Team Familie & Soziales";
  }
  if (t == "Bauen & Wohnen" || t == "Umwelt") return "Team Bauen & Umwelt";
  if (t == "Mobilität & Reisen") return "Team Mobilität";
  if (t == "Unternehmensführung & -entwicklung" || t == "Steuern & Zoll" ||
      t == "Forschung & Förderung") {
    return "Team Wirtschaft";
  }
  return "Team Bürgerdienste";
}

int Fail(const std::string& message) {
  std::cerr << "demo_answers: " << message << "\n";
  return 1;
}

bool Write(const std::string& path, const std::string& text) {
  return prio::WriteFileAtomically(path, text).ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: demo_answers DATA_DIR OUT_DIR SERVICE_ID,SERVICE_ID,...\n";
    return 2;
  }
  const std::string data = argv[1];
  const std::string out = argv[2];
  std::vector<std::string> scope = absl::StrSplit(argv[3], ',', absl::SkipEmpty());
  const bool all = scope.size() == 1 && scope[0] == "all";

  auto read = [&](const std::string& name) { return CsvTable::ReadFile(data + "/" + name); };
  auto krz = read("krz_gemeinden.csv");
  auto kreise = read("nrw_kreise.csv");
  auto services = read("ozg_leistungen.csv");
  auto responsibility = read("responsibility.csv");
  for (const auto* t : {&krz, &kreise, &services, &responsibility}) {
    if (!t->ok()) return Fail(std::string(t->status().message()));
  }

  // Participants: the krz municipalities and their Kreise.
  std::vector<Participant> participants;
  std::set<std::string> kreis_keys;
  {
    const int ags = krz->Column({"ags"}), status = krz->Column({"status_go_nrw"}),
              pop = krz->Column({"einwohner_zensus_2022"}), key = krz->Column({"kreis_schluessel"});
    for (const CsvRow& row : krz->rows()) {
      auto c = prio::vocab::ParseSizeClass(row.fields[status]);
      int64_t n = 0;
      if (!c.ok() || !absl::SimpleAtoi(row.fields[pop], &n)) return Fail("bad krz row");
      participants.push_back({row.fields[ags], *c, n});
      kreis_keys.insert(row.fields[key]);
    }
    const int kkey = kreise->Column({"kreis_schluessel"}),
              kpop = kreise->Column({"einwohner_zensus_2022_summe"});
    for (const CsvRow& row : kreise->rows()) {
      if (!kreis_keys.contains(row.fields[kkey])) continue;
      int64_t n = 0;
      if (!absl::SimpleAtoi(row.fields[kpop], &n)) return Fail("bad Kreis row");
      participants.push_back({row.fields[kkey] + "000", prio::v1::SIZE_CLASS_KREIS, n});
    }
  }

  std::map<std::string, std::string> names, themenfeld;
  {
    const int id = services->Column({"ozg_id"}), name = services->Column({"ozg_leistung"}),
              tf = services->Column({"themenfeld"});
    if (all) scope.clear();
    for (const CsvRow& row : services->rows()) {
      names[row.fields[id]] = row.fields[name];
      themenfeld[row.fields[id]] = row.fields[tf];
      if (all) scope.push_back(row.fields[id]);
    }
  }
  // Which classes may answer each service.
  std::map<std::string, std::set<prio::v1::SizeClass>> responsible;
  {
    const int id = responsibility->Column({"ozg_id"});
    const std::vector<std::pair<std::string, prio::v1::SizeClass>> columns = {
        {"kreisfreie_stadt", prio::v1::SIZE_CLASS_KREISFREIE_STADT},
        {"kreis", prio::v1::SIZE_CLASS_KREIS},
        {"grosse_kreisangehoerige_stadt", prio::v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT},
        {"mittlere_kreisangehoerige_stadt", prio::v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT},
        {"kleine_kreisangehoerige_gemeinde", prio::v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE}};
    for (const CsvRow& row : responsibility->rows()) {
      for (const auto& [column, c] : columns) {
        if (row.fields[responsibility->Column({column})] == "1") {
          responsible[row.fields[id]].insert(c);
        }
      }
    }
  }
  for (const std::string& s : scope) {
    if (!names.contains(s)) return Fail("service " + s + " is not in the catalogue");
  }

  const std::vector<std::string> quarters = {"2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1",
                                             "2028-Q2", "2028-Q3", "2028-Q4"};
  std::string ballots;
  // How many services of the scope each size class must provide: with "all", each
  // participant answers about 30 of them, whatever its class.
  std::map<prio::v1::SizeClass, int> provided;
  for (const std::string& s : scope) {
    for (prio::v1::SizeClass c : responsible[s]) ++provided[c];
  }
  for (const Participant& p : participants) {
    const double sample = 30.0 / std::max(1, provided[p.size_class]);
    std::mt19937 rng(static_cast<uint32_t>(std::stoul(p.ags)));
    std::uniform_real_distribution<double> unit(0, 1);
    std::string csv = "\xEF\xBB\xBF";
    prio::AppendCsvLine({"Leistung", "Bedarf", "Quartal", "Fallzahl", "Fachbereich", "Kommentar",
                         "Ansprechperson", "E-Mail"},
                        ';', &csv);
    std::vector<std::pair<double, std::string>> wishes;  // weight, service
    for (const std::string& s : scope) {
      if (!responsible[s].contains(p.size_class)) continue;
      // With "all", a sample: about 30 services per municipality, weighted by Themenfeld.
      if (all && unit(rng) > sample * ThemenfeldWeight(themenfeld[s])) continue;
      const ServiceProfile profile = Profile(names[s]);
      const double r = unit(rng);
      const std::string level = r < 0.30   ? "erforderlich"
                                : r < 0.60 ? "gewünscht"
                                : r < 0.75 ? "optional"
                                : r < 0.88 ? "nicht benötigt"
                                           : "bereits online";
      const bool supports = r < 0.75;
      const auto cases = static_cast<int64_t>(static_cast<double>(p.population) / 1000.0 *
                                              profile.cases_per_1000 * (0.5 + unit(rng)));
      const std::string quarter =
          supports ? quarters[static_cast<std::size_t>(unit(rng) * 7) % 7] : "";
      const std::string comment =
          r < 0.1 ? "Hohe Nachfrage; Anträge heute überwiegend auf Papier." : "";
      // Personal data (sealed in the log, erasable): fictitious placeholders.
      const std::string contact = supports ? "Erika Mustermann (fiktiv)" : "";
      const std::string email = supports ? absl::StrCat("bedarf-", p.ags, "@kommune.example") : "";
      prio::AppendCsvLine(
          {s, level, quarter, absl::StrCat(cases), profile.department, comment, contact, email},
          ';', &csv);
      if (supports) wishes.push_back({(1.0 - r) * (1.0 + unit(rng)), s});
    }
    if (wishes.empty()) continue;
    if (!Write(out + "/needs-" + p.ags + ".csv", csv)) return Fail("cannot write to " + out);
    // 100 points over the (up to) four strongest wishes, the strongest first.
    std::sort(wishes.rbegin(), wishes.rend());
    wishes.resize(std::min<std::size_t>(wishes.size(), 4));
    const std::vector<int> split = {40, 30, 20, 10};
    std::vector<std::string> points;
    int left = 100;
    for (std::size_t i = 0; i < wishes.size(); ++i) {
      const int n = i + 1 == wishes.size() ? left : split[i];
      points.push_back(absl::StrCat(wishes[i].second, "=", n));
      left -= n;
    }
    ballots += p.ags + "\t" + absl::StrJoin(points, ",") + "\n";
  }

  std::string effort = "Leistung;Team;Zentral_PT;Onboarding_PT;Fachbereich\r\n";
  std::set<std::string> teams;
  std::mt19937 rng(2027);
  for (const std::string& s : scope) {
    ServiceProfile profile = Profile(names[s]);
    if (all) profile.team = TeamFor(themenfeld[s]);
    teams.insert(profile.team);
    const int central = 40 + static_cast<int>(rng() % 160);
    const int onboarding = 2 + static_cast<int>(rng() % 8);
    prio::AppendCsvLine(
        {s, profile.team, absl::StrCat(central), absl::StrCat(onboarding), profile.department},
        ';', &effort);
  }
  std::string capacity = "Team;Quartal;Personentage\r\n";
  for (const std::string& team : teams) {
    // The demo round plans 2027-Q2 .. 2029-Q1.
    for (const char* q : {"2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2", "2028-Q3",
                          "2028-Q4", "2029-Q1"}) {
      prio::AppendCsvLine({team, q, all ? "400" : "120"}, ';', &capacity);
    }
  }
  if (!Write(out + "/ballots.tsv", ballots) || !Write(out + "/effort.csv", effort) ||
      !Write(out + "/capacity.csv", capacity)) {
    return Fail("cannot write to " + out);
  }
  return 0;
}
