// The metadata block: placement, exact YAML ranges, and YAML errors.
#include "server/core/Document.h"
#include "server/core/Metadata.h"

#include "tests/support/Annotations.h"

#include <catch2/catch.hpp>

using namespace session::core;
using session::test::Annotations;
using session::test::MarkedRange;

namespace {

ByteRange toRange(MarkedRange range) {
  return {range.begin, range.end};
}

ByteRange rangeOf(const std::string& text, std::string_view needle, size_t from = 0) {
  size_t at = text.find(needle, from);
  REQUIRE(at != std::string::npos);
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

const YamlNode& valueOf(const Document& document, std::string_view key) {
  const YamlNode::Entry* entry = document.metadata.find(key);
  REQUIRE(entry != nullptr);
  return entry->value;
}

} // namespace

TEST_CASE("Front matter and the template's fenced block read the same fields", "[metadata]") {
  std::string yaml = "date: 2026-11-20\nmodule: vLLM\ntags: [a, b]\n";
  auto front = Document::parse("---\n" + yaml + "---\n# Title\n");
  auto fenced = Document::parse("# Title\n\n## YAML Metadata (Required)\n\n```yaml\n---\n" + yaml +
                                "---\n````\n\n## 1) Next\n");
  REQUIRE(front->metadata.placement == MetadataPlacement::FrontMatter);
  REQUIRE(fenced->metadata.placement == MetadataPlacement::FencedBlock);
  for (const auto& document : {front, fenced}) {
    CHECK(document->problems.empty());
    CHECK(document->metadata.parsed);
    REQUIRE(document->metadata.entries.size() == 3);
    CHECK(document->metadata.entries[0].key == "date");
    CHECK(valueOf(*document, "date").scalar == "2026-11-20");
    CHECK(valueOf(*document, "module").scalar == "vLLM");
    CHECK(valueOf(*document, "tags").items.size() == 2);
  }
  const std::string& text = fenced->text();
  CHECK(fenced->metadata.firstLine == rangeOf(text, "```yaml"));
  CHECK(fenced->metadata.contentRange == rangeOf(text, yaml)); // the `---` lines are excluded
  CHECK(fenced->metadata.blockRange.end == rangeOf(text, "````").end);
  CHECK(front->metadata.firstLine == ByteRange{0, 3});
  CHECK(front->metadata.contentRange == ByteRange{4, static_cast<uint32_t>(4 + yaml.size())});
  // The body after front matter is markdown, not an HR plus a setext heading.
  REQUIRE(front->headings.size() == 1);
  CHECK(front->headings[0].text == "Title");
}

TEST_CASE("The fence under `## YAML Metadata` wins over earlier yaml fences", "[metadata]") {
  auto document = Document::parse("## Lab\n\n```yaml\nother: 1\n```\n\n## yaml metadata\n\n"
                                  "```YAML\nmodule: vLLM\n```\n");
  REQUIRE(document->metadata.placement == MetadataPlacement::FencedBlock);
  CHECK(document->metadata.find("module") != nullptr);
  CHECK(document->metadata.find("other") == nullptr);

  auto anywhere = Document::parse("# T\n\nText.\n\n```yaml\nmodule: vLLM\n```\n");
  CHECK(anywhere->metadata.placement == MetadataPlacement::FencedBlock);
  CHECK(anywhere->metadata.find("module") != nullptr);

  auto none = Document::parse("# T\n\n```python\nx: 1\n```\n");
  CHECK(none->metadata.placement == MetadataPlacement::None);
}

TEST_CASE("`...` closes front matter", "[metadata]") {
  auto dots = Document::parse("---\ndate: 2026-11-20\n...\nBody\n");
  CHECK(dots->metadata.placement == MetadataPlacement::FrontMatter);
  CHECK(dots->metadata.find("date") != nullptr);
}

TEST_CASE("Unclosed front matter is one yaml-syntax problem at its `---`", "[metadata]") {
  auto unclosed = Document::parse("---\ndate: 2026-11-20\n");
  REQUIRE(unclosed->metadata.placement == MetadataPlacement::FrontMatter);
  CHECK_FALSE(unclosed->metadata.parsed);
  REQUIRE(unclosed->problems.size() == 1);
  CHECK(unclosed->problems[0].code == "yaml-syntax");
  CHECK(unclosed->problems[0].range == ByteRange{0, 3});
  CHECK(unclosed->problems[0].message.find("no closing `---`") != std::string::npos);
  CHECK(unclosed->problems[0].message.find("line 2") != std::string::npos);
}

TEST_CASE("A body `---` rule after a heading does not close front matter", "[metadata]") {
  std::string text = "---\ndate: 2026-11-20\ntags: [a]\n\n# Title\n\n* **Why today:** x\n\n"
                     "---\n\n## 1) Session Summary\n\ntext: more\n";
  auto document = Document::parse(text);
  REQUIRE(document->metadata.placement == MetadataPlacement::FrontMatter);
  CHECK_FALSE(document->metadata.parsed);
  CHECK(document->metadata.contentRange.end == rangeOf(text, "\n\n# Title").begin + 1);
  REQUIRE(document->problems.size() == 1);
  CHECK(document->problems[0].range == ByteRange{0, 3});
  CHECK(document->problems[0].message.find("line 3") != std::string::npos);
  // The body starts after the last field: its headings are all there.
  REQUIRE(document->headings.size() == 2);
  CHECK(document->headings[0].text == "Title");
  CHECK(document->headings[1].text == "1) Session Summary");
}

TEST_CASE("Heading-shaped comments inside closed front matter are YAML comments", "[metadata]") {
  auto document = Document::parse("---\n# Basics\ndate: 2026-11-20\n## Evidence\ntags: [a]\n---\n"
                                  "# Title\n\nText.\n");
  REQUIRE(document->metadata.placement == MetadataPlacement::FrontMatter);
  CHECK(document->metadata.parsed);
  CHECK(document->problems.empty());
  CHECK(document->metadata.entries.size() == 2);
}

TEST_CASE("A leading `---` rule without fields is not front matter", "[metadata]") {
  auto rule = Document::parse("---\n# Title\n\nText.\n\n---\n\nMore text.\n");
  CHECK(rule->metadata.placement == MetadataPlacement::None);
  CHECK(rule->problems.empty());
  auto fenced = Document::parse("---\n\n# Title\n\n* a bullet\n\n## YAML Metadata\n\n```yaml\n"
                                "date: 2026-11-20\n```\n\n---\n");
  REQUIRE(fenced->metadata.placement == MetadataPlacement::FencedBlock);
  CHECK(fenced->metadata.find("date") != nullptr);
}

TEST_CASE("A `yml` fence under `## YAML Metadata` is the metadata block", "[metadata]") {
  for (std::string language : {"yml", "YML"}) {
    auto document = Document::parse("# T\n\n## YAML Metadata (Required)\n\n```" + language +
                                    "\ndate: 2026-11-20\n```\n");
    REQUIRE(document->metadata.placement == MetadataPlacement::FencedBlock);
    CHECK(document->metadata.find("date") != nullptr);
  }
}

TEST_CASE("`yml` fences are YAML fences, in any case", "[metadata]") {
  for (std::string_view language : {"yaml", "YAML", "yml", "YML", "Yml"})
    CHECK(detail::isYamlFenceLanguage(language));
  for (std::string_view language : {"", "ym", "yamlx", "ymlx", "json", "toml"})
    CHECK_FALSE(detail::isYamlFenceLanguage(language));
}

TEST_CASE("An unclosed fenced block runs to the end of the text", "[metadata]") {
  auto document = Document::parse("## YAML Metadata\n\n```yaml\ndate: 2026-11-20\n");
  REQUIRE(document->metadata.placement == MetadataPlacement::FencedBlock);
  CHECK(document->metadata.blockRange.end == document->text().size());
  CHECK(document->metadata.find("date") != nullptr);
}

TEST_CASE("Values have exact ranges", "[metadata]") {
  Annotations fixture(R"(---
$dateKey[[date]]: $date[[2026-11-20]]   # a comment
start_time: $time[["20:30"]]
quote: $single[['it''s']]
escaped: $double[["say \"hi\""]]
empty:$empty[[]]
after_empty: $plain[[plain text here]]
evidence_targets:
  sessions:
    $item[[- /sessions/a.md]]
  lab: []
refs:
  - title: $title[[""]]
    link:$link[[]]
---
)");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->problems.empty());
  REQUIRE(document->metadata.parsed);
  const std::string& text = document->text();
  const YamlNode::Entry* date = document->metadata.find("date");
  REQUIRE(date);
  CHECK(date->keyRange == toRange(fixture.range("dateKey")));
  CHECK(date->value.range == toRange(fixture.range("date")));
  CHECK(date->value.style == ScalarStyle::Plain);

  const YamlNode& time = valueOf(*document, "start_time");
  CHECK(time.scalar == "20:30");
  CHECK(time.style == ScalarStyle::DoubleQuoted);
  CHECK(time.range == toRange(fixture.range("time")));

  const YamlNode& single = valueOf(*document, "quote");
  CHECK(single.scalar == "it's");
  CHECK(single.style == ScalarStyle::SingleQuoted);
  CHECK(single.range == toRange(fixture.range("single")));

  const YamlNode& escaped = valueOf(*document, "escaped");
  CHECK(escaped.scalar == "say \"hi\"");
  CHECK(escaped.range == toRange(fixture.range("double")));

  const YamlNode& empty = valueOf(*document, "empty");
  CHECK(empty.kind == YamlNode::Kind::Null);
  CHECK(empty.range == toRange(fixture.range("empty")));
  CHECK(valueOf(*document, "after_empty").range == toRange(fixture.range("plain")));

  const YamlNode& targets = valueOf(*document, "evidence_targets");
  REQUIRE(targets.kind == YamlNode::Kind::Mapping);
  REQUIRE(targets.entries.size() == 2);
  const YamlNode& sessions = targets.entries[0].value;
  CHECK(sessions.kind == YamlNode::Kind::Sequence);
  CHECK_FALSE(sessions.flow);
  CHECK(sessions.range == toRange(fixture.range("item")));
  REQUIRE(sessions.items.size() == 1);
  CHECK(sessions.items[0].scalar == "/sessions/a.md");
  CHECK(sessions.items[0].range == rangeOf(text, "/sessions/a.md"));
  const YamlNode& lab = targets.entries[1].value;
  CHECK(lab.flow);
  CHECK(lab.items.empty());
  CHECK(lab.range == rangeOf(text, "[]"));
  CHECK(targets.range.begin == rangeOf(text, "sessions:").begin);
  CHECK(targets.range.end == lab.range.end);

  const YamlNode& refs = valueOf(*document, "refs");
  REQUIRE(refs.items.size() == 1);
  REQUIRE(refs.items[0].entries.size() == 2);
  CHECK(refs.items[0].entries[0].value.range == toRange(fixture.range("title")));
  CHECK(refs.items[0].entries[0].value.scalar.empty());
  CHECK(refs.items[0].entries[1].value.kind == YamlNode::Kind::Null);
  CHECK(refs.items[0].entries[1].value.range == toRange(fixture.range("link")));
}

TEST_CASE("Flow lists have their brackets and items exact ranges", "[metadata]") {
  std::string text = "---\ntags: [ tag1 , \"two\", [x] ]  # c\nmap: {a: 1, b: }\n---\n";
  auto document = Document::parse(text);
  REQUIRE(document->metadata.parsed);
  const YamlNode& tags = valueOf(*document, "tags");
  CHECK(tags.flow);
  CHECK(tags.range == rangeOf(text, "[ tag1 , \"two\", [x] ]"));
  REQUIRE(tags.items.size() == 3);
  CHECK(tags.items[0].range == rangeOf(text, "tag1"));
  CHECK(tags.items[1].range == rangeOf(text, "\"two\""));
  CHECK(tags.items[2].range == rangeOf(text, "[x]"));
  const YamlNode& map = valueOf(*document, "map");
  CHECK(map.range == rangeOf(text, "{a: 1, b: }"));
  REQUIRE(map.entries.size() == 2);
  CHECK(map.entries[1].key == "b");
  CHECK(map.entries[1].value.kind == YamlNode::Kind::Null);
}

TEST_CASE("Block scalars and multi-line plain scalars", "[metadata]") {
  std::string text =
      "---\nnote: |\n  line one\n  line two\n\ntopic: a long\n  title\nnext: x\n---\n";
  auto document = Document::parse(text);
  REQUIRE(document->metadata.parsed);
  const YamlNode& note = valueOf(*document, "note");
  CHECK(note.style == ScalarStyle::Literal);
  CHECK(note.range == rangeOf(text, "|\n  line one\n  line two"));
  const YamlNode& topic = valueOf(*document, "topic");
  CHECK(topic.scalar == "a long title");
  CHECK(topic.range == rangeOf(text, "a long\n  title"));
  uint32_t next = rangeOf(text, "next: x").end;
  CHECK(valueOf(*document, "next").range == ByteRange{next - 1, next});
}

TEST_CASE("Duplicate keys are kept in source order", "[metadata]") {
  std::string text = "---\nmodule: a\nmodule: b\n---\n";
  auto document = Document::parse(text);
  REQUIRE(document->metadata.entries.size() == 2);
  CHECK(document->metadata.entries[0].value.scalar == "a");
  CHECK(document->metadata.entries[1].value.scalar == "b");
  CHECK(document->metadata.entries[1].keyRange == rangeOf(text, "module", 5));
  CHECK(document->metadata.find("module")->value.scalar == "a");
}

TEST_CASE("A YAML syntax error is reported at the parser's mark", "[metadata]") {
  std::string text = "# T\n\n## YAML Metadata\n\n```yaml\ndate: 2026\ntags: [a, b\nnext: 1\n```\n";
  auto document = Document::parse(text);
  CHECK_FALSE(document->metadata.parsed);
  CHECK(document->metadata.entries.empty());
  REQUIRE(document->problems.size() == 1);
  const Diagnostic& problem = document->problems[0];
  CHECK(problem.code == "yaml-syntax");
  CHECK(problem.severity == Severity::Error);
  CHECK(problem.message.rfind("YAML syntax error: ", 0) == 0);
  // yaml-cpp gives up at the `:` on the line after the unclosed list; the range runs to the
  // end of that line.
  uint32_t next = rangeOf(text, "next: 1").begin;
  CHECK(problem.range == ByteRange{next + 4, next + 7});
}

TEST_CASE("Metadata that is not a mapping is a yaml-syntax problem", "[metadata]") {
  for (std::string body : {"just a string\n", "- a\n- b\n"}) {
    auto document = Document::parse("---\n" + body + "---\n");
    CHECK_FALSE(document->metadata.parsed);
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].code == "yaml-syntax");
    CHECK(document->problems[0].message.find("mapping") != std::string::npos);
    CHECK(document->problems[0].range.begin == 4);
  }
  auto empty = Document::parse("---\n# only a comment\n---\n");
  CHECK(empty->metadata.parsed);
  CHECK(empty->metadata.entries.empty());
  CHECK(empty->problems.empty());
}

