// The markdown body model (headings, sections, bullets, tables, comments, references) and
// Document::parse on bad input.
#include "server/core/Document.h"

#include "tests/support/Annotations.h"

#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <sstream>

using namespace session::core;
using session::test::Annotations;
using session::test::MarkedRange;
using namespace std::string_literals;

namespace {

// Time limits hold for optimised builds; sanitizer and debug builds are many times slower.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr double kSlowdown = 1.0;
#else
constexpr double kSlowdown = 20.0;
#endif

ByteRange toRange(MarkedRange range) {
  return {range.begin, range.end};
}

ByteRange rangeOf(const std::string& text, std::string_view needle, size_t from = 0) {
  size_t at = text.find(needle, from);
  REQUIRE(at != std::string::npos);
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

std::string slice(const Document& document, ByteRange range) {
  return document.text().substr(range.begin, range.end - range.begin);
}

std::string readTemplate() {
  std::ifstream in(SESSION_LSP_SOURCE_DIR "/server/core/SESSION-TEMPLATE.md", std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

const LabelledBullet* bulletLabelled(const Document& document, std::string_view label) {
  for (const LabelledBullet& bullet : document.bullets)
    if (bullet.label == label)
      return &bullet;
  return nullptr;
}

} // namespace

TEST_CASE("The seed template parses completely", "[document]") {
  std::string text = readTemplate();
  REQUIRE_FALSE(text.empty());
  auto document = Document::parse(text);
  CHECK(document->problems.empty());
  REQUIRE(document->metadata.placement == MetadataPlacement::FencedBlock);
  CHECK(document->metadata.parsed);
  CHECK(document->metadata.entries.size() == 13);
  CHECK(document->metadata.firstLine == rangeOf(text, "```yaml"));
  CHECK(document->metadata.blockRange.end == rangeOf(text, "````").end);
  CHECK(document->metadata.find("track")->value.scalar ==
        "01-Frameworks | 02-Infra-System | 03-Theory-Paper | 04-Interview");
  CHECK(document->metadata.find("refs")->value.kind == YamlNode::Kind::Sequence);

  REQUIRE(document->sections.size() == 12);
  CHECK(document->sections[0].heading.text == "YAML Metadata (Required)");
  CHECK(document->sections[1].heading.text == "1) Session Summary (10 lines max)");
  CHECK(document->sections[1].countedLines.size() == 5);
  CHECK(document->sections[1].topLevelItems.size() == 5);
  CHECK(document->sections[11].heading.text == "11) Meta Notes (Optional)");
  CHECK(document->sections[3].subsections.size() == 2); // Q1, Q2
  CHECK(document->sections[5].subsections[1].heading.text == "5.2 Result");

  const LabelledBullet* verdict = bulletLabelled(*document, "Verdict");
  REQUIRE(verdict);
  CHECK(verdict->value == "Strong / Partial / Weak");
  const LabelledBullet* results = bulletLabelled(*document, "RESULTS.md updated");
  REQUIRE(results);
  CHECK(results->value == "Yes / No");
  CHECK(bulletLabelled(*document, "Next #1") != nullptr);

  REQUIRE(document->tables.size() == 2);
  CHECK(document->tables[0].header[1].text == "Severity (H/M/L)");
  REQUIRE(document->tables[0].rows.size() == 1);
  CHECK(document->tables[0].rows[0][1].text.empty());
  CHECK(document->tables[1].rows[0][1].text == "L?");
}

TEST_CASE("Headings: levels, text ranges, closing hashes, code fences ignored", "[document]") {
  Annotations fixture(R"(# $one[[Title]]

## $two[[2) Section]] ##

```md
## Not a heading
```

~~~
# Nor this
~~~

### $three[[3.1 Sub]]
Setext
------
)");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->headings.size() == 4);
  CHECK(document->headings[0].level == 1);
  CHECK(document->headings[0].textRange == toRange(fixture.range("one")));
  CHECK(document->headings[0].lineRange == ByteRange{0, 7});
  CHECK(document->headings[1].text == "2) Section");
  CHECK(document->headings[1].textRange == toRange(fixture.range("two")));
  CHECK(document->headings[1].line == 2);
  CHECK(document->headings[2].level == 3);
  CHECK(document->headings[2].textRange == toRange(fixture.range("three")));
  CHECK(document->headings[3].level == 2);
  CHECK(document->headings[3].text == "Setext");
}

TEST_CASE("Sections, subsections, counted lines and top-level items", "[document]") {
  Annotations fixture(R"(# Title

$s1[[## 1) Summary (3 lines max)

$i1[[* one]]
$i2[[* two
  continued
  * nested]]
<!-- a note
spanning lines -->

---

]]$s2[[## 2) Next

Prose <!-- inline --> here.

$sub[[### 2.1 Sub

$i3[[1. first]]
]]]]# Top
)");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->sections.size() == 2);
  const Section& summary = document->sections[0];
  CHECK(summary.range == toRange(fixture.range("s1")));
  CHECK(summary.heading.text == "1) Summary (3 lines max)");
  CHECK(summary.bodyRange.begin == document->lines().lineStart(summary.heading.line + 1));
  CHECK(summary.bodyRange.end == summary.range.end);
  // one, two, continued, nested; not the comment lines, the rule or blanks.
  CHECK(summary.countedLines == std::vector<uint32_t>{4, 5, 6, 7});
  REQUIRE(summary.topLevelItems.size() == 2);
  CHECK(summary.topLevelItems[0] == toRange(fixture.range("i1")));
  CHECK(summary.topLevelItems[1] == toRange(fixture.range("i2")));

  const Section& next = document->sections[1];
  CHECK(next.range.begin == toRange(fixture.range("s2")).begin);
  CHECK(next.range.end == rangeOf(fixture.code(), "# Top").begin);
  CHECK(next.countedLines.size() == 3); // prose, sub heading, item
  REQUIRE(next.subsections.size() == 1);
  const Section& sub = next.subsections[0];
  CHECK(sub.heading.text == "2.1 Sub");
  CHECK(sub.range == toRange(fixture.range("sub")));
  REQUIRE(sub.topLevelItems.size() == 1);
  CHECK(sub.topLevelItems[0] == toRange(fixture.range("i3")));
  CHECK(next.topLevelItems.size() == 1);
}

TEST_CASE("Labelled bullets", "[document]") {
  Annotations fixture(R"(## S

* $l1[[**Outcome (pass/fail vs goal):**]] $v1[[passed, 2x faster]]  
* $l2[[**RESULTS.md updated?**]] $v2[[Yes]]
* [ ] $l3[[**Next #1:**]] $v3[[write the kernel]]
- [x] $l4[[**Done:**]]$v4[[]]
* $l5[[**Fact:**]] $v5[[…]]

  * $l6[[**Source:**]] $v6[[`paper.pdf`]]
* **Not a label** text
* plain: not bold
1. $l7[[**Ordered:**]]$v7[[]]
)");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->bullets.size() == 7);
  const char* names[] = {"1", "2", "3", "4", "5", "6", "7"};
  for (int i = 0; i < 7; ++i) {
    INFO("bullet " << i);
    CHECK(document->bullets[i].labelRange == toRange(fixture.range(std::string("l") + names[i])));
    CHECK(document->bullets[i].valueRange == toRange(fixture.range(std::string("v") + names[i])));
  }
  CHECK(document->bullets[0].label == "Outcome (pass/fail vs goal)");
  CHECK(document->bullets[0].value == "passed, 2x faster");
  CHECK(document->bullets[1].label == "RESULTS.md updated");
  CHECK(document->bullets[2].label == "Next #1");
  CHECK(document->bullets[3].value.empty());
  CHECK(document->bullets[4].hasNestedItems);
  CHECK(document->bullets[4].depth == 0);
  CHECK_FALSE(document->bullets[5].hasNestedItems);
  CHECK(document->bullets[5].depth == 1);
  CHECK(document->bullets[5].value == "`paper.pdf`");
  CHECK(slice(*document, document->bullets[2].lineRange) == "* [ ] **Next #1:** write the kernel");
}

TEST_CASE("Labelled bullets know about text past their first line", "[document]") {
  auto document = Document::parse(R"(## S

* **Continued:**
  Walked through the allocator.
* **Lazy:**
continued without indent
* **Paragraph:**

  Run the bench
* **Code:**

  ```sh
  python bench.py
  ```
* **Comment:** <!-- TODO -->
* **Comment below:**
  <!-- TODO:
  later -->
* **Comment block:**

  <!-- TODO -->
* **Nested:**
  * an item
* **Value:** on the first line
* **Empty:**
* plain item
  * **Inner:**
  more inner text
)");
  auto more = [&](std::string_view label) {
    const LabelledBullet* bullet = bulletLabelled(*document, label);
    REQUIRE(bullet);
    return bullet->hasMoreText;
  };
  CHECK(more("Continued"));
  CHECK(more("Lazy"));
  CHECK(more("Paragraph"));
  CHECK(more("Code"));
  CHECK(bulletLabelled(*document, "Continued")->value.empty());
  CHECK_FALSE(more("Comment"));
  CHECK_FALSE(more("Comment below"));
  CHECK_FALSE(more("Comment block"));
  CHECK_FALSE(more("Nested")); // nested items are hasNestedItems
  CHECK(bulletLabelled(*document, "Nested")->hasNestedItems);
  CHECK_FALSE(more("Value"));
  CHECK_FALSE(more("Empty"));
  CHECK(more("Inner"));
}

TEST_CASE("Table cells, including empty ones", "[document]") {
  Annotations fixture(R"(| $h1[[Gap / Risk]] | $h2[[Severity (H/M/L)]] |  $h3[[Link]]  |
| --- | :---: | --- |
| $c1[[slow decode]] |$e1[[]]| $c3[[[x](lab/x.py)]] |
|    $e2[[]]    | $c5[[H]] | $c6[[a \| b]] |
)");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->tables.size() == 1);
  const Table& table = document->tables[0];
  REQUIRE(table.header.size() == 3);
  CHECK(table.header[0].range == toRange(fixture.range("h1")));
  CHECK(table.header[1].text == "Severity (H/M/L)");
  CHECK(table.header[1].range == toRange(fixture.range("h2")));
  CHECK(table.header[2].range == toRange(fixture.range("h3")));
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0][0].text == "slow decode");
  CHECK(table.rows[0][0].range == toRange(fixture.range("c1")));
  CHECK(table.rows[0][1].text.empty());
  CHECK(table.rows[0][1].range == toRange(fixture.range("e1")));
  CHECK(table.rows[0][2].range == toRange(fixture.range("c3")));
  CHECK(table.rows[1][0].range == toRange(fixture.range("e2")));
  CHECK(table.rows[1][1].range == toRange(fixture.range("c5")));
  CHECK(table.rows[1][2].range == toRange(fixture.range("c6")));
  CHECK(table.range.begin == 0);
  CHECK(table.range.end == fixture.code().size() - 1);
}

TEST_CASE("HTML comments, block and inline, and not in code", "[document]") {
  Annotations fixture(R"($a[[<!-- session-lsp-disable placeholder -->]]

Text $b[[<!--   inline note -->]] more.

$c[[<!--
multi
-->]]

`<!-- code span -->`

```
<!-- in a fence -->
```
)");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->comments.size() == 3);
  CHECK(document->comments[0].text == "session-lsp-disable placeholder");
  CHECK(document->comments[0].range == toRange(fixture.range("a")));
  CHECK(document->comments[1].text == "inline note");
  CHECK(document->comments[1].range == toRange(fixture.range("b")));
  CHECK(document->comments[2].text == "multi");
  CHECK(document->comments[2].range == toRange(fixture.range("c")));
}

TEST_CASE("Link targets and code spans", "[document]") {
  Annotations fixture(
      R"(See [the bench]($t1[[/lab/vllm/bench.py]] "title") and [x](<$t2[[tracks/a b.md]]>).
Run `$c1[[python run.py]]` then ``$c2[[a `b` c]]``.
Image ![plot]($t3[[plots/p50.png]]) and escaped [e]($t4[[a\_b.md]]).
Autolink <https://example.com> is skipped.
)");
  auto document = Document::parse(fixture.code());
  std::vector<InlineReference> links, code;
  for (const InlineReference& reference : document->references)
    (reference.kind == InlineReference::Kind::Link ? links : code).push_back(reference);
  REQUIRE(links.size() == 4);
  CHECK(links[0].target == "/lab/vllm/bench.py");
  CHECK(links[0].range == toRange(fixture.range("t1")));
  CHECK(links[1].target == "tracks/a b.md");
  CHECK(links[1].range == toRange(fixture.range("t2")));
  CHECK(links[2].range == toRange(fixture.range("t3")));
  CHECK(links[3].target == "a_b.md");
  CHECK(links[3].range == toRange(fixture.range("t4")));
  REQUIRE(code.size() == 2);
  CHECK(code[0].target == "python run.py");
  CHECK(code[0].range == toRange(fixture.range("c1")));
  CHECK(code[1].target == "a `b` c");
  CHECK(code[1].range == toRange(fixture.range("c2")));
}

TEST_CASE("CRLF text keeps ranges without the carriage return", "[document]") {
  std::string text = "## 1) Summary\r\n\r\n* **Status:** Passed\r\n* two\r\n\r\n| a | b |\r\n"
                     "|---|---|\r\n| x |  |\r\n\r\n<!-- c -->\r\n";
  auto document = Document::parse(text);
  REQUIRE(document->headings.size() == 1);
  CHECK(document->headings[0].textRange == rangeOf(text, "1) Summary"));
  CHECK(document->headings[0].lineRange == ByteRange{0, 13});
  REQUIRE(document->bullets.size() == 1);
  CHECK(document->bullets[0].valueRange == rangeOf(text, "Passed"));
  CHECK(document->bullets[0].lineRange == rangeOf(text, "* **Status:** Passed"));
  REQUIRE(document->sections.size() == 1);
  CHECK(document->sections[0].topLevelItems.size() == 2);
  CHECK(document->sections[0].topLevelItems[1] == rangeOf(text, "* two"));
  REQUIRE(document->tables.size() == 1);
  CHECK(document->tables[0].rows[0][0].range == rangeOf(text, "x"));
  CHECK(document->tables[0].range.end == rangeOf(text, "| x |  |").end);
  REQUIRE(document->comments.size() == 1);
  CHECK(document->comments[0].range == rangeOf(text, "<!-- c -->"));
}

TEST_CASE("Korean text and emoji keep byte offsets exact in the body", "[document]") {
  Annotations fixture("## $h[[요약 🚀]]\n\n* **결과:** $v[[통과 😀 done]]\n");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->headings.size() == 1);
  CHECK(document->headings[0].textRange == toRange(fixture.range("h")));
  REQUIRE(document->bullets.size() == 1);
  CHECK(document->bullets[0].label == "결과");
  CHECK(document->bullets[0].valueRange == toRange(fixture.range("v")));
}

TEST_CASE("Bad input never breaks parsing", "[document][robustness]") {
  SECTION("empty") {
    auto document = Document::parse("");
    CHECK(document->problems.empty());
    CHECK(document->metadata.placement == MetadataPlacement::None);
    CHECK(document->headings.empty());
  }
  SECTION("binary") {
    std::string text = "## Heading\n\0\x01\x02 binary"s;
    auto document = Document::parse(text);
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].code == "binary-file");
    CHECK(document->problems[0].severity == Severity::Error);
    CHECK(document->problems[0].range == ByteRange{0, 10});
    CHECK(document->headings.empty());
  }
  SECTION("invalid UTF-8 does not stop parsing (the diagnostics report it)") {
    std::string text = "## Caf\xC3 x\n\n* **Status:** ok \xFF\n";
    auto document = Document::parse(text);
    CHECK(document->problems.empty());
    CHECK(document->headings.size() == 1);
    CHECK(document->bullets.size() == 1);
  }
  SECTION("too large") {
    std::string text(kMaxDocumentBytes + 1, 'a');
    auto document = Document::parse(std::move(text));
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].code == "file-too-large");
    CHECK(document->problems[0].range.begin == 0);
  }
  SECTION("5 MB of sessions parses quickly") {
    std::string session = readTemplate();
    std::string text;
    while (text.size() < 5 * 1024 * 1024)
      text += session;
    std::clock_t start = std::clock();
    auto document = Document::parse(text);
    double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    CHECK(document->metadata.parsed);
    CHECK(document->sections.size() > 1000);
    CHECK(seconds < 1.0 * kSlowdown);
  }
  SECTION("pathological markdown") {
    std::string text;
    for (int i = 0; i < 2000; ++i)
      text += std::string(i % 40, ' ') + "* " + (i % 3 ? "" : "[ ] ") + "\n";
    text += std::string(5000, '>') + " x\n" + std::string(3000, '[') + "\n";
    text += "```\n" + std::string(10000, '`') + "\n<!--\n|a|\n|-|\n";
    auto document = Document::parse(text);
    CHECK(document->text().size() == text.size());
  }
}

TEST_CASE("A 15 KB session parses in well under a millisecond", "[document][performance]") {
  std::string text = readTemplate();
  text += text + text;                   // ~13 KB
  auto document = Document::parse(text); // warm up
  // Processor time, not wall time: the build machine is shared.
  std::clock_t start = std::clock();
  for (int i = 0; i < 20; ++i)
    document = Document::parse(text);
  double perParseMs = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC / 20;
  CHECK(perParseMs < 1.0 * kSlowdown);
  CHECK(document->sections.size() == 36);
}
