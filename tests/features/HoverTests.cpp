// hover(): what the editor shows over a field, a value, a heading, a body enum and a diagnostic.
// Fixtures mark the cursor with `$0` and the expected hover range with `[[...]]`.
#include "server/features/Hover.h"

#include "server/core/Schema.h"
#include "server/features/Diagnostics.h"
#include "tests/support/Annotations.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace session;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using features::hover;
using features::HoverResult;
using test::Annotations;

const core::Schema& schema() {
  return *core::builtinSchema();
}

std::optional<HoverResult> hoverAt(const Annotations& fixture,
                                   const std::vector<core::Diagnostic>& diagnostics = {}) {
  auto document = core::Document::parse(fixture.code());
  return hover(*document, fixture.cursor(), schema(), diagnostics);
}

/// The hover at the cursor, with the diagnostics the rules find in the fixture's text.
std::optional<HoverResult> hoverWithDiagnostics(const Annotations& fixture) {
  auto document = core::Document::parse(fixture.code());
  features::CheckContext context;
  context.schema = &schema();
  auto diagnostics = features::diagnose(*document, context);
  return hover(*document, fixture.cursor(), schema(), diagnostics);
}

core::ByteRange expectedRange(const Annotations& fixture) {
  test::MarkedRange range = fixture.range();
  return {range.begin, range.end};
}

using session::test::withCrlf;

