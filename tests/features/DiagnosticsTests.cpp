// diagnose(): the rule groups together, inline suppression comments, severity settings, and
// the rules that need other sessions (level-discontinuity).
#include "server/features/Diagnostics.h"

#include "tests/support/Annotations.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace session;
using session::test::Annotations;

namespace {

std::vector<core::Diagnostic> run(const std::string& text, features::CheckContext context = {}) {
  auto document = core::Document::parse(text);
  auto schema = core::builtinSchema();
  if (!context.schema)
    context.schema = schema.get();
  return features::diagnose(*document, context);
}

std::vector<core::Diagnostic> withCode(const std::vector<core::Diagnostic>& all,
                                       std::string_view code) {
  std::vector<core::Diagnostic> found;
  std::copy_if(all.begin(), all.end(), std::back_inserter(found),
               [&](const core::Diagnostic& diagnostic) { return diagnostic.code == code; });
  return found;
}

/// Front matter with two bad levels on separate lines, followed by \p body.
std::string sessionText(const std::string& between, const std::string& body = "") {
  return "---\ndate: 2026-11-20\nduration_min: 90\ntrack: 02-Infra-System\nmodule: vLLM\ntopic: "
         "Paging\n"
         "goal_type: production\nstatus: ok\n" +
         between +
         "evidence_targets:\n  sessions: []\n  tracks: []\n  lab: []\nrefs: []\ntags: "
         "[vllm]\n---\n" +
         body;
}

} // namespace

TEST_CASE("diagnose sorts every finding by position", "[diagnose]") {
  auto all = run(sessionText("level_before: L7\nlevel_after: L9\n"));
  REQUIRE(all.size() > 2);
  CHECK(std::is_sorted(all.begin(), all.end(),
                       [](const auto& a, const auto& b) { return a.range.begin < b.range.begin; }));
  CHECK(withCode(all, "invalid-enum").size() == 2);
}

TEST_CASE("session-lsp-disable-next-line silences one line, for the named code only",
          "[diagnose][suppress]") {
  std::string body = "## 7) Knowledge Gaps & Risk Register\n\n"
                     "<!-- session-lsp-disable-next-line invalid-body-enum -->\n"
                     "| Gap / Risk | Severity (H/M/L) |\n| --- | --- |\n| a | High |\n";
  // The comment names the table's header line, not the cell's line: the cell is still reported.
  auto all = run(sessionText("level_before: L1\nlevel_after: L2\n", body));
  CHECK(withCode(all, "invalid-body-enum").size() == 1);

  std::string onCell =
      "## 7) Knowledge Gaps & Risk Register\n\n| Gap / Risk | Severity (H/M/L) |\n| --- | --- |\n"
      "<!-- session-lsp-disable-next-line invalid-body-enum -->\n| a | High |\n| b | Huge |\n";
  all = run(sessionText("level_before: L1\nlevel_after: L2\n", onCell));
  auto enums = withCode(all, "invalid-body-enum");
  REQUIRE(enums.size() == 1);
}

TEST_CASE("session-lsp-disable / enable bracket a region", "[diagnose][suppress]") {
  auto table = [](const char* cell) {
    return std::string("| Gap / Risk | Severity (H/M/L) |\n| --- | --- |\n| a | ") + cell +
           " |\n\n";
  };
  std::string body = "## 7) Knowledge Gaps & Risk Register\n\n" + table("High") +
                     "<!-- session-lsp-disable invalid-body-enum -->\n\n" + table("Huge") +
                     "<!-- session-lsp-enable invalid-body-enum -->\n\n" + table("Vast");
  auto enums =
      withCode(run(sessionText("level_before: L1\nlevel_after: L2\n", body)), "invalid-body-enum");
  CHECK(enums.size() == 2); // High and Vast; Huge is silenced

  SECTION("a blanket disable with a partial enable brings back only the named code") {
    std::string partial =
        "## 7) Knowledge Gaps & Risk Register\n\n<!-- session-lsp-disable -->\n\n" + table("Huge") +
        "<!-- session-lsp-enable invalid-body-enum -->\n\n" + table("Vast");
    auto all = run(sessionText("level_before: L1\nlevel_after: L2\n", partial));
    CHECK(withCode(all, "invalid-body-enum").size() == 1);
    // Sections missing after the comment stay silenced: missing-section reports on headings
    // before or at the comment, so count only what lies after it.
  }
}

TEST_CASE("session-lsp-disable-file silences a code everywhere, or everything",
          "[diagnose][suppress]") {
  auto text = sessionText("level_before: L7\nlevel_after: L9\n",
                          "<!-- session-lsp-disable-file invalid-enum -->\n");
  auto all = run(text);
  CHECK(withCode(all, "invalid-enum").empty());
  CHECK_FALSE(withCode(all, "missing-section").empty());

  auto everything = run(
      sessionText("level_before: L7\nlevel_after: L9\n", "<!-- session-lsp-disable-file -->\n"));
  CHECK(everything.empty());
}

TEST_CASE("severity settings change a code's severity or switch it off", "[diagnose][settings]") {
  features::CheckContext context;
  context.severityOverrides["invalid-enum"] = core::Severity::Hint;
  context.severityOverrides["missing-section"] = std::nullopt;
  auto all = run(sessionText("level_before: L1\nlevel_after: L9\n"), context);
  auto enums = withCode(all, "invalid-enum");
  REQUIRE(enums.size() == 1);
  CHECK(enums[0].severity == core::Severity::Hint);
  CHECK(withCode(all, "missing-section").empty());
}