TEST_CASE("A BOM before `---` still makes front matter", "[metadata]") {
  std::string text = "\xEF\xBB\xBF---\ndate: 2026-11-20\n---\n";
  auto document = Document::parse(text);
  CHECK(document->hasBom);
  REQUIRE(document->metadata.placement == MetadataPlacement::FrontMatter);
  CHECK(document->metadata.firstLine == ByteRange{3, 6});
  CHECK(valueOf(*document, "date").range == rangeOf(text, "2026-11-20"));
  CHECK(document->metadata.entries[0].keyRange == rangeOf(text, "date"));
}

TEST_CASE("CRLF metadata keeps exact ranges", "[metadata]") {
  std::string text = "---\r\ndate: 2026-11-20\r\nempty:\r\ntags: [a]\r\n---\r\n## S\r\n";
  auto document = Document::parse(text);
  REQUIRE(document->metadata.parsed);
  CHECK(document->metadata.firstLine == ByteRange{0, 3});
  CHECK(valueOf(*document, "date").range == rangeOf(text, "2026-11-20"));
  uint32_t afterColon = rangeOf(text, "empty:").end;
  CHECK(valueOf(*document, "empty").range == ByteRange{afterColon, afterColon});
  CHECK(valueOf(*document, "tags").range == rangeOf(text, "[a]"));
  CHECK(document->metadata.blockRange.end == rangeOf(text, "---", 5).end);
}

