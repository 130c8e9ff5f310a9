// The CSV reader against what German offices' Excel produces.
#include "client/csv.h"

#include "absl/strings/str_cat.h"
#include "client/survey_csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace prio {
namespace {

using ::prio::testing::IsOk;
using ::prio::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

TEST(Csv, ExcelDialectWithBomSemicolonsCrlfAndQuotes) {
  const std::string text =
      "\xEF\xBB\xBFLeistung;Bedarf;Quartal;Fallzahl;Fachbereich;Kommentar\r\n"
      "10000;erforderlich;2027-Q2;1.200;Bürgerbüro;\"Straße; Maß\r\nzweite Zeile \"\"zitiert\"\"\"\r\n"
      "\r\n"
      "10001;gewünscht;;;Standesamt;\r\n";
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t, CsvTable::Parse(text, "bedarf.csv"));
  EXPECT_EQ(t.separator(), ';');
  EXPECT_THAT(t.header(), ElementsAre("Leistung", "Bedarf", "Quartal", "Fallzahl", "Fachbereich",
                                      "Kommentar"));
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].line, 2u);
  EXPECT_EQ(t.rows()[0].fields[5], "Straße; Maß\nzweite Zeile \"zitiert\"");
  EXPECT_EQ(t.rows()[1].line, 5u);
  PRIO_ASSERT_OK_AND_ASSIGN(std::vector<v1::Need> needs, client::NeedsFromCsv(t));
  ASSERT_EQ(needs.size(), 2u);
  EXPECT_EQ(needs[0].level(), v1::NEED_LEVEL_REQUIRED);
  EXPECT_EQ(needs[0].yearly_cases(), 1200);
  EXPECT_EQ(needs[0].department(), "Bürgerbüro");
  EXPECT_EQ(needs[1].level(), v1::NEED_LEVEL_WANTED);
  EXPECT_FALSE(needs[1].has_yearly_cases());
}

// The dialects offices produce: separator × BOM × line ends × German or English
// headers, with quoting, embedded separators and line breaks, and umlauts.
TEST(Csv, DialectMatrix) {
  for (char sep : {';', ','}) {
    for (bool bom : {false, true}) {
      for (std::string_view eol : {"\n", "\r\n"}) {
        for (bool german : {false, true}) {
          SCOPED_TRACE(absl::StrCat("sep ", std::string(1, sep), " bom ", bom, " crlf ",
                                    eol.size() == 2, " german ", german));
          std::string text = bom ? "\xEF\xBB\xBF" : "";
          const std::vector<std::string> header =
              german ? std::vector<std::string>{"Leistung", "Bedarf", "Quartal", "Fallzahl",
                                                "Fachbereich", "Kommentar"}
                     : std::vector<std::string>{"service", "level", "quarter", "cases",
                                                "department", "comment"};
          AppendCsvLine(header, sep, &text, eol);
          AppendCsvLine({"10000", german ? "erforderlich" : "required", "2027-Q2", "1200",
                         "Bürgerbüro", "Straße; Maß, \"Größe\"\nzweite Zeile"},
                        sep, &text, eol);
          AppendCsvLine({"10001", german ? "nicht benötigt" : "not-needed", "", "", "", ""}, sep,
                        &text, eol);
          PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t, CsvTable::Parse(text, "m.csv"));
          EXPECT_EQ(t.separator(), sep);
          PRIO_ASSERT_OK_AND_ASSIGN(std::vector<v1::Need> needs, client::NeedsFromCsv(t));
          ASSERT_EQ(needs.size(), 2u);
          EXPECT_EQ(needs[0].level(), v1::NEED_LEVEL_REQUIRED);
          EXPECT_EQ(needs[0].yearly_cases(), 1200);
          EXPECT_EQ(needs[0].department(), "Bürgerbüro");
          EXPECT_EQ(needs[0].comment(), "Straße; Maß, \"Größe\"\nzweite Zeile");
          EXPECT_EQ(needs[1].level(), v1::NEED_LEVEL_NOT_NEEDED);
          EXPECT_FALSE(needs[1].has_yearly_cases());
        }
      }
    }
  }
}

