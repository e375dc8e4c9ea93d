// documentSymbols: the outline of a session. Fixtures mark each expected range by name:
// `$s1[[...]]` is a symbol's range, `$s1text[[...]]` its selectionRange.
#include "server/features/DocumentSymbols.h"

#include "server/core/Schema.h"
#include "tests/support/Annotations.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace session;
using features::documentSymbols;
using features::OutlineKind;
using features::OutlineSymbol;
using test::Annotations;

core::ByteRange named(const Annotations& fixture, const std::string& name) {
  test::MarkedRange range = fixture.range(name);
  return {range.begin, range.end};
}

using session::test::withCrlf;

std::vector<std::string> namesOf(const std::vector<OutlineSymbol>& symbols) {
  std::vector<std::string> names;
  for (const OutlineSymbol& symbol : symbols)
    names.push_back(symbol.name);
  return names;
}

/// The LSP invariants: selectionRange inside range, children inside their parent, siblings in
/// document order, no empty name.
void checkWellFormed(const std::vector<OutlineSymbol>& symbols, core::ByteRange parent,
                     size_t textSize) {
  uint32_t previousBegin = 0;
  for (const OutlineSymbol& symbol : symbols) {
    INFO(symbol.name);
    CHECK(!symbol.name.empty());
    CHECK(symbol.range.begin <= symbol.range.end);
    CHECK(symbol.range.end <= textSize);
    CHECK(symbol.range.begin >= parent.begin);
    CHECK(symbol.range.end <= parent.end);
    CHECK(symbol.selectionRange.begin >= symbol.range.begin);
    CHECK(symbol.selectionRange.end <= symbol.range.end);
    CHECK(symbol.range.begin >= previousBegin);
    CHECK(core::isValidUtf8(symbol.detail));
    previousBegin = symbol.range.begin;
    checkWellFormed(symbol.children, symbol.range, textSize);
  }
}

void checkWellFormed(const core::Document& document) {
  auto size = static_cast<uint32_t>(document.text().size());
  checkWellFormed(documentSymbols(document), {0, size}, size);
}

void checkHeading(const OutlineSymbol& symbol, const Annotations& fixture, const std::string& name,
                  OutlineKind kind) {
  INFO(name << ": " << symbol.name);
  CHECK(symbol.kind == kind);
  CHECK(symbol.range == named(fixture, name));
  CHECK(symbol.selectionRange == named(fixture, name + "text"));
  std::string_view text(fixture.code());
  core::ByteRange selection = named(fixture, name + "text");
  CHECK(symbol.name == text.substr(selection.begin, selection.end - selection.begin));
}

const char* const kFrontMatterSession = R"($meta[[$metatext[[---]]
$date[[$datetext[[date]]: 2026-11-20]]
$targets[[$targetstext[[evidence_targets]]:
  $sessionstext[[sessions]]: [a.md, b.md]
  $lab[[$labtext[[lab]]: lab/bench.py]]]]
$topic[[$topictext[[topic]]: "Paged   attention"]]
tags: [vllm, kv-cache]
---]]

$title[[# $titletext[[Paged attention]]

> Why the KV cache is paged.]]

---

$s1[[## $s1text[[1) Session Summary (10 lines max)]]

* **Why today (context):** curiosity]]

---

$s3[[## $s3text[[3) Dialogue Log (Socratic Record)]]

> Keep this section faithful.

$q1[[### $q1text[[Q1 — Block tables]]

* **My question (verbatim):** Why are blocks 16 tokens?
* **Verdict:** Strong]]

---

$q2[[### $q2text[[Q2 — Copy on write]]

* **My question (verbatim):**
* **Verdict:** Partial]]]]

---

$s5[[## $s5text[[5) Verification (MANDATORY)]]

$s51[[### $s51text[[5.1 Verification task]]

* **Task:** run the bench]]]]

)";