TEST_CASE("hover on a field key: its documentation and allowed values", "[hover]") {
  SECTION("a closed enum") {
    Annotations fixture("---\ndate: 2026-11-27\n[[sta$0tus]]: ok\n---\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, StartsWith("**`status`** (required)"));
    CHECK_THAT(result->markdown, Contains("Allowed values:"));
    CHECK_THAT(result->markdown, Contains("- `weak`\n- `ok`\n- `mastered`"));
  }
  SECTION("the template comment is the documentation") {
    Annotations fixture("---\n[[duration_$0min]]: 30\n---\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, Contains("a non-negative integer"));
    CHECK_THAT(result->markdown, Contains("estimate is fine"));
  }
  SECTION("a nested key") {
    Annotations fixture("---\nevidence_targets:\n  [[sess$0ions]]: []\n---\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, StartsWith("**`evidence_targets.sessions`** (required)"));
    CHECK_THAT(result->markdown, Contains("keep this file path after saving"));
  }
  SECTION("an optional key, an open enum") {
    auto optional = hoverAt(Annotations("---\nstart_ti$0me: \"09:00\"\n---\n"));
    REQUIRE(optional);
    CHECK_THAT(optional->markdown, StartsWith("**`start_time`** (optional)"));
    auto module = hoverAt(Annotations("---\nmod$0ule: vLLM\n---\n"));
    REQUIRE(module);
    CHECK_THAT(module->markdown, Contains("Examples:"));
    CHECK_THAT(module->markdown, Contains("`DeepSpeed`"));
  }
  SECTION("a level field lists each level's meaning") {
    auto result = hoverAt(Annotations("---\nlevel_bef$0ore: L1\n---\n"));
    REQUIRE(result);
    CHECK_THAT(result->markdown, Contains("- `L0` — never met it"));
  }
  SECTION("the fenced yaml block, with CRLF") {
    Annotations fixture(withCrlf(
        "## YAML Metadata (Required)\n\n```yaml\n---\n[[goal_ty$0pe]]: research\n---\n```\n"));
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, Contains("`interview`"));
  }
  SECTION("a key the template does not know: nothing") {
    CHECK(!hoverAt(Annotations("---\nmoo$0d: happy\n---\n")));
  }
}

TEST_CASE("hover on a level value shows its meaning", "[hover]") {
  SECTION("plain") {
    Annotations fixture("---\nlevel_after: [[L$03]]\n---\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->markdown == "**L3** — can apply them alone on a real task");
    CHECK(result->range == expectedRange(fixture));
  }
  SECTION("a quoted level") {
    Annotations fixture("---\nlevel_after: [[\"L$03\"]]\n---\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->markdown == "**L3** — can apply them alone on a real task");
    CHECK(result->range == expectedRange(fixture));
  }
  SECTION("other values show the field") {
    auto result = hoverAt(Annotations("---\nstatus: mast$0ered\n---\n"));
    REQUIRE(result);
    CHECK_THAT(result->markdown, StartsWith("**`status`**"));
  }
  SECTION("in a comment after the value: nothing") {
    CHECK(!hoverAt(Annotations("---\nlevel_after: L3 # after to$0day\n---\n")));
  }
}

TEST_CASE("hover on a heading shows the section's rules", "[hover]") {
  SECTION("mandatory") {
    Annotations fixture("## [[5) Verif$0ication (MANDATORY)]]\n\n### 5.1 Verification task\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, StartsWith("**5) Verification (MANDATORY)**"));
    CHECK_THAT(result->markdown, Contains("Mandatory: its absence is an error."));
    CHECK_THAT(result->markdown, Contains("`5.1 Verification task`"));
  }
  SECTION("line and item limits, optional, may stay empty") {
    auto summary = hoverAt(Annotations("## 1) Session Sum$0mary (10 lines max)\n"));
    REQUIRE(summary);
    CHECK_THAT(summary->markdown, Contains("At most 10 non-blank lines."));
    auto plan = hoverAt(Annotations("#$0# 10) Next Session Plan (Max 3 items)\n"));
    REQUIRE(plan);
    CHECK_THAT(plan->markdown, Contains("At most 3 list items."));
    auto meta = hoverAt(Annotations("## 11) Meta Notes (Optional)$0\n"));
    REQUIRE(meta);
    CHECK_THAT(meta->markdown, Contains("- Optional."));
    auto lab = hoverAt(Annotations("## 6) Lab Art$0ifacts (If Any)\n"));
    REQUIRE(lab);
    CHECK_THAT(lab->markdown, Contains("May stay empty."));
  }
  SECTION("a question block") {
    Annotations fixture("## 3) Dialogue Log (Socratic Record)\n\n### [[Q1 — 한국어 😀 질$0문]]\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, Contains("Repeatable"));
  }
  SECTION("a bare `## ` being typed: nothing") {
    CHECK(!hoverAt(Annotations("## $0\n")));
    CHECK(!hoverAt(Annotations("### Q1 — x\n\n##$0\n")));
  }
  SECTION("a section the template does not have") {
    auto result = hoverAt(Annotations("## My own no$0tes\n"));
    REQUIRE(result);
    CHECK(result->markdown == "Not a section of the template.");
  }
}

TEST_CASE("hover on a body enum lists its values", "[hover]") {
  SECTION("the Verdict value") {
    Annotations fixture("### Q1 — x\n\n* **Verdict:** [[Par$0tial — needs review]]\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, StartsWith("**Verdict**: one of"));
    CHECK_THAT(result->markdown, Contains("- `Strong`\n- `Partial`\n- `Weak`"));
  }
  SECTION("the Verdict label") {
    Annotations fixture("* [[**Verd$0ict:**]] Strong\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
  }
  SECTION("a Level reached cell: the level's meaning") {
    Annotations fixture("| Capability | Level reached | Proof (links) |\n"
                        "| ---------- | ------------: | ------------- |\n"
                        "| 설명할 수 있다 😀 | [[L$02]] | x |\n");
    auto result = hoverAt(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK(result->markdown == "**L2** — " + schema().levelMeanings.at("L2"));
  }
  SECTION("a Severity cell and its header") {
    const char* table = "| Gap / Risk | Severity (H/M/L) | Symptom |\n"
                        "| ---------- | ---------------- | ------- |\n";
    auto cell = hoverAt(Annotations(std::string(table) + "| gap | [[$0H]] | x |\n"));
    REQUIRE(cell);
    CHECK_THAT(cell->markdown, Contains("- `H`\n- `M`\n- `L`"));
    auto header = hoverAt(Annotations("| Gap / Risk | Sev$0erity (H/M/L) | Symptom |\n"
                                      "| ---------- | ---------------- | ------- |\n"
                                      "| gap | H | x |\n"));
    REQUIRE(header);
    CHECK_THAT(header->markdown, StartsWith("**Severity**: one of"));
    CHECK(!hoverAt(Annotations(std::string(table) + "| gap | H | sympt$0om |\n")));
  }
}

TEST_CASE("hover over a diagnostic explains it first", "[hover]") {
  SECTION("an invalid enum value") {
    Annotations fixture("---\ndate: 2026-11-27\nstatus: [[maste$0rd]]\n---\n");
    auto result = hoverWithDiagnostics(fixture);
    REQUIRE(result);
    CHECK(result->range == expectedRange(fixture));
    CHECK_THAT(result->markdown, StartsWith("**invalid-enum**: "));
    CHECK_THAT(result->markdown, Contains("mastered"));
    // Then the field's own documentation, after a rule.
    auto rule = result->markdown.find("\n\n---\n\n**`status`**");
    CHECK(rule != std::string::npos);
  }
  SECTION("an invalid level in a table cell") {
    // With metadata: without any, only `missing-metadata` is reported (SPEC §3.1).
    Annotations fixture("---\nstatus: ok\n---\n\n## 8) What I Can Now Do (Evidence-Based)\n\n"
                        "| Capability | Level reached | Proof (links) |\n"
                        "| ---------- | ------------: | ------------- |\n"
                        "| I can x | [[L$09]] | y |\n");
    auto result = hoverWithDiagnostics(fixture);
    REQUIRE(result);
    CHECK_THAT(result->markdown, StartsWith("**invalid-body-enum**: "));
    CHECK(result->range == expectedRange(fixture));
  }
  SECTION("a diagnostic over prose: only the diagnostic, with its range") {
    core::Diagnostic diagnostic;
    diagnostic.code = "broken-link";
    diagnostic.message = "`lab/x.py` does not exist";
    Annotations fixture("Some prose [[lab/$0x.py]] here.\n");
    diagnostic.range = expectedRange(fixture);
    auto result = hoverAt(fixture, {diagnostic});
    REQUIRE(result);
    CHECK(result->markdown == "**broken-link**: `lab/x.py` does not exist");
    CHECK(result->range == expectedRange(fixture));
  }
}

TEST_CASE("hover in plain prose gives nothing", "[hover]") {
  CHECK(!hoverAt(Annotations("---\nstatus: ok\n---\n\n## 1) Session Summary\n\nSome te$0xt.\n")));
  CHECK(!hoverAt(Annotations("# 노트 제$0목\n")));
  CHECK(!hoverAt(Annotations("* **Task:** measure$0 it\n")));
  auto document = core::Document::parse("short");
  CHECK(!hover(*document, 100, schema(), {}));
}

} // namespace
