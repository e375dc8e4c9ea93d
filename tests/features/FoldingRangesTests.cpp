// foldingRanges: sections, Q blocks, metadata, multi-line comments and tables, by line.
#include "server/features/FoldingRanges.h"

#include "server/core/Schema.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace session;
using features::foldingRanges;
using features::FoldingRegion;
using Kind = FoldingRegion::Kind;

using session::test::withCrlf;

/// "start-end" per region, `c` marking a comment: compact and readable in a failed CHECK.
std::string describe(const std::vector<FoldingRegion>& regions) {
  std::ostringstream out;
  for (const FoldingRegion& region : regions)
    out << region.startLine << "-" << region.endLine << (region.kind == Kind::Comment ? "c" : "")
        << " ";
  return out.str();
}

std::string foldsOf(const std::string& text) {
  return describe(foldingRanges(*core::Document::parse(text)));
}

// Line numbers on the right are 0-based, as in LSP.
const char* const kSession = R"(---
date: 2026-11-20
---

# Title

> intro

---

## 1) Session Summary

<!-- a
multi-line comment -->
<!-- one line -->

| A | B |
| --- | --- |
| 1 | 2 |

---

## 3) Dialogue Log

### Q1 — First

* **My question (verbatim):** why?

### Q2 — Second
* **My question (verbatim):** how?

---

## 11) Meta Notes (Optional)
)";
//  0-2 metadata, 4-6 title (the `---` on 8 stays out), 10-18 section 1, 12-13 comment,
// 16-18 table, 22-29 section 3, 24-26 Q1, 28-29 Q2; section 11 is one line: no fold.
const char* const kSessionFolds = "0-2 4-6 10-18 12-13c 16-18 22-29 24-26 28-29 ";

TEST_CASE("Folds of a session with front matter", "[folding]") {
  CHECK(foldsOf(kSession) == kSessionFolds);
}

TEST_CASE("CRLF line ends fold the same lines", "[folding]") {
  CHECK(foldsOf(withCrlf(kSession)) == kSessionFolds);
}

TEST_CASE("The template's fenced metadata, after Korean and emoji text", "[folding]") {
  const char* text = R"(# 세션 노트 🚀
메모: 한국어와 이모지 🧠🔥

## YAML Metadata (Required)

```yaml
---
topic: 페이지 어텐션 🧠
---
````

## 3) 대화 기록 🗣️
* **My question (verbatim):** 왜? 🤔
)";
  // 0-1 title, 3-9 YAML section, 5-9 the block from its fence to the closing fence, 11-12.
  CHECK(foldsOf(text) == "0-1 3-9 5-9 11-12 ");
  CHECK(foldsOf(withCrlf(text)) == "0-1 3-9 5-9 11-12 ");
}

TEST_CASE("Metadata that does not parse still folds", "[folding]") {
  auto document = core::Document::parse("---\ndate: [2026\ntopic: x\n---\n\n## A\ntext\n");
  REQUIRE_FALSE(document->metadata.parsed);
  CHECK(describe(foldingRanges(*document)) == "0-3 5-6 ");
}

TEST_CASE("Nothing one line long folds", "[folding]") {
  CHECK(foldsOf("## A\n\n---\n\n## B\n## C\n\n\n").empty());
  CHECK(foldsOf("<!-- one line -->\n").empty());
  // A table has at least its header and delimiter rows: two lines fold.
  CHECK(foldsOf("<!-- one line -->\n\n| A |\n| --- |\n") == "2-3 ");
  CHECK(foldsOf("").empty());
  CHECK(foldsOf("#").empty());
}

TEST_CASE("A section that ends the file without a final newline", "[folding]") {
  CHECK(foldsOf("## A\n\n* x\n* y") == "0-3 ");
  CHECK(foldsOf("## A\r\n\r\n* x\r\n* y\r\n\r\n") == "0-3 ");
}

TEST_CASE("The seed template folds every section, Q block and table", "[folding]") {
  auto document = core::Document::parse(std::string(core::seedTemplateText()));
  std::vector<FoldingRegion> regions = foldingRanges(*document);
  const core::LineIndex& lines = document->lines();
  size_t comments = 0;
  for (size_t i = 0; i < regions.size(); ++i) {
    const FoldingRegion& region = regions[i];
    INFO(region.startLine << "-" << region.endLine);
    CHECK(region.endLine > region.startLine);
    CHECK(region.endLine < lines.lineCount());
    // A fold never ends on a blank line or on the `---` separator.
    std::string_view last = lines.lineText(region.endLine);
    CHECK(!last.empty());
    CHECK(last != "---");
    if (i > 0) {
      const FoldingRegion& previous = regions[i - 1];
      CHECK((previous.startLine < region.startLine ||
             (previous.startLine == region.startLine && previous.endLine > region.endLine)));
    }
    if (region.kind == Kind::Comment)
      ++comments;
  }
  CHECK(comments == 0);
  // 12 `#`/`##` headings, 13 `###` (Q1 and Q2 among them), the metadata block, 2 tables.
  CHECK(regions.size() == 12 + 13 + 1 + 2);
  auto startsAt = [&](std::string_view lineText) {
    for (const FoldingRegion& region : regions)
      if (lines.lineText(region.startLine) == lineText)
        return true;
    return false;
  };
  CHECK(startsAt("### Q1 — [Question / Topic]"));
  CHECK(startsAt("### Q2 — [Question / Topic]"));
  CHECK(startsAt("```yaml"));
  CHECK(startsAt("| Capability | Level reached | Proof (links)              |"));
}

} // namespace