TEST_CASE("Outline of a session with front matter", "[symbols]") {
  Annotations fixture(kFrontMatterSession);
  auto document = core::Document::parse(fixture.code());
  REQUIRE(document->metadata.parsed);
  std::vector<OutlineSymbol> outline = documentSymbols(*document);

  REQUIRE(namesOf(outline) == std::vector<std::string>{"Metadata", "Paged attention",
                                                       "1) Session Summary (10 lines max)",
                                                       "3) Dialogue Log (Socratic Record)",
                                                       "5) Verification (MANDATORY)"});
  const OutlineSymbol& metadata = outline[0];
  CHECK(metadata.kind == OutlineKind::Metadata);
  CHECK(metadata.range == named(fixture, "meta"));
  CHECK(metadata.selectionRange == named(fixture, "metatext"));
  CHECK(metadata.detail.empty());

  // A `##` after the `# Title` does not nest under it; the title keeps its preamble and drops
  // the `---` separator.
  checkHeading(outline[1], fixture, "title", OutlineKind::Section);
  CHECK(outline[1].children.empty());
  checkHeading(outline[2], fixture, "s1", OutlineKind::Section);
  checkHeading(outline[3], fixture, "s3", OutlineKind::Section);
  checkHeading(outline[4], fixture, "s5", OutlineKind::Section);
  CHECK(outline[2].detail.empty());

  REQUIRE(outline[3].children.size() == 2);
  checkHeading(outline[3].children[0], fixture, "q1", OutlineKind::Question);
  CHECK(outline[3].children[0].detail == "Why are blocks 16 tokens?");
  checkHeading(outline[3].children[1], fixture, "q2", OutlineKind::Question);
  CHECK(outline[3].children[1].detail.empty()); // the question bullet is still empty
  REQUIRE(outline[4].children.size() == 1);
  checkHeading(outline[4].children[0], fixture, "s51", OutlineKind::Subsection);
  CHECK(outline[4].children[0].detail.empty());

  checkWellFormed(*document);
}

TEST_CASE("Metadata fields and their values", "[symbols]") {
  Annotations fixture(kFrontMatterSession);
  auto document = core::Document::parse(fixture.code());
  const OutlineSymbol metadata = documentSymbols(*document).at(0);
  REQUIRE(namesOf(metadata.children) ==
          std::vector<std::string>{"date", "evidence_targets", "topic", "tags"});
  for (const OutlineSymbol& field : metadata.children)
    CHECK(field.kind == OutlineKind::Field);

  const OutlineSymbol& date = metadata.children[0];
  CHECK(date.range == named(fixture, "date"));
  CHECK(date.selectionRange == named(fixture, "datetext"));
  CHECK(date.detail == "2026-11-20");
  CHECK(date.children.empty());

  const OutlineSymbol& targets = metadata.children[1];
  CHECK(targets.range == named(fixture, "targets"));
  CHECK(targets.selectionRange == named(fixture, "targetstext"));
  CHECK(targets.detail.empty()); // a mapping: its keys are children instead
  REQUIRE(namesOf(targets.children) == std::vector<std::string>{"sessions", "lab"});
  CHECK(targets.children[0].selectionRange == named(fixture, "sessionstext"));
  CHECK(targets.children[0].range.begin == named(fixture, "sessionstext").begin);
  CHECK(targets.children[0].detail == "[a.md, b.md]");
  CHECK(targets.children[1].range == named(fixture, "lab"));
  CHECK(targets.children[1].selectionRange == named(fixture, "labtext"));
  CHECK(targets.children[1].detail == "lab/bench.py");

  // A quoted scalar: the range keeps the quotes, the detail is the value on one line.
  CHECK(metadata.children[2].range == named(fixture, "topic"));
  CHECK(metadata.children[2].detail == "Paged attention");
  CHECK(metadata.children[3].detail == "[vllm, kv-cache]");
}

// The template's placement, CRLF line ends, Korean and emoji before and inside headings.
const char* const kFencedSession = R"($title[[# $titletext[[세션 노트 🚀 — 페이지 어텐션]]

메모: 한국어 텍스트와 이모지 🧠🔥 가 제목 앞에 있다.]]

---