TEST(Csv, CommaSeparatedWithLf) {
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t, CsvTable::Parse("a,b\n1,\"x,y\"\n", "f.csv"));
  EXPECT_EQ(t.separator(), ',');
  ASSERT_EQ(t.rows().size(), 1u);
  EXPECT_THAT(t.rows()[0].fields, ElementsAre("1", "x,y"));
  EXPECT_EQ(t.Column({"B"}), 1);
  EXPECT_EQ(t.Column({"c"}), -1);
}

TEST(Csv, ErrorsNameFileLineAndColumn) {
  EXPECT_THAT(CsvTable::Parse("a;b\n1;2;3\n", "f.csv"),
              StatusIs(Code::kInvalidArgument, HasSubstr("f.csv:2:3: row has 3 fields, the header has 2")));
  EXPECT_THAT(CsvTable::Parse("a;b\n1;\"open\n", "f.csv"),
              StatusIs(Code::kInvalidArgument, HasSubstr("f.csv:2:2: quoted field is not closed")));
  EXPECT_THAT(CsvTable::Parse("a;b\n1;x\"y\n", "f.csv"),
              StatusIs(Code::kInvalidArgument, HasSubstr("f.csv:2:2: quote inside an unquoted field")));
  EXPECT_THAT(CsvTable::Parse("a;b\nM\xE4rz;2\n", "latin1.csv"),
              StatusIs(Code::kInvalidArgument, HasSubstr("latin1.csv:2:1: not valid UTF-8")));
  EXPECT_THAT(CsvTable::Parse("", "empty.csv"),
              StatusIs(Code::kInvalidArgument, HasSubstr("empty.csv: the file is empty")));
  EXPECT_THAT(CsvTable::ReadFile("/nonexistent/x.csv"), StatusIs(Code::kNotFound));
}

TEST(Csv, BadRowsInSurveyFilesNameTheField) {
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t,
                            CsvTable::Parse("Leistung;Bedarf;Fallzahl\n10000;dringend;5\n", "b.csv"));
  EXPECT_THAT(client::NeedsFromCsv(t),
              StatusIs(Code::kInvalidArgument,
                       HasSubstr("b.csv:2:2 (Bedarf): unknown need level \"dringend\"")));
  PRIO_ASSERT_OK_AND_ASSIGN(t, CsvTable::Parse("Leistung;Bedarf;Fallzahl\n10000;optional;viele\n", "b.csv"));
  EXPECT_THAT(client::NeedsFromCsv(t),
              StatusIs(Code::kInvalidArgument, HasSubstr("b.csv:2:3 (Fallzahl): expected a whole number")));
  PRIO_ASSERT_OK_AND_ASSIGN(t, CsvTable::Parse("Service;Stufe\n1;2\n", "b.csv"));
  EXPECT_THAT(client::NeedsFromCsv(t),
              StatusIs(Code::kInvalidArgument, HasSubstr("missing column; expected one of: level, bedarf")));
}

// Found by tools/fuzz/csv_fuzzer: what AppendCsvLine writes must read back the same.
TEST(Csv, WhatTheWriterWritesReadsBackTheSame) {
  const std::vector<std::string> tricky = {"\xEF\xBB\xBFstarts with a BOM", "lone\rcr",
                                           "crlf\r\nand lf\n", "\"quoted\"", " padded "};
  std::string text;
  AppendCsvLine({"a", "b", "c", "d", "e"}, ';', &text);
  AppendCsvLine(tricky, ';', &text);
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t, CsvTable::Parse(text, "w.csv"));
  ASSERT_EQ(t.rows().size(), 1u);
  EXPECT_THAT(t.rows()[0].fields, ElementsAre("\xEF\xBB\xBFstarts with a BOM", "lone\ncr",
                                              "crlf\nand lf\n", "\"quoted\"", " padded "));
  // Once normalised, writing and reading again changes nothing.
  std::string again;
  AppendCsvLine(t.header(), ';', &again);
  AppendCsvLine(t.rows()[0].fields, ';', &again);
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t2, CsvTable::Parse(again, "w2.csv"));
  EXPECT_EQ(t2.rows()[0].fields, t.rows()[0].fields);
}