TEST_CASE("CR-only (old Mac) metadata parses with exact ranges", "[metadata]") {
  std::string text = "---\rdate: 2026-11-20\rempty:\rnote: |\r  a\r  b\rtags: [a]\r---\r## S\r";
  auto document = Document::parse(text);
  CHECK(document->problems.empty());
  REQUIRE(document->metadata.parsed);
  REQUIRE(document->metadata.entries.size() == 4);
  CHECK(valueOf(*document, "date").scalar == "2026-11-20");
  CHECK(valueOf(*document, "date").range == rangeOf(text, "2026-11-20"));
  uint32_t afterColon = rangeOf(text, "empty:").end;
  CHECK(valueOf(*document, "empty").range == ByteRange{afterColon, afterColon});
  CHECK(valueOf(*document, "note").scalar == "a\nb\n");
  CHECK(valueOf(*document, "tags").range == rangeOf(text, "[a]"));
  // CRLF line ends are left as they are: no blank line appears inside a block scalar.
  auto crlf = Document::parse("---\r\nnote: |\r\n  a\r\n  b\r\n---\r\n");
  REQUIRE(crlf->metadata.parsed);
  CHECK(valueOf(*crlf, "note").scalar == "a\nb\n");
}

TEST_CASE("Korean text and emoji before a value keep byte offsets exact", "[metadata]") {
  Annotations fixture("# 세션 노트 🚀\n\n## YAML Metadata\n\n```yaml\n---\n"
                      "topic: $topic[[한국어 주제 😀 paged attention]]  # 설명\n"
                      "module: $module[[vLLM]]\n---\n````\n");
  auto document = Document::parse(fixture.code());
  REQUIRE(document->metadata.parsed);
  CHECK(valueOf(*document, "topic").scalar == "한국어 주제 😀 paged attention");
  CHECK(valueOf(*document, "topic").range == toRange(fixture.range("topic")));
  CHECK(valueOf(*document, "module").range == toRange(fixture.range("module")));
}