$yaml[[## $yamltext[[YAML Metadata (Required)]]

$meta[[$metatext[[```yaml]]
---
$topic[[$topictext[[topic]]: 페이지 어텐션 🧠]]
$status[[$statustext[[status]]: ok]]
---
````]]]]

---

$s3[[## $s3text[[3) Dialogue Log (Socratic Record)]]

$q1[[### $q1text[[Q1 — 왜 블록인가? 🤔]]

* **My question (verbatim):** 블록 크기는 왜 16인가? 🧱
* **Verdict:** Strong]]]]
)";

TEST_CASE("Outline of a template-style session with CRLF, Korean and emoji", "[symbols]") {
  Annotations fixture(withCrlf(kFencedSession));
  REQUIRE(fixture.code().find("\r\n") != std::string::npos);
  auto document = core::Document::parse(fixture.code());
  REQUIRE(document->metadata.placement == core::MetadataPlacement::FencedBlock);
  REQUIRE(document->metadata.parsed);
  std::vector<OutlineSymbol> outline = documentSymbols(*document);

  REQUIRE(outline.size() == 3);
  checkHeading(outline[0], fixture, "title", OutlineKind::Section);
  checkHeading(outline[1], fixture, "yaml", OutlineKind::Section);
  checkHeading(outline[2], fixture, "s3", OutlineKind::Section);

  // The fenced block is a child of the section that holds it.
  REQUIRE(outline[1].children.size() == 1);
  const OutlineSymbol& metadata = outline[1].children[0];
  CHECK(metadata.kind == OutlineKind::Metadata);
  CHECK(metadata.range == named(fixture, "meta"));
  CHECK(metadata.selectionRange == named(fixture, "metatext"));
  REQUIRE(namesOf(metadata.children) == std::vector<std::string>{"topic", "status"});
  CHECK(metadata.children[0].range == named(fixture, "topic"));
  CHECK(metadata.children[0].selectionRange == named(fixture, "topictext"));
  CHECK(metadata.children[0].detail == "페이지 어텐션 🧠");
  CHECK(metadata.children[1].range == named(fixture, "status"));
  CHECK(metadata.children[1].selectionRange == named(fixture, "statustext"));

  REQUIRE(outline[2].children.size() == 1);
  checkHeading(outline[2].children[0], fixture, "q1", OutlineKind::Question);
  CHECK(outline[2].children[0].detail == "블록 크기는 왜 16인가? 🧱");
  checkWellFormed(*document);
}

TEST_CASE("Metadata that does not parse is listed without fields", "[symbols]") {
  Annotations fixture(R"($meta[[$metatext[[---]]
date: [2026-11-20
topic: broken
---]]

$s1[[## $s1text[[1) Session Summary]]

* **Why today (context):** x]]
)");
  auto document = core::Document::parse(fixture.code());
  REQUIRE_FALSE(document->metadata.parsed);
  std::vector<OutlineSymbol> outline = documentSymbols(*document);
  REQUIRE(outline.size() == 2);
  CHECK(outline[0].kind == OutlineKind::Metadata);
  CHECK(outline[0].range == named(fixture, "meta"));
  CHECK(outline[0].selectionRange == named(fixture, "metatext"));
  CHECK(outline[0].children.empty());
  checkHeading(outline[1], fixture, "s1", OutlineKind::Section);
}

TEST_CASE("A BOM before front matter", "[symbols]") {
  Annotations fixture("\xEF\xBB\xBF$meta[[$metatext[[---]]\ndate: 2026-11-20\n---]]\n\n"
                      "$s1[[## $s1text[[Notes]]\ntext]]\n");
  auto document = core::Document::parse(fixture.code());
  std::vector<OutlineSymbol> outline = documentSymbols(*document);
  REQUIRE(outline.size() == 2);
  CHECK(outline[0].range == named(fixture, "meta"));
  CHECK(outline[0].selectionRange == named(fixture, "metatext"));
  REQUIRE(outline[0].children.size() == 1);
  checkHeading(outline[1], fixture, "s1", OutlineKind::Section);
}

TEST_CASE("Headings the outline leaves out or renames", "[symbols]") {
  Annotations fixture(R"(> # Quoted title

- # Title in a list item

$s1[[## $s1text[[]]

#### Deep heading
text]]

$setext[[$setexttext[[Setext title]]
============

body]]
)");
  auto document = core::Document::parse(fixture.code());
  std::vector<OutlineSymbol> outline = documentSymbols(*document);
  REQUIRE(outline.size() == 2);
  // `##` alone: an LSP client rejects an empty name.
  CHECK(outline[0].name == "(empty heading)");
  CHECK(outline[0].range == named(fixture, "s1"));
  CHECK(outline[0].selectionRange == named(fixture, "s1text"));
  CHECK(outline[0].children.empty()); // `####` is not listed
  CHECK(outline[1].name == "Setext title");
  CHECK(outline[1].range == named(fixture, "setext"));
  CHECK(outline[1].selectionRange == named(fixture, "setexttext"));
  checkWellFormed(*document);
}

TEST_CASE("Long details are cut on one line without splitting a character", "[symbols]") {
  std::string longTopic;
  for (int i = 0; i < 30; ++i)
    longTopic += "어텐션 ";
  auto document = core::Document::parse("---\ntopic: |\n  first line\n  " + longTopic +
                                        "\ntags: [a, b]\n---\n");
  std::vector<OutlineSymbol> outline = documentSymbols(*document);
  REQUIRE(outline.size() == 1);
  REQUIRE(outline[0].children.size() == 2);
  const std::string& detail = outline[0].children[0].detail;
  CHECK(detail.starts_with("first line 어텐션 어텐션"));
  CHECK(detail.ends_with("…"));
  CHECK(detail.find('\n') == std::string::npos);
  CHECK(detail.size() <= 80 + std::string("…").size());
  CHECK(core::isValidUtf8(detail));
}

TEST_CASE("The seed template's outline", "[symbols]") {
  auto document = core::Document::parse(std::string(core::seedTemplateText()));
  std::vector<OutlineSymbol> outline = documentSymbols(*document);
  REQUIRE(outline.size() == 13); // the title, YAML Metadata and sections 1 to 11
  CHECK(outline[0].name == "SESSION-TEMPLATE.md — LLM-Study");
  CHECK(outline[1].name == "YAML Metadata (Required)");
  REQUIRE(outline[1].children.size() == 1);
  const OutlineSymbol& metadata = outline[1].children[0];
  CHECK(metadata.kind == OutlineKind::Metadata);
  CHECK(metadata.children.size() == 13);
  CHECK(outline[12].name == "11) Meta Notes (Optional)");

  const OutlineSymbol& dialogue = outline[4];
  CHECK(dialogue.name == "3) Dialogue Log (Socratic Record)");
  REQUIRE(dialogue.children.size() == 2);
  CHECK(dialogue.children[0].kind == OutlineKind::Question);
  CHECK(dialogue.children[0].name == "Q1 — [Question / Topic]");
  CHECK(dialogue.children[1].kind == OutlineKind::Question);
  CHECK(outline[6].children.size() == 2); // 5.1 and 5.2
  CHECK(outline[6].children[1].kind == OutlineKind::Subsection);
  // Sections end before the `---` separator: the text after each one's range starts with
  // blank lines, then the rule.
  std::string_view text = document->text();
  for (size_t i = 1; i + 1 < outline.size(); ++i) {
    INFO(outline[i].name);
    CHECK(text.substr(outline[i].range.end, 7) == "\n\n---\n\n");
  }
  checkWellFormed(*document);
}

TEST_CASE("Odd inputs give a well-formed outline", "[symbols]") {
  for (std::string text : {"", "#", "##", "---", "---\n", "```yaml\n---\na: 1\n", "## A\n```\n",
                           "## A\n---\n", "Title\n---\n## B\n", "### Orphan\n## A\n### B\n",
                           "\xEF\xBB\xBF", "\r\n\r\n## A\r\n\r\n---\r\n"}) {
    INFO(text);
    auto document = core::Document::parse(text);
    checkWellFormed(*document);
  }
}

} // namespace
