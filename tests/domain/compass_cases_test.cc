// The shipped OZG-Kompass (data/responsibility.csv, derived by
// tools/data/responsibility_rules.csv) against 136 OZG-Leistungen whose executing
// authority in NRW was looked up independently of the rule table, each with its
// source. A case states one authority kind that executes (part of) the service and
// the size classes that must provide it: the union over its LeiKa entries.
// [VERIFIED]: the deciding text was read; [KNOWN]: the law is named, not read here.
#include <set>

#include "client/responsibility_csv.h"
#include "client/survey_csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vocabulary/authority.h"
#include "vocabulary/size_class.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::IsOk;

struct Case {
  const char* ozg_id;
  const char* authority;  // one kind that executes it (AuthorityKey)
  // The size classes that must provide it: F kreisfreie Stadt, K Kreis, G große,
  // M mittlere kreisangehörige Stadt, k kleine kreisangehörige Gemeinde.
  const char* classes;
  const char* source;
};

constexpr Case kCases[] = {
    {"10519", "kreisebene", "FKGM",
     "BauO NRW 2018 § 57 Abs. 1 Nr. 3: untere Bauaufsichtsbehörden sind kreisfreie Städte, Große und Mittlere kreisangehörige Städte, für übrige Gemeinden die Kreise; https://www.bauportal.nrw/informationen-baurecht/erste-allgemeine-informationen/zustaendigkeiten-bauaufsicht [VERIFIED]"},
    {"10513", "kreisebene", "FKGM",
     "BauO NRW 2018 § 57 (untere Bauaufsichtsbehörde zuständig auch für Beseitigung baulicher Anlagen); https://www.bauportal.nrw/informationen-baurecht/erste-allgemeine-informationen/zustaendigkeiten-bauaufsicht [VERIFIED]"},
    {"10255", "kreisebene", "FKG",
     "AufenthG § 71 Abs. 1 i.V.m. ZustAVO NRW (2019) § 1 Satz 1 Nr. 4: untere Ausländerbehörden sind die Ordnungsbehörden der kreisfreien und Großen kreisangehörigen Städte, im Übrigen die Kreisordnungsbehörden; https://justiz-nrw.wolterskluwer-online.de/browse/document/c2ceab7c-7afb-381e-958d-41d4ff7d0af8 [VERIFIED]"},
    {"10000", "kreisebene", "FK",
     "BEEG § 12 i.V.m. NRW-Landesrecht: seit 1.1.2008 (Auflösung der Versorgungsämter) Elterngeldstellen der Kreise und kreisfreien Städte; https://serviceportal.hamm.de/wissen/-/egov-bis-detail/dienstleistung/1605/show ; https://www.bezreg-muenster.de/themen/gesundheit-und-soziales/familienleistungen/elterngeld [VERIFIED]"},
    {"10257", "kreisebene", "FKG",
     "StAG i.V.m. NRW-Verordnung über die Zuständigkeit in Staatsangehörigkeitsangelegenheiten v. 3.6.2008 § 1 Abs. 1: Ordnungsbehörden der kreisfreien Städte, örtliche Ordnungsbehörden der Großen kreisangehörigen Städte, im Übrigen Kreisordnungsbehörden; https://www.recht.nrw.de/lmi/owa/br_bes_detail?sg=0&menu=0&bes_id=11906&anw_nr=2&aufgehoben=N&det_id=183883 [VERIFIED]"},
    {"10259", "kreisebene", "FKG",
     "StAG § 30 (Feststellung) i.V.m. NRW ZustVO Staatsangehörigkeit v. 3.6.2008 § 1 Abs. 1 (Auffangzuständigkeit kreisfreie Städte, Große kreisangehörige Städte, Kreise; Feststellung nicht in Abs. 2 den Bezirksregierungen zugewiesen); https://www.recht.nrw.de/lmi/owa/br_bes_detail?sg=0&menu=0&bes_id=11906&anw_nr=2&aufgehoben=N&det_id=183883 [VERIFIED]"},
    {"10275", "land", "FKG",
     "StAG §§ 18, 26 i.V.m. NRW ZustVO Staatsangehörigkeit v. 3.6.2008 § 1 Abs. 2 Nr. 2 und 3: Entlassung und Genehmigung des Verzichts durch die Bezirksregierungen; https://www.recht.nrw.de/lmi/owa/br_bes_detail?sg=0&menu=0&bes_id=11906&anw_nr=2&aufgehoben=N&det_id=183883; the entry \"Verlust ... durch Erwerb\" is a Feststellung of the Staatsangehörigkeitsbehörde (VO Staatsangehörigkeit NRW 2008 § 1 Abs. 1), so the union includes them [VERIFIED]"},
    {"10276", "land", "",
     "StAG § 25 Abs. 2 i.V.m. NRW ZustVO Staatsangehörigkeit v. 3.6.2008 § 1 Abs. 2 Nr. 1: Beibehaltungsgenehmigung durch die Bezirksregierungen; https://www.recht.nrw.de/lmi/owa/br_bes_detail?sg=0&menu=0&bes_id=11906&anw_nr=2&aufgehoben=N&det_id=183883 [VERIFIED]"},
    {"10214", "kreisebene", "FK",
     "SGB IX § 152 i.V.m. Zweites Gesetz zur Straffung der Behördenstruktur NRW v. 24.10.2007: seit 1.1.2008 Kreise und kreisfreie Städte (Auflösung Versorgungsämter); http://www.hochsauerlandkreis.de/buergerservice/soziales/schwerbehinderte/Schwerbehindertenrecht.php ; https://www.heek.de/buergerservice/dienstleistungen/feststellung-einer-schwer-behinderung-schwerbehindertenausweis-900000008-0.html [VERIFIED]"},
    {"10092", "gemeinde", "FGMk",
     "WoGG i.V.m. NRW Verordnung über Zuständigkeiten auf dem Gebiet der sozialen Wohnraumförderung und anderer Maßnahmen des Wohnungswesens v. 2.6.1992 § 3: Antrag bei der Gemeinde, in deren Gebiet die Wohnung liegt (Bewilligungsbehörde); RdErl. Wohngeld https://recht.nrw.de/lmi/owa/br_text_anzeigen?v_id=71420170124093234334 ; https://service.obk.de/detail/-/vr-bis-detail/dienstleistung/27156/show [VERIFIED]"},
    {"10169", "kreisebene", "FK",
     "FeV § 73 / StVG i.V.m. NRW Verordnung über Zuständigkeiten im Bereich Straßenverkehr und Güterbeförderung v. 5.7.2016 § 1: Fahrerlaubnisbehörden sind die Kreisordnungsbehörden (Kreise, kreisfreie Städte, OBG NRW § 3); https://www.umwelt-online.de/recht/gefahr.gut/laender/nrw/zustvo.htm ; https://www.recht.nrw.de/lmi/owa/br_vbl_detail_text?anw_nr=6&vd_id=15704&ver=8&val=15704&sg=0&menu=0&vd_back=N [VERIFIED]"},
    {"10135", "gericht", "",
     "NRW Kirchenaustrittsgesetz (KiAustrG) § 1, § 3 Abs. 5: Austrittserklärung beim Amtsgericht des Wohnsitzes (Niederschrift des Urkundsbeamten) bzw. öffentlich beglaubigt; https://kirchenrecht-ebpb.de/document/3751 ; https://fdp.fraktion.nrw/initiative/kirchenaustritte-nrw-zahlen-und-fakten [VERIFIED]"},
    {"10151", "land", "",
     "WaffG § 48 i.V.m. NRW Waffenrechts-Zuständigkeitsregelung: örtliche Waffenbehörden in NRW sind die 47 Kreispolizeibehörden (Landespolizei); https://lka.polizei.nrw/artikel/waffenrecht-15 ; https://kleve.polizei.nrw/artikel/waffenrecht-14 [VERIFIED]"},
    {"10152", "land", "",
     "WaffG § 10 Abs. 1a (Erwerbsanzeige an die zuständige Behörde) i.V.m. NRW: Kreispolizeibehörden als Waffenbehörden; https://kleve.polizei.nrw/artikel/waffenrecht-14 (Service 'Erwerb einer erlaubnispflichtigen Waffe anzeigen'); https://lka.polizei.nrw/artikel/waffenrecht-15 [VERIFIED]"},
    {"10154", "land", "",
     "WaffG §§ 34, 37 (Überlassens-, Inbesitznahme- und Verlustanzeigen) i.V.m. NRW: Kreispolizeibehörden als Waffenbehörden; https://kleve.polizei.nrw/artikel/waffenrecht-14 ; https://lka.polizei.nrw/artikel/waffenrecht-15 [VERIFIED]"},
    {"10149", "kreisebene", "FK",
     "BJagdG § 15 i.V.m. LJG-NRW § 46 Abs. 2: untere Jagdbehörde ist der Kreis oder die kreisfreie Stadt als Kreisordnungsbehörde; § 17 LJG-NRW (Jagdschein durch untere Jagdbehörde); https://www.anwalt24.de/gesetze/ljg_nrw/46 ; https://www.anwalt24.de/gesetze/ljg_nrw/17 [VERIFIED]"},
    {"10150", "kreisebene", "FK",
     "BJagdG § 15 Abs. 5 i.V.m. LJG-NRW § 46 Abs. 2 und Jägerprüfungsordnung NRW: Prüfung bei der unteren Jagdbehörde (Kreis/kreisfreie Stadt) des gewöhnlichen Aufenthalts; https://www.anwalt24.de/gesetze/ljg_nrw/46 ; http://www.juramagazin.de/195364.html [VERIFIED]"},
    {"10148", "gemeinde", "FKGMk",
     "LFischG NRW § 31 ff.: Fischereischein durch die örtliche Ordnungsbehörde (Gemeinde) des Wohnsitzes; Fischerprüfung bei der unteren Fischereibehörde (Kreise, kreisfreie Städte); https://serviceportal.ahlen.de/detail/-/vr-bis-detail/dienstleistung/674/show ; http://fischerpruefung-bielefeld.de/index.php?id=4 [VERIFIED]"},
    {"10439", "kreisebene", "FK",
     "FZV § 46 / StVG § 1 (Zulassungsbehörde) i.V.m. NRW Verordnung über Zuständigkeiten im Bereich Straßenverkehr und Güterbeförderung v. 5.7.2016 Teil 5 (§§ 17-19): Zulassungsbehörden sind die Kreisordnungsbehörden (Kreise, kreisfreie Städte); https://www.recht.nrw.de/lmi/owa/br_vbl_detail_text?anw_nr=6&vd_id=15704&ver=8&val=15704&sg=0&menu=0&vd_back=N [KNOWN]"},
    {"10436", "kreisebene", "FK",
     "FZV §§ 8 ff. (Kennzeichenzuteilung durch Zulassungsbehörde) i.V.m. NRW ZustVO Straßenverkehr und Güterbeförderung v. 5.7.2016 §§ 17-19: Kreisordnungsbehörden; https://www.recht.nrw.de/lmi/owa/br_vbl_detail_text?anw_nr=6&vd_id=15704&ver=8&val=15704&sg=0&menu=0&vd_back=N [KNOWN]"},
    {"10119", "gemeinde", "FGMk",
     "PAuswG § 8 Abs. 1 (Personalausweisbehörden bestimmen die Länder) i.V.m. NRW-Ausführungsrecht: Gemeinden (örtliche Ordnungsbehörden) als Personalausweisbehörden; Verwaltungsvorschrift PAuswG NW https://recht.nrw.de/lmi/owa/br_bes_text?anw_nr=2&gld_nr=2&ugl_nr=210&bes_id=4666&aufgehoben=J&menu=0&sg=0 [KNOWN]"},
    {"10177", "gemeinde", "FGMk",
     "PassG § 19 Abs. 1 (Passbehörden bestimmen die Länder; im Ausland AA § 19 Abs. 2, amtliche Pässe AA § 19 Abs. 5) i.V.m. NRW: Gemeinden als Passbehörden; https://www.haufe.de/personal/haufe-personal-office-platin/passgesetz-19-zustaendigkeit_idesk_PI42323_HI1005979.html ; AA PaßG NRW https://recht.nrw.de/lmi/owa/br_text_anzeigen?v_id=10000000000000000362 [KNOWN]"},
    {"10124", "gemeinde", "FGMk",
     "BMG §§ 1, 17 (An-/Abmeldung bei der Meldebehörde) i.V.m. Meldegesetz NRW § 1: Meldebehörden sind die Gemeinden (örtliche Ordnungsbehörden); https://recht.nrw.de/lmi/owa/br_bes_text?sg=0&menu=1&bes_id=4655&aufgehoben=N&anw_nr=2 [KNOWN]"},
    {"10559", "gemeinde", "FGMk",
     "BMG §§ 18, 44-45, 49 (Meldebestätigung, Melderegisterauskunft durch die Meldebehörde) i.V.m. MG NRW § 1 (Gemeinden); https://recht.nrw.de/lmi/owa/br_bes_text?sg=0&menu=1&bes_id=4655&aufgehoben=N&anw_nr=2 [KNOWN]"},
    {"10111", "gemeinde", "FGMk",
     "BMG § 51 (Auskunftssperre), § 50 Abs. 5 (Widerspruch/Übermittlungssperre) bei der Meldebehörde i.V.m. MG NRW § 1 (Gemeinden); https://www.gesetze-im-internet.de/bmg/__51.html [KNOWN]"},
    {"10142", "land", "",
     "VersG NRW § 10 (Anzeige bei der zuständigen Behörde) i.V.m. § 32 VersG NRW / POG NRW § 10: Versammlungsbehörden in NRW sind die Kreispolizeibehörden; https://kreis-wesel.de/Versammlungsrecht ; https://lippe.polizei.nrw/artikel/versammlungen-0 ; https://lexmea.de/gesetz/versg-nrw/10 [VERIFIED]"},
    {"10204", "landschaftsverband", "",
     "NRW Gesetz über die Hilfen für Blinde und Gehörlose (GHBG): Blindengeld wird vom zuständigen Landschaftsverband (LVR bzw. LWL) gewährt; Antrag kann auch bei Gemeinde/Kreis abgegeben werden (Weiterleitung); https://www.lvr.de/de/nav_main/soziales_1/menschenmitbehinderung/blindenundgehrlosengeld/blindengeld_und_blindenhilfe/blindengeldundblindenhilfe.jsp ; https://serviceportal.wadersloh.de/detail/-/vr-bis-detail/dienstleistung/423/show [VERIFIED]"},
    {"10205", "landschaftsverband", "",
     "SGB XII § 72 i.V.m. AG-SGB XII NRW: ergänzende Blindenhilfe; der LVR erklärt sich für Blindengeld und Blindenhilfe zuständig (örtliches Sozialamt nur Antragsannahme); https://www.lvr.de/de/nav_main/soziales_1/menschenmitbehinderung/blindenundgehrlosengeld/blindengeld_und_blindenhilfe/blindengeldundblindenhilfe.jsp [VERIFIED]"},
    {"10245", "landschaftsverband", "",
     "OEG bzw. seit 1.1.2024 SGB XIV (Soziale Entschädigung): durchführende Behörden in NRW sind die Landschaftsverbände Rheinland und Westfalen-Lippe (seit Auflösung der Versorgungsämter 2008); https://www.opferschutzportal.nrw/rechtliches/opferentschaedigungsgesetz ; https://www.lwl-soziales-entschaedigungsrecht.de/de/opfer-von-gewalttaten/ [VERIFIED]"},
    {"10232", "landschaftsverband", "",
     "BVG §§ 36, 37 (Bestattungs-/Sterbegeld) bzw. SGB XIV; Versorgungsverwaltung in NRW seit 2008 bei den Landschaftsverbänden (LWL-Amt für Soziales Entschädigungsrecht, LVR); https://www.lwl-soziales-entschaedigungsrecht.de/de/opfer-von-gewalttaten/ [KNOWN]"},
    {"10301", "landschaftsverband", "",
     "SGB IX § 160 (Ausgleichsabgabe an das Integrationsamt) i.V.m. AG-SGB IX NRW: Integrationsämter (heute Inklusionsämter) bei LVR und LWL erheben und verwenden die Ausgleichsabgabe (Anzeige § 163 SGB IX an die BA nur als Meldeweg); LVR-Integrationsamt Jahresbericht Kap. 'Erhebung und Verwendung der Ausgleichsabgabe' https://digital.zlb.de/viewer/fulltext/15609723_2015_2016/1/ [VERIFIED]"},
    {"10355", "landschaftsverband", "",
     "SGB VIII § 47 Satz 1 Nr. 3 (Meldung der bevorstehenden Schließung an die Betriebserlaubnisbehörde) i.V.m. § 85 Abs. 2 Nr. 6 SGB VIII (überörtlicher Träger) und AG-KJHG NRW: Landesjugendämter bei LVR und LWL; https://kindergartenpaedagogik.de/fachartikel/recht/betriebserlaubnis-fuer-kindertageseinrichtungen-nach-45-sgb-viii [KNOWN]"},
    {"10031", "gericht", "",
     "BGB §§ 1564 ff., FamFG §§ 111, 121 ff., GVG § 23a Abs. 1 Nr. 1, § 23b: Scheidungssachen beim Amtsgericht – Familiengericht (auch Versorgungsausgleich, Haushaltssachen); Anerkennung ausländischer Scheidungen: FamFG § 107 Landesjustizverwaltung (in NRW Präsident OLG Düsseldorf); https://www.gesetze-im-internet.de/gvg/__23a.html [KNOWN]"},
    {"10532", "gericht", "",
     "GBO § 1 Abs. 1: Grundbücher werden von den Amtsgerichten (Grundbuchämter) geführt; https://www.gesetze-im-internet.de/gbo/__1.html [KNOWN]"},
    {"10566", "gericht", "",
     "HGB § 8, FamFG § 376 Abs. 1: Handelsregister beim Amtsgericht am Sitz des Landgerichts (Registergericht; NRW-Konzentration per Verordnung); https://www.gesetze-im-internet.de/famfg/__376.html [KNOWN]"},
    {"10573", "gericht", "",
     "BGB § 55, FamFG §§ 374 Nr. 4, 377: Vereinsregister beim Amtsgericht (Registergericht); https://www.gesetze-im-internet.de/bgb/__55.html [KNOWN]"},
    {"10563", "gericht", "",
     "GenG § 10, FamFG § 374 Nr. 2: Genossenschaftsregister beim Registergericht (Amtsgericht); https://www.gesetze-im-internet.de/geng/__10.html [KNOWN]"},
    {"10291", "gericht", "",
     "PartGG § 5, FamFG § 374 Nr. 3: Partnerschaftsregister beim Amtsgericht (in NRW konzentriert beim AG Essen); https://www.gesetze-im-internet.de/partgg/__5.html [KNOWN]"},
    {"10027", "gericht", "",
     "BGB § 1558: Güterrechtsregister beim Amtsgericht des gewöhnlichen Aufenthalts; https://www.gesetze-im-internet.de/bgb/__1558.html [KNOWN]"},
    {"10095", "gericht", "",
     "BGB § 2353, FamFG §§ 342, 343, GVG § 23a Abs. 2 Nr. 2: Erbschein durch das Nachlassgericht (Amtsgericht); https://www.gesetze-im-internet.de/bgb/__2353.html [KNOWN]"},
    {"10226", "gericht", "",
     "BGB § 1945: Ausschlagung durch Erklärung gegenüber dem Nachlassgericht (zur Niederschrift oder öffentlich beglaubigt, Beglaubigung auch durch Notar); https://www.gesetze-im-internet.de/bgb/__1945.html [KNOWN]"},
    {"10553", "gericht", "",
     "ZPO § 689 Abs. 1 und 3: Mahnverfahren beim Amtsgericht, Konzentration durch Landesverordnung (NRW: zentrale Mahngerichte AG Hagen und AG Euskirchen); https://www.gesetze-im-internet.de/zpo/__689.html [KNOWN]"},
    {"10354", "gericht", "",
     "InsO § 2 Abs. 1: Insolvenzgericht ist das Amtsgericht am Sitz eines Landgerichts; https://www.gesetze-im-internet.de/inso/__2.html [KNOWN]"},
    {"10569", "gericht", "",
     "ZPO § 882h: Schuldnerverzeichnis beim zentralen Vollstreckungsgericht je Land (NRW: AG Hagen); https://www.gesetze-im-internet.de/zpo/__882h.html [KNOWN]"},
    {"10089", "gericht", "",
     "ZPO §§ 114, 117, 127 (Prozesskostenhilfe beim Prozessgericht), FamFG §§ 76 ff. (Verfahrenskostenhilfe); https://www.gesetze-im-internet.de/zpo/__117.html [KNOWN]"},
    {"10289", "kammer", "",
     "HwO § 6 Abs. 1: Handwerksrolle wird von der Handwerkskammer geführt; § 10 Handwerkskarte; Ausnahmebewilligung §§ 8, 9 HwO durch die HWK (NRW); https://www.gesetze-im-internet.de/hwo/__6.html [KNOWN]"},
    {"10599", "kammer", "",
     "BBiG §§ 34-36 (Verzeichnis der Berufsausbildungsverhältnisse bei der zuständigen Stelle, §§ 71 ff.: IHK, HWK u.a. Kammern), HwO § 28 (Lehrlingsrolle bei der HWK); https://www.gesetze-im-internet.de/bbig_2005/__34.html [KNOWN]"},
    {"10386", "kammer", "",
     "IHKG § 1 Abs. 3 (Ausstellung von Ursprungszeugnissen und anderen dem Wirtschaftsverkehr dienenden Bescheinigungen durch die IHK), HwO § 91 (Aufgaben der HWK, u.a. Bescheinigungen für Handwerkserzeugnisse); https://www.gesetze-im-internet.de/ihkg/__1.html [KNOWN]"},
    {"10290", "kammer", "",
     "IHKG §§ 2, 3 (Kammerzugehörigkeit, Beiträge) und HwO §§ 90, 113 (Mitgliedschaft, Beiträge der HWK); https://www.gesetze-im-internet.de/hwo/__113.html [KNOWN]"},
    {"10284", "kammer", "",
     "SGB III § 93 Abs. 2 (Stellungnahme einer fachkundigen Stelle zur Tragfähigkeit, u.a. IHK, HWK) – LeiKa-Leistungen betreffen ausschließlich HWK/IHK; https://www.gesetze-im-internet.de/sgb_3/__93.html [KNOWN]"},
    {"10319", "kammer", "",
     "BBiG §§ 37 ff., 71 (Abschluss-/Umschulungsprüfungen durch die zuständige Stelle: IHK/HWK u.a.), HwO §§ 31 ff. (Gesellenprüfung, HWK/Innungen); https://www.gesetze-im-internet.de/bbig_2005/__37.html [KNOWN]"},
    {"10328", "kammer", "",
     "GastG § 4 Abs. 1 Nr. 4 (Unterrichtungsnachweis der IHK) und GewO § 33c Abs. 2 Nr. 3 (Unterrichtungsnachweis Spielgeräteaufsteller durch die IHK); https://www.gesetze-im-internet.de/gastg/__4.html [KNOWN]"},
    {"10115", "kammer", "",
     "HwO § 91 Abs. 1 Nr. 11: HWK richtet Vermittlungsstellen zur Beilegung von Streitigkeiten zwischen Handwerksbetrieben und Auftraggebern ein; https://www.gesetze-im-internet.de/hwo/__91.html [KNOWN]"},
    {"10541", "kammer", "",
     "IHKG § 1 (Interessenvertretung/Förderung der gewerblichen Wirtschaft; Standortinformationssystem SISI der IHKs); https://www.gesetze-im-internet.de/ihkg/__1.html [KNOWN]"},
    {"10005", "sozialversicherung", "",
     "EStG §§ 67, 70 (Antrag bei und Festsetzung durch die Familienkasse), FVG § 5 Abs. 1 Nr. 11: Familienkassen der Bundesagentur für Arbeit; https://www.gesetze-im-internet.de/estg/__67.html [KNOWN]"},
    {"10020", "sozialversicherung", "",
     "BKGG §§ 6a, 7 Abs. 1, 13: Kinderzuschlag durch die Bundesagentur für Arbeit (Familienkasse); https://www.gesetze-im-internet.de/bkgg_1996/__7.html [KNOWN]"},
    {"10073", "sozialversicherung", "",
     "SGB III §§ 136 ff., 323, 368: Arbeitslosengeld durch die Bundesagentur für Arbeit (Agenturen für Arbeit); https://www.gesetze-im-internet.de/sgb_3/__368.html [KNOWN]"},
    {"10075", "sozialversicherung", "",
     "SGB III §§ 165 ff., 327 Abs. 3: Insolvenzgeld durch die Agentur für Arbeit; https://www.gesetze-im-internet.de/sgb_3/__165.html [KNOWN]"},
    {"10307", "sozialversicherung", "",
     "SGB III §§ 95 ff., 99, 101 f.: Kurzarbeiter-, Saison-KuG, Transfer-KuG, Wintergeld durch die Agentur für Arbeit; https://www.gesetze-im-internet.de/sgb_3/__99.html [KNOWN]"},
    {"10302", "sozialversicherung", "",
     "SGB IV § 18i: Betriebsnummer wird von der Bundesagentur für Arbeit (Betriebsnummern-Service) vergeben; https://www.gesetze-im-internet.de/sgb_4/__18i.html [KNOWN]"},
    {"10104", "sozialversicherung", "",
     "SGB VI §§ 35 ff., 115, 125 ff.: Renten durch die Träger der Deutschen Rentenversicherung (DRV Bund, DRV Rheinland, DRV Westfalen, KBS); Rentenbezugsmitteilung EStG § 22a durch Rentenversicherungsträger; https://www.gesetze-im-internet.de/sgb_6/__125.html [KNOWN]"},
    {"10096", "sozialversicherung", "",
     "SGB VI §§ 109, 149: Versicherungskonto, Kontenklärung, Renteninformation/-auskunft durch den Rentenversicherungsträger; https://www.gesetze-im-internet.de/sgb_6/__149.html [KNOWN]"},
    {"10239", "sozialversicherung", "",
     "SGB VI § 48 (Waisenrente, DRV) und SGB VII § 67 (Waisenrente der Unfallversicherungsträger); https://www.gesetze-im-internet.de/sgb_6/__48.html [KNOWN]"},
    {"10240", "sozialversicherung", "",
     "SGB VI § 46 (Witwenrente, DRV) und SGB VII § 65 (Witwenrente der Unfallversicherungsträger); https://www.gesetze-im-internet.de/sgb_6/__46.html [KNOWN]"},
    {"10184", "sozialversicherung", "",
     "SGB V §§ 220 ff., 252 ff., 62 (Beiträge, Belastungsgrenze) durch die gesetzliche Krankenkasse; https://www.gesetze-im-internet.de/sgb_5/__252.html [KNOWN]"},
    {"10002", "sozialversicherung", "",
     "SGB V § 10: Familienversicherung bei der Krankenkasse des Stammversicherten; https://www.gesetze-im-internet.de/sgb_5/__10.html [KNOWN]"},
    {"10021", "sozialversicherung", "",
     "SGB V §§ 44, 45: Krankengeld/Kinderkrankengeld durch die Krankenkasse; https://www.gesetze-im-internet.de/sgb_5/__44.html [KNOWN]"},
    {"10201", "sozialversicherung", "",
     "SGB VII §§ 56, 63 ff., 75 ff.: Renten und Abfindungen durch die Unfallversicherungsträger (BG, Unfallkasse NRW); https://www.gesetze-im-internet.de/sgb_7/__56.html [KNOWN]"},
    {"10281", "sozialversicherung", "",
     "SGB VII § 192: Unternehmer meldet sich beim zuständigen Unfallversicherungsträger (Berufsgenossenschaft); https://www.gesetze-im-internet.de/sgb_7/__192.html [KNOWN]"},
    {"10072", "sozialversicherung", "",
     "SGB IV §§ 18f, 18h: Versicherungsnummer und Sozialversicherungsausweis durch die Datenstelle der Rentenversicherung / DRV; https://www.gesetze-im-internet.de/sgb_4/__18h.html [KNOWN]"},
    {"10306", "sozialversicherung", "",
     "KSVG §§ 23 ff., 37: Künstlersozialabgabe wird von der Künstlersozialkasse (bei der Unfallversicherung Bund und Bahn) erhoben; https://www.gesetze-im-internet.de/ksvg/__37.html [KNOWN]"},
    {"10575", "sozialversicherung", "",
     "KSVG §§ 1, 8, 37: Versicherungspflicht/Anmeldung selbständiger Künstler und Publizisten bei der Künstlersozialkasse; https://www.gesetze-im-internet.de/ksvg/__8.html [KNOWN]"},
    {"10437", "bund", "",
     "KraftStG / Art. 108 Abs. 1 GG: seit 1.7.2009 Bundessteuer, seit 1.7.2014 (in NRW ab Februar 2014) Festsetzung, Erhebung und Vollstreckung durch die Hauptzollämter der Bundeszollverwaltung, nicht mehr durch Finanzämter; Zulassungsbehörde nur Datenübermittlung; http://verkehrsrundschau.de/zollverwaltung-uebernimmt-die-abwicklung-der-kfz-steuer-1350729.html ; https://hwk-reutlingen.de/newsansicht-detail/article/zoll-uebernimmt-verwaltung-der-kraftfahrzeugsteuer.html [VERIFIED]"},
    {"10585", "bund", "",
     "VersStG / FeuerschStG § 10: Verwaltung der Versicherung- und Feuerschutzsteuer seit 1.7.2010 durch das Bundeszentralamt für Steuern (Art. 108 Abs. 4 GG); https://www.bundesfinanzministerium.de/Content/DE/Monatsberichte/2010/02/Artikel/analysen-und-berichte/b05-feuerschutzsteuer/feuerschutzsteuer.html ; https://lexcada.com/akn/de/act/1979-12-21/FeuerschStG/deu/!page_7 [VERIFIED]"},
    {"10387", "bund", "",
     "ZollVG, Unionszollkodex, FVG §§ 1, 12: Zölle und Einfuhrumsatzsteuer durch die Hauptzollämter/Zollämter der Bundeszollverwaltung (GZD); https://www.gesetze-im-internet.de/fvg/__12.html [KNOWN]"},
    {"10362", "bund", "",
     "EnergieStG, FVG § 12 Abs. 2: Energiesteuer (Erlaubnisse, Entlastungen, Agrardiesel) durch die Hauptzollämter; https://www.gesetze-im-internet.de/fvg/__12.html [KNOWN]"},
    {"10373", "bund", "",
     "StromStG, FVG § 12: Stromsteuer durch die Hauptzollämter; https://www.gesetze-im-internet.de/stromstg/ [KNOWN]"},
    {"10374", "bund", "",
     "TabStG, FVG § 12: Tabaksteuer durch die Hauptzollämter; https://www.gesetze-im-internet.de/tabstg_2009/ [KNOWN]"},
    {"10365", "bund", "",
     "KaffeeStG, FVG § 12: Kaffeesteuer durch die Hauptzollämter; https://www.gesetze-im-internet.de/kaffeestg_2009/ [KNOWN]"},
    {"10360", "bund", "",
     "BierStG, Art. 108 Abs. 1 GG, FVG § 12: Biersteuer steht den Ländern zu, wird aber von der Bundeszollverwaltung (Hauptzollämter) verwaltet; https://www.gesetze-im-internet.de/bierstg_2009/ [KNOWN]"},
    {"10576", "bund", "",
     "LuftVStG / FVG § 12: Luftverkehrsteuer durch die Bundeszollverwaltung (Hauptzollamt Frankfurt am Main); https://www.gesetze-im-internet.de/luftvstg/ [KNOWN]"},
    {"10081", "bund", "",
     "AO § 139b: Vergabe der steuerlichen Identifikationsnummer durch das Bundeszentralamt für Steuern (FVG § 5 Abs. 1 Nr. 13); https://www.gesetze-im-internet.de/ao_1977/__139b.html [KNOWN]"},
    {"10396", "bund", "",
     "PatG §§ 26, 34, 49: Patentanmeldung, Prüfung und Erteilung durch das Deutsche Patent- und Markenamt (auch Gebrauchsmuster, Designs); https://www.gesetze-im-internet.de/patg/__34.html [KNOWN]"},
    {"10398", "bund", "",
     "MarkenG §§ 32, 41, 47, 56: Markenanmeldung, Eintragung, Verlängerung beim Deutschen Patent- und Markenamt; https://www.gesetze-im-internet.de/markeng/__32.html [KNOWN]"},
    {"10168", "bund", "",
     "StVG §§ 28, 30: Fahreignungsregister wird vom Kraftfahrt-Bundesamt geführt, Auskunft durch das KBA; https://www.gesetze-im-internet.de/stvg/__28.html [KNOWN]"},
    {"10258", "bund", "",
     "StAG § 10 Abs. 5, EinbTestV: Einbürgerungstest in Verantwortung des Bundesamts für Migration und Flüchtlinge (Durchführung durch vom BAMF zugelassene Prüfstellen, z.B. Volkshochschulen); https://www.gesetze-im-internet.de/einbtestv/ [KNOWN]"},
    {"10256", "bund", "",
     "AZRG § 1: Ausländerzentralregister wird vom Bundesamt für Migration und Flüchtlinge geführt (technische Durchführung BVA); Betroffenenauskunft § 34 AZRG beim BAMF; https://www.gesetze-im-internet.de/azrg/__1.html [KNOWN]"},
    {"10172", "bund", "",
     "Förderrichtlinie Umweltbonus (Bund): Antrag und Bewilligung beim Bundesamt für Wirtschaft und Ausfuhrkontrolle (BAFA); Programm Ende 2023 beendet; https://www.bafa.de [KNOWN]"},
    {"10128", "bund", "",
     "BFDG §§ 8, 14: Vereinbarung und Durchführung über das Bundesamt für Familie und zivilgesellschaftliche Aufgaben (BAFzA); https://www.gesetze-im-internet.de/bfdg/__8.html [KNOWN]"},
    {"10565", "bund", "",
     "GewO §§ 149, 150: Gewerbezentralregister beim Bundesamt für Justiz, Selbstauskunft § 150 GewO (Antrag über die Gemeinde oder online beim BfJ); https://www.gesetze-im-internet.de/gewo/__150.html [KNOWN]"},
    {"10153", "bund", "",
     "NWRG §§ 1, 2: Nationales Waffenregister wird vom Bundesverwaltungsamt geführt (Registerbehörde); https://www.gesetze-im-internet.de/nwrg/__1.html [KNOWN]"},
    {"10562", "bund", "FGMk",
     "BZRG §§ 1, 30, 30a, 39: Bundeszentralregister/Führungszeugnis durch das Bundesamt für Justiz; Antrag nach § 30 Abs. 2 BZRG bei der Meldebehörde (Gemeinde), die ihn an das BfJ weiterleitet, oder online beim BfJ; https://www.gesetze-im-internet.de/bzrg/__30.html [KNOWN]"},
    {"10274", "bund", "FKG",
     "AufenthG § 71 Abs. 2: Visa im Ausland durch die Auslandsvertretungen (Auswärtiges Amt); Ausnahme-Visa an der Grenze: Bundespolizei; Verlängerung nationaler/Schengen-Visa im Inland durch die Ausländerbehörde (§ 71 Abs. 1 AufenthG, NRW ZustAVO § 1: kreisfreie und Große kreisangehörige Städte, Kreise); https://www.gesetze-im-internet.de/aufenthg_2004/__71.html [KNOWN]"},
    {"10557", "gemeinde", "FGMk",
     "PStG §§ 1 Abs. 2, 21, 55 (Beurkundung/Urkunden durch das Standesamt) i.V.m. PStVO NRW § 1 Abs. 1: die Gemeinden sind die Standesämter (Pflichtaufgabe zur Erfüllung nach Weisung); https://www.lexsoft.de/cgi-bin/lexsoft/justizportal_nrw.cgi?templateID=document&xid=3484957,2 [VERIFIED]"},
    {"10026", "gemeinde", "FGMk",
     "BGB § 1310, PStG §§ 11 ff. (Anmeldung und Eheschließung vor dem Standesbeamten) i.V.m. PStVO NRW § 1 Abs. 1 (Gemeinden = Standesämter); https://recht.nrw.de/lmi/owa/br_vbl_detail_text?anw_nr=6&vd_id=11193&vd_back=N859&sg=0&menu=1 [VERIFIED]"},
    {"10237", "gemeinde", "FGMk",
     "PStG §§ 28 ff., 55, 36 (Sterbefall, Auslandssterbefälle) beim Standesamt i.V.m. PStVO NRW § 1 Abs. 1 (Gemeinden); Todesbescheinigung/Leichenpass nach BestG NRW (Arzt bzw. örtliche Ordnungsbehörde); https://www.lexsoft.de/cgi-bin/lexsoft/justizportal_nrw.cgi?templateID=document&xid=3484957,2 [VERIFIED]"},
    {"10235", "gemeinde", "FGMk",
     "PStG §§ 28-30: Anzeige des Sterbefalls beim Standesamt des Sterbeorts i.V.m. PStVO NRW § 1 Abs. 1 (Gemeinden); https://www.lexsoft.de/cgi-bin/lexsoft/justizportal_nrw.cgi?templateID=document&xid=3484957,2 [VERIFIED]"},
    {"10003", "gemeinde", "FGMk",
     "PStG §§ 18-20, PStV § 31: Geburtsanzeige beim Standesamt des Geburtsorts i.V.m. PStVO NRW § 1 Abs. 1 (Gemeinden); https://www.lexsoft.de/cgi-bin/lexsoft/justizportal_nrw.cgi?templateID=document&xid=3484957,2 [VERIFIED]"},
    {"10028", "gemeinde", "FGMk",
     "PStG §§ 17, 35, 55 (Lebenspartnerschaftsregister/-urkunden beim Standesamt) i.V.m. PStVO NRW § 1 Abs. 1 (Gemeinden); https://www.lexsoft.de/cgi-bin/lexsoft/justizportal_nrw.cgi?templateID=document&xid=3484957,2 [VERIFIED]"},
    {"10025", "gemeinde", "FGMk",
     "PStG § 39 (Ehefähigkeitszeugnis durch das Standesamt) i.V.m. PStVO NRW § 1 Abs. 1; Befreiung vom Ehefähigkeitszeugnis für Ausländer (BGB § 1309 Abs. 2) durch den Präsidenten des Oberlandesgerichts; https://www.lexsoft.de/cgi-bin/lexsoft/justizportal_nrw.cgi?templateID=document&xid=3484957,2 [VERIFIED]"},
    {"10564", "gemeinde", "FGMk",
     "GewO § 14 Abs. 5-8 (Gewerberegister und Auskünfte bei der für die Gewerbeanzeige zuständigen Behörde) i.V.m. NRW GewRV v. 17.11.2009 (Anlage): örtliche Ordnungsbehörden; https://www.waltrop.de/bso?id=1371&seite=angebot ; http://uo.f1f37a1bf7b548e2bdb62f666ac0ec20.bodycote-enr.zeta-sw.com/regelwerk/allgemei/laender/nrw/gewrv.htm [VERIFIED]"},
    {"10244", "gemeinde", "FGMk",
     "BGB §§ 965 ff. (Anzeige/Abgabe bei der zuständigen Behörde) i.V.m. RdErl. IM NRW über die ordnungsbehördliche Behandlung von Fundsachen: Fundbüro der örtlichen Ordnungsbehörde (Gemeinde); https://serviceportal.oberhausen.de:443/suche/-/egov-bis-detail/dienstleistung/22497/show ; https://www.marsberg.de/de/rathaus/verwaltung/anliegen/32-Buerger-und-Ordnung/fundsachen.php [VERIFIED]"},
    {"10117", "gemeinde", "FGMk",
     "GrStG §§ 1, 25, 27 (Hebesatz, Festsetzung durch die Gemeinde; Art. 106 Abs. 6 GG); Grundsteuermessbetrag §§ 13 ff. GrStG durch das Finanzamt (Land); https://www.gesetze-im-internet.de/grstg_1973/__1.html [KNOWN]"},
    {"10364", "gemeinde", "FGMk",
     "GewStG §§ 1, 4, 16 (Gemeinde erhebt und setzt fest; Hebesatz), Messbetrag § 14 GewStG durch das Finanzamt; https://www.gesetze-im-internet.de/gewstg/__16.html [KNOWN]"},
    {"10160", "gemeinde", "FGMk",
     "KAG NRW § 3 i.V.m. Hundesteuersatzung (Gemeinde); LHundG NRW § 13: Erlaubnisse/Anzeigen/Befreiungen durch die örtliche Ordnungsbehörde; https://recht.nrw.de (LHundG NRW, SGV. NRW. 7831) [KNOWN]"},
    {"10126", "gemeinde", "FGMk",
     "KAG NRW § 3 i.V.m. gemeindlicher Zweitwohnungsteuersatzung (örtliche Aufwandsteuer, Art. 105 Abs. 2a GG); https://recht.nrw.de (KAG NRW, SGV. NRW. 610) [KNOWN]"},
    {"10377", "gemeinde", "FGMk",
     "KAG NRW § 3 i.V.m. gemeindlicher Vergnügungsteuersatzung (örtliche Aufwandsteuer inkl. Wettbürosteuer); https://recht.nrw.de (KAG NRW, SGV. NRW. 610) [KNOWN]"},
    {"10145", "gemeinde", "FGMk",
     "BWahlG § 17, BWO §§ 14 ff., 25 ff. (Wählerverzeichnis, Wahlschein durch die Gemeindebehörde); EuWO, LWahlG/KWahlG NRW entsprechend (Gemeinde); https://www.gesetze-im-internet.de/bwo_1985/__27.html [KNOWN]"},
    {"10227", "gemeinde", "FGMk",
     "BestG NRW (Bestattungsgesetz NRW) §§ 1, 8 ff.: Friedhofsträger Gemeinden, Ordnungsbehördliche Bestattung und Genehmigungen durch die örtliche Ordnungsbehörde (kirchliche Friedhöfe möglich); https://recht.nrw.de (BestG NRW, SGV. NRW. 2127) [KNOWN]"},
    {"10350", "gemeinde", "FKGMk",
     "GewO §§ 67-69 (Festsetzung von Märkten) i.V.m. NRW GewRV § 1 und Anlage: örtliche Ordnungsbehörden; Standplatzvergabe durch die Gemeinde als Marktveranstalter; http://uo.f1f37a1bf7b548e2bdb62f666ac0ec20.bodycote-enr.zeta-sw.com/regelwerk/allgemei/laender/nrw/gewrv.htm; the Tierseuchen entry (GeflPestSchV, TierGesG) is the Veterinäramt's (Kreise, kreisfreie Städte), so the union includes the Kreis [VERIFIED]"},
    {"10346", "gemeinde", "FGMk",
     "GastG § 18 i.V.m. NRW GewRV (Sperrzeitregelung durch die örtliche Ordnungsbehörde); LImSchG NRW § 9/10 (Ausnahmen Nachtruhe, örtliche Ordnungsbehörde); http://uo.f1f37a1bf7b548e2bdb62f666ac0ec20.bodycote-enr.zeta-sw.com/regelwerk/allgemei/laender/nrw/gewrv.htm [KNOWN]"},
    {"10108", "gemeinde", "FGMk",
     "BauGB §§ 24, 28 Abs. 1: Vorkaufsrecht und Negativzeugnis durch die Gemeinde; https://www.gesetze-im-internet.de/bbaug/__28.html [KNOWN]"},
    {"10528", "gemeinde", "FGMk",
     "BauGB §§ 1 Abs. 3, 2 Abs. 1, 5, 6: Flächennutzungsplan wird von der Gemeinde in eigener Verantwortung aufgestellt (Genehmigung durch Bezirksregierung); https://www.gesetze-im-internet.de/bbaug/__2.html [KNOWN]"},
    {"10077", "land", "",
     "EStG, AO, FVG § 17: Einkommensteuerveranlagung durch das Wohnsitzfinanzamt (Landesfinanzbehörde NRW); einzelne LeiKa-Leistungen (§§ 50, 50a, 50d EStG Abzugsteuer/Freistellung, KiStA-Verfahren) liegen beim Bundeszentralamt für Steuern; https://www.gesetze-im-internet.de/fvg/__17.html [KNOWN]"},
    {"10533", "land", "",
     "GrEStG § 17 Abs. 1, FVG § 17: Grunderwerbsteuer durch das Finanzamt (in NRW Grunderwerbsteuerstellen der Lage-Finanzämter); https://www.gesetze-im-internet.de/grestg_1983/__17.html [KNOWN]"},
    {"10228", "land", "",
     "ErbStG § 35, FVG § 17: Erbschaftsteuer durch das Finanzamt (in NRW auf wenige Erbschaftsteuer-Finanzämter konzentriert); https://www.gesetze-im-internet.de/erbstg_1974/__35.html [KNOWN]"},
    {"10079", "land", "",
     "ErbStG §§ 7, 30, 35: Schenkungsteuer durch das (Erbschaft-/Schenkungsteuer-)Finanzamt; https://www.gesetze-im-internet.de/erbstg_1974/__35.html [KNOWN]"},
    {"10292", "land", "",
     "AO §§ 137-139, EStG: steuerliche Erfassung (Fragebogen) durch das zuständige Finanzamt; Gewerbeanzeige nach GewO § 14 geht über die Gemeinde an das Finanzamt, freiberufliche Tätigkeit wird direkt dem Finanzamt angezeigt (§ 138 Abs. 1 Satz 3 AO); https://www.gesetze-im-internet.de/ao_1977/__138.html [KNOWN]"},
    {"10356", "land", "",
     "AO § 138 Abs. 1: Abmeldung/Aufgabe gegenüber dem Finanzamt (bei Gewerbe über die Gemeinde); steuerliche Abmeldung durch das Finanzamt; https://www.gesetze-im-internet.de/ao_1977/__138.html [KNOWN]"},
    {"10080", "land", "",
     "EStG § 39a: Freibeträge als Lohnsteuerabzugsmerkmal auf Antrag beim Wohnsitzfinanzamt; https://www.gesetze-im-internet.de/estg/__39a.html [KNOWN]"},
    {"10309", "land", "",
     "EStG §§ 41a, 41 Abs. 2: Lohnsteueranmeldung beim Betriebsstättenfinanzamt; https://www.gesetze-im-internet.de/estg/__41a.html [KNOWN]"},
    {"10078", "land", "",
     "NRW Kirchensteuergesetz (KiStG NRW) § 14 ff.: Verwaltung der Kirchensteuer vom Einkommen durch die Finanzämter im Auftrag der Kirchen; https://recht.nrw.de (KiStG NRW, SGV. NRW. 221) [KNOWN]"},
    {"10517", "kreisebene", "FKGM",
     "BauO NRW 2018 § 85 (Baulastenverzeichnis wird von der Bauaufsichtsbehörde geführt) i.V.m. § 57 Abs. 1 Nr. 3 (untere Bauaufsicht: kreisfreie, Große und Mittlere kreisangehörige Städte, Kreise für übrige Gemeinden); https://www.bauportal.nrw/informationen-baurecht/erste-allgemeine-informationen/zustaendigkeiten-bauaufsicht [KNOWN]"},
    {"10084", "kreisebene", "FK",
     "SGB XII §§ 3 Abs. 2, 41 ff., 46b i.V.m. AG-SGB XII NRW § 1: örtliche Träger der Sozialhilfe sind die kreisfreien Städte und Kreise (Kreise können kreisangehörige Gemeinden per Satzung zur Durchführung heranziehen, § 3 AG-SGB XII NRW); https://www.gesetze-im-internet.de/sgb_12/__3.html [KNOWN]"},
    {"10086", "kreisebene", "FK",
     "SGB XII §§ 3 Abs. 2, 27 ff. i.V.m. AG-SGB XII NRW § 1: örtliche Träger (kreisfreie Städte, Kreise; Heranziehung kreisangehöriger Gemeinden möglich); https://www.gesetze-im-internet.de/sgb_12/__3.html [KNOWN]"},
    {"10224", "kreisebene", "FK",
     "APG NRW (Alten- und Pflegegesetz NRW) § 14 i.V.m. APG DVO NRW: Pflegewohngeld durch den örtlichen Träger der Sozialhilfe (Kreise, kreisfreie Städte); https://recht.nrw.de (APG NRW, SGV. NRW. 820) [KNOWN]"},
    {"10035", "kreisebene", "FK",
     "UVG § 9 i.V.m. NRW-Ausführungsrecht: Unterhaltsvorschuss durch die Jugendämter der Kreise, kreisfreien Städte und der kreisangehörigen Städte mit eigenem Jugendamt (in NRW 186/187 Jugendämter, z.B. Nettetal, Kempen, Oer-Erkenschwick); Rückgriff seit 2019 zentral beim Landesamt für Finanzen; http://www.wz.de/lokales/kreis-viersen/lokales-kreis-viersen-tonisvorst/unterhalt-belastet-staedte-mehr-1.2589935 ; https://www.oer-erkenschwick.de/Inhalte/Rathaus_Politik/Buergerservice_A-Z/index.asp?seite=angebot&id=1713; große/mittlere kreisangehörige Städte only with their own Jugendamt (AG-KJHG NRW § 2): recorded as office exceptions, not by size class [VERIFIED]"},
    {"10273", "kreisebene", "FKG",
     "AufenthG § 68 (Verpflichtungserklärung gegenüber Ausländerbehörde oder Auslandsvertretung) i.V.m. ZustAVO NRW § 1 Nr. 4 (untere Ausländerbehörden: kreisfreie und Große kreisangehörige Städte, Kreise); https://justiz-nrw.wolterskluwer-online.de/browse/document/c2ceab7c-7afb-381e-958d-41d4ff7d0af8 [KNOWN]"},
    {"10596", "kreisebene", "FKG",
     "FreizügG/EU §§ 5, 11 i.V.m. ZustAVO NRW § 1 Nr. 4: Aufenthaltskarten/Bescheinigungen durch die untere Ausländerbehörde (kreisfreie und Große kreisangehörige Städte, Kreise); https://justiz-nrw.wolterskluwer-online.de/browse/document/c2ceab7c-7afb-381e-958d-41d4ff7d0af8 [KNOWN]"},
    {"10268", "kreisebene", "FKG",
     "AufenthV §§ 4-6 (Reiseausweis für Ausländer), GFK Art. 28 / StlÜbk: Ausstellung im Inland durch die Ausländerbehörde, ZustAVO NRW § 1 Nr. 4 (kreisfreie und Große kreisangehörige Städte, Kreise); https://justiz-nrw.wolterskluwer-online.de/browse/document/c2ceab7c-7afb-381e-958d-41d4ff7d0af8 [KNOWN]"},
    {"10120", "sonstige", "",
     "Rundfunkbeitragsstaatsvertrag (RBStV) §§ 2, 4, 8, 10 Abs. 7: Anmeldung, Befreiung/Ermäßigung bei der Landesrundfunkanstalt (in NRW WDR), durchgeführt vom ARD ZDF Deutschlandradio Beitragsservice; https://recht.nrw.de (RBStV, SGV. NRW. 2251) [KNOWN]"},
    {"10061", "sonstige", "",
     "Staatsvertrag über die Hochschulzulassung / HZG NRW: Studienplatzvergabe durch die Stiftung für Hochschulzulassung (Stiftung öffentlichen Rechts, Dortmund) bzw. die jeweilige Hochschule (rechtsfähige Körperschaft, HG NRW § 2); keine kommunale Zuständigkeit; https://www.hochschulstart.de [KNOWN]"},
    {"10601", "kammer", "",
     "Berufsständische Versorgungswerke (z.B. Ärzteversorgung Westfalen-Lippe, Versorgungswerk der Rechtsanwälte NRW, Versorgungswerk der Architektenkammer NRW) als rechtsfähige Einrichtungen/Körperschaften nach Landes-Heilberufs- bzw. Kammergesetzen; teilweise Einrichtungen der Kammern (Abgrenzung zu 'kammer' unscharf); https://recht.nrw.de (RAVersorgG NRW, HeilBerG NRW); Versorgungswerke are institutions of the chambers (HeilBerG NRW § 6 Abs. 1 Nr. 10) [KNOWN]"},
    {"10056", "sonstige", "FK",
     "BAföG §§ 40, 45 i.V.m. NRW-Ausführungsrecht: Studierende beim Amt für Ausbildungsförderung des Studierendenwerks der Hochschule (Anstalt öffentlichen Rechts); Schüler-BAföG bei den Ämtern für Ausbildungsförderung der Kreise und kreisfreien Städte; Auslands-BAföG Benelux bei der Bezirksregierung Köln; https://www.bochum.de/Schulverwaltungsamt/Dienstleistungen-und-Infos/Schueler-BAfoeG ; http://www.bezreg-koeln.nrw.de/brk_internet/leistungen/abteilung04/49/index.html [VERIFIED]"},
    {"10113", "sonstige", "",
     "EnWG § 111b: Schlichtung von Verbraucherbeschwerden gegen Energieversorger durch die anerkannte private Schlichtungsstelle Energie e.V. (Berlin); Verbraucherservice der Bundesnetzagentur nach § 111c EnWG nur ergänzend; https://www.gesetze-im-internet.de/enwg_2005/__111b.html [KNOWN]"},
    {"10094", "bund", "",
     "KAGB § 342, FinDAG § 4b, UKlaG § 14: Beschwerden und Schlichtung bei der BaFin bzw. der Schlichtungsstelle bei der Deutschen Bundesbank (Bundesbehörden); https://www.gesetze-im-internet.de/kagb/__342.html [KNOWN]"},
};