TEST_CASE("Anchors, tags and aliases", "[metadata]") {
  std::string text = "---\nbase: &b value\nother: *b\ntagged: !!str 12\n---\n";
  auto document = Document::parse(text);
  REQUIRE(document->metadata.parsed);
  CHECK(valueOf(*document, "base").range == rangeOf(text, "value"));
  const YamlNode& alias = valueOf(*document, "other");
  CHECK(alias.kind == YamlNode::Kind::Null); // not expanded
  CHECK(alias.range == rangeOf(text, "*b"));
  CHECK(valueOf(*document, "tagged").range == rangeOf(text, "12"));
}

TEST_CASE("Hostile YAML does not hurt", "[metadata][robustness]") {
  SECTION("flow nesting 10 000 deep") {
    std::string text = "---\nkey: " + std::string(10000, '[') + std::string(10000, ']') + "\n---\n";
    auto document = Document::parse(text);
    CHECK_FALSE(document->metadata.parsed);
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].code == "yaml-syntax");
    CHECK(document->problems[0].range.begin >= document->metadata.contentRange.begin);
    CHECK(document->problems[0].range.end <= document->text().size());
  }
  SECTION("flow mappings 10 000 deep") {
    std::string text = "---\n";
    for (int i = 0; i < 10000; ++i)
      text += "{a: ";
    text += "1" + std::string(10000, '}') + "\n---\n";
    auto document = Document::parse(text);
    CHECK_FALSE(document->metadata.parsed);
    CHECK(document->problems.size() == 1);
  }
  SECTION("a deeply indented block mapping") {
    std::string text = "---\n";
    for (int depth = 0; depth < 1000; ++depth)
      text += std::string(depth, ' ') + "a:\n";
    text += "---\n";
    auto document = Document::parse(text);
    CHECK_FALSE(document->metadata.parsed);
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].code == "yaml-syntax");
  }
  SECTION("an indented mapping 10 000 levels deep is too large to read") {
    std::string text = "---\n";
    for (int depth = 0; depth < 10000; ++depth)
      text += std::string(depth / 8, ' ') + "a:\n";
    text += "---\n";
    auto document = Document::parse(text);
    CHECK_FALSE(document->metadata.parsed);
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].code == "yaml-syntax");
  }
  SECTION("an alias bomb is not expanded") {
    std::string text =
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    char previous = 'a';
    for (char name = 'b'; name <= 'j'; ++name, ++previous) {
      text += std::string(1, name) + ": &" + name + " [";
      for (int i = 0; i < 9; ++i)
        text += std::string(i ? ", *" : "*") + previous;
      text += "]\n";
    }
    text += "---\n";
    auto document = Document::parse(text);
    REQUIRE(document->metadata.parsed);
    CHECK(document->metadata.entries.size() == 10);
    const YamlNode& last = valueOf(*document, "j");
    REQUIRE(last.items.size() == 9);
    CHECK(last.items[0].kind == YamlNode::Kind::Null);
  }
  SECTION("an undefined alias is a syntax error") {
    auto document = Document::parse("---\na: *nowhere\n---\n");
    CHECK_FALSE(document->metadata.parsed);
    CHECK(document->problems.size() == 1);
  }
  SECTION("more than 1 MB of metadata is not read") {
    std::string text = "---\n";
    while (text.size() < 1100 * 1024)
      text += "key: value value value value value value value value\n";
    text += "---\n";
    auto document = Document::parse(text);
    CHECK_FALSE(document->metadata.parsed);
    REQUIRE(document->problems.size() == 1);
    CHECK(document->problems[0].message.find("too large") != std::string::npos);
  }
}