TEST_CASE("invalid UTF-8 is reported once, at its first bad byte, and the rules go on",
          "[diagnose][robust]") {
  auto text = sessionText("level_before: L1\nlevel_after: L9\ntopic: caf\xC3 x \xFF\n");
  auto all = run(text);
  auto encoding = withCode(all, "invalid-utf8");
  REQUIRE(encoding.size() == 1);
  CHECK(encoding[0].range.begin == text.find('\xC3'));
  CHECK(encoding[0].range.end == encoding[0].range.begin + 1);
  CHECK(encoding[0].severity == core::Severity::Warning);
  CHECK(encoding[0].message.find("UTF-8") != std::string::npos);
  CHECK(withCode(all, "invalid-enum").size() == 1);
}

TEST_CASE("bad input stops the analysis with one clear problem", "[diagnose][robust]") {
  auto binary = run(std::string("---\ndate: 2026-11-20\n\0\x01\x02", 24));
  REQUIRE(binary.size() == 1);
  CHECK(binary[0].code == "binary-file");

  auto empty = run("");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].code == "missing-metadata");

  std::string deep = "---\nx: " + std::string(10000, '[') + "\n---\n";
  auto nested = run(deep);
  CHECK(withCode(nested, "yaml-syntax").size() == 1);
  CHECK(withCode(nested, "missing-field").empty()); // no field-level findings after yaml-syntax
}

TEST_CASE("level-discontinuity compares level_before with the previous session's level_after",
          "[diagnose][progress]") {
  Annotations fixture(sessionText("level_before: [[L1]]\nlevel_after: L2\n"));
  features::CheckContext context;
  context.previousSession =
      features::CheckContext::PreviousSession{"sessions/a.md", "2026-11-18", "L2"};
  auto found = withCode(run(fixture.code(), context), "level-discontinuity");
  REQUIRE(found.size() == 1);
  CHECK(found[0].range.begin == fixture.range().begin);
  CHECK(found[0].range.end == fixture.range().end);
  CHECK(found[0].severity == core::Severity::Information);
  CHECK(found[0].message.find("sessions/a.md") != std::string::npos);

  SECTION(
      "no report when the levels agree, or without a previous session, or with an invalid level") {
    context.previousSession->levelAfter = "L1";
    CHECK(withCode(run(fixture.code(), context), "level-discontinuity").empty());
    CHECK(withCode(run(fixture.code()), "level-discontinuity").empty());
    context.previousSession->levelAfter = "L8";
    CHECK(withCode(run(fixture.code(), context), "level-discontinuity").empty());
  }
}

TEST_CASE("a template with a new track changes what is valid", "[diagnose][schema]") {
  std::string seed(core::seedTemplateText());
  std::string custom = seed;
  auto line = custom.find("04-Interview");
  REQUIRE(line != std::string::npos);
  custom.insert(line + std::string("04-Interview").size(), " | 05-Agents");
  auto customSchema = core::parseSchema(custom);

  auto text = sessionText("level_before: L1\nlevel_after: L2\n");
  auto replaced = text.replace(text.find("02-Infra-System"), 15, "05-Agents");
  features::CheckContext withSeed;
  CHECK(withCode(run(replaced, withSeed), "invalid-enum").size() == 1);

  features::CheckContext withCustom;
  withCustom.schema = &customSchema;
  CHECK(withCode(run(replaced, withCustom), "invalid-enum").empty());
}

TEST_CASE("Every diagnostic code links a rule page that exists", "[diagnose][docs]") {
  for (const char* code :
       {"yaml-syntax",         "missing-metadata", "missing-field",         "unknown-field",
        "invalid-enum",        "unknown-module",   "invalid-date",          "invalid-time",
        "invalid-type",        "placeholder",      "empty-field",           "missing-section",
        "duplicate-section",   "section-order",    "section-too-long",      "too-many-items",
        "invalid-body-enum",   "broken-link",      "missing-self-evidence", "filename-convention",
        "filename-mismatch",   "level-regression", "unverified-claim",      "failed-without-reason",
        "level-discontinuity", "invalid-utf8",     "binary-file",           "file-too-large"}) {
    INFO(code);
    auto url = features::ruleDocumentationUrl(code);
    std::string page = std::string("/docs/rules/") + code + ".md";
    CHECK(url.ends_with(page));
    CHECK(std::ifstream(std::string(SESSION_LSP_SOURCE_DIR) + page).good());
  }
}

TEST_CASE("session-lsp-disable-line silences its own line; codes are case-insensitive",
          "[diagnose][suppress]") {
  std::string table =
      "## 7) Knowledge Gaps & Risk Register\n\n| Gap / Risk | Severity (H/M/L) |\n| --- | --- |\n";
  auto body =
      table + "| a | High <!-- session-lsp-disable-line invalid-body-enum --> |\n| b | Huge |\n";
  CHECK(withCode(run(sessionText("level_before: L1\nlevel_after: L2\n", body)), "invalid-body-enum")
            .size() == 1);

  auto upper = table + "<!-- session-lsp-disable-next-line INVALID-BODY-ENUM -->\n| a | High |\n";
  CHECK(
      withCode(run(sessionText("level_before: L1\nlevel_after: L2\n", upper)), "invalid-body-enum")
          .empty());
}