std::string DataFile(const std::string& name) { return std::string(PRIO_DATA_DIR) + "/" + name; }

// The catalogue and the shipped mapping, imported through the CLI's CSV readers
// and the command rules, once.
const DomainHarness& Loaded() {
  static DomainHarness* h = [] {
    auto* harness = new DomainHarness;
    auto services = CsvTable::ReadFile(DataFile("ozg_leistungen.csv"));
    auto leika = CsvTable::ReadFile(DataFile("ozg_leika_leistungen.csv"));
    auto mapping = CsvTable::ReadFile(DataFile("responsibility.csv"));
    EXPECT_THAT(services, IsOk());
    EXPECT_THAT(leika, IsOk());
    EXPECT_THAT(mapping, IsOk());
    auto catalog = client::CatalogFromCsv(*services, &*leika);
    EXPECT_THAT(catalog, IsOk());
    EXPECT_THAT(harness->Run(domain::DecideImportCatalog, catalog->request), IsOk());
    auto resp = client::ResponsibilityFromCsv(*mapping);
    EXPECT_THAT(resp, IsOk());
    EXPECT_THAT(harness->Run(domain::DecideImportResponsibility, resp->request), IsOk());
    return harness;
  }();
  return *h;
}

std::string ClassLetters(const domain::ServiceState& s) {
  std::string out;
  const char letters[] = {' ', 'F', 'K', 'G', 'M', 'k'};
  for (v1::SizeClass c : s.responsible) out += letters[c];
  return out;
}

TEST(CompassCases, EveryCitedServiceHasItsAuthorityAndSizeClasses) {
  const DomainHarness& h = Loaded();
  std::set<std::string> kinds, classes;
  for (const Case& c : kCases) {
    SCOPED_TRACE(::testing::Message() << c.ozg_id << ": " << c.source);
    const domain::ServiceState* s = h.state.FindService(c.ozg_id);
    ASSERT_NE(s, nullptr);
    std::set<std::string> executes;
    for (v1::AuthorityKind k : s->authorities) executes.insert(std::string(vocab::AuthorityKey(k)));
    EXPECT_TRUE(executes.contains(c.authority))
        << s->service.name() << " is executed by " << vocab::JoinAuthorityNames(s->authorities);
    EXPECT_EQ(ClassLetters(*s), c.classes) << s->service.name();
    kinds.insert(c.authority);
    for (const char* p = c.classes; *p != '\0'; ++p) classes.insert(std::string(1, *p));
  }
  // The table covers every authority kind a rule can name and every size class.
  EXPECT_EQ(kinds.size(), 9u);
  EXPECT_EQ(classes.size(), 5u);
  EXPECT_GE(std::size(kCases), 60u);
}

}  // namespace
}  // namespace prio