TEST(Csv, BallotsFromCsv) {
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t, CsvTable::Parse("Leistung;Punkte\r\n10519;60\r\n10000;40\r\n", "p.csv"));
  PRIO_ASSERT_OK_AND_ASSIGN(v1::Ballot b, client::BallotFromCsv(t));
  ASSERT_EQ(b.points_size(), 2);
  EXPECT_EQ(b.points(0).service_id(), "10519");
  EXPECT_EQ(b.points(1).points(), 40u);
  PRIO_ASSERT_OK_AND_ASSIGN(t, CsvTable::Parse("Rang,Leistung\n2,10000\n1,10519\n3,10003\n", "r.csv"));
  PRIO_ASSERT_OK_AND_ASSIGN(b, client::BallotFromCsv(t));
  EXPECT_THAT(b.ranked(), ElementsAre("10519", "10000", "10003"));
  PRIO_ASSERT_OK_AND_ASSIGN(t, CsvTable::Parse("Rang;Leistung\n1;10000\n1;10519\n", "r.csv"));
  EXPECT_THAT(client::BallotFromCsv(t), StatusIs(Code::kInvalidArgument, HasSubstr("rank 1 is given twice")));
  PRIO_ASSERT_OK_AND_ASSIGN(t, CsvTable::Parse("Leistung;Punkte;Rang\n1;2;3\n", "x.csv"));
  EXPECT_THAT(client::BallotFromCsv(t), StatusIs(Code::kInvalidArgument, HasSubstr("either a points")));
  PRIO_ASSERT_OK_AND_ASSIGN(t, CsvTable::Parse("Leistung;Punkte\n10000;-5\n", "p.csv"));
  EXPECT_THAT(client::BallotFromCsv(t), StatusIs(Code::kInvalidArgument, HasSubstr("p.csv:2:2 (Punkte)")));
}

TEST(Csv, WriterQuotesWhatNeedsIt) {
  std::string out;
  AppendCsvLine({"10000", "Straße; Maß", "say \"hi\"", "two\nlines", " pad"}, ';', &out);
  EXPECT_EQ(out, "10000;\"Straße; Maß\";\"say \"\"hi\"\"\";\"two\nlines\";\" pad\"\r\n");
  PRIO_ASSERT_OK_AND_ASSIGN(CsvTable t, CsvTable::Parse("a;b;c;d;e\r\n" + out, "round-trip"));
  EXPECT_THAT(t.rows()[0].fields, ElementsAre("10000", "Straße; Maß", "say \"hi\"", "two\nlines", " pad"));
}

}  // namespace
}  // namespace prio

namespace prio {
namespace {

// A cell Excel would run as a formula is written with a leading ' and read back as it was.
TEST(SpreadsheetText, FormulaCellsAreQuotedAndReadBack) {
  for (std::string_view s : {"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx"}) {
    EXPECT_EQ(SpreadsheetText(s), "'" + std::string(s));
    EXPECT_EQ(FromSpreadsheetText(SpreadsheetText(s)), s);
  }
  EXPECT_EQ(SpreadsheetText("Bürgerbüro"), "Bürgerbüro");
  EXPECT_EQ(FromSpreadsheetText("'quoted on purpose"), "'quoted on purpose");
  EXPECT_EQ(FromSpreadsheetText("'"), "'");
}

}  // namespace
}  // namespace prio
