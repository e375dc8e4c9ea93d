// Parses that skip work, held to a whole parse: Document::parse with the previous parse of the
// same file (what it takes over must be exactly what a fresh parse gives, for every kind of
// edit), and Document::parseFrontMatterOnly (exactly parse()'s metadata).
#include "server/core/Document.h"
#include "server/core/IncrementalParse.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace session::core;

namespace {

std::string readSource(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// The session with its template-style ```` ```yaml ```` block moved up into front matter.
std::string asFrontMatter(const std::string& text) {
  size_t open = text.find("```yaml\n");
  size_t close = open == std::string::npos ? open : text.find("\n```", open);
  if (close == std::string::npos)
    return text;
  std::string yaml = text.substr(open + 8, close + 1 - (open + 8));
  std::string body = text;
  body.erase(open, close + 4 - open);
  return "---\n" + yaml + "---\n" + body;
}

/// The example workspace's sessions and the template (real tables, bullets, comments, links),
/// each as written (metadata in a fenced block) and with front matter.
std::vector<std::string> fixtures() {
  std::vector<std::string> texts;
  std::filesystem::path root = SESSION_LSP_SOURCE_DIR;
  for (const auto& entry :
       std::filesystem::directory_iterator(root / "examples/llm-study/sessions"))
    if (entry.path().extension() == ".md")
      texts.push_back(readSource(entry.path()));
  texts.push_back(readSource(root / "examples/llm-study/SESSION-TEMPLATE.md"));
  std::sort(texts.begin(), texts.end());
  size_t written = texts.size();
  for (size_t i = 0; i < written; ++i)
    texts.push_back(asFrontMatter(texts[i]));
  return texts;
}

bool reparses(const Document& next, const Document& previous) {
  return detail::reparseBody(next, previous, detail::editWindow(next.text(), previous.text()))
      .has_value();
}

using session::test::withCrlf;

/// The body layout (fenced blocks, list items, heading flags) the next incremental parse reads.
void requireSameLayout(const Document& incremental, const Document& fresh) {
  REQUIRE(incremental.bodyLayout != nullptr);
  REQUIRE(fresh.bodyLayout != nullptr);
  const auto& a = *incremental.bodyLayout;
  const auto& b = *fresh.bodyLayout;
  CHECK(a.headingInContainer == b.headingInContainer);
  REQUIRE(a.fencedCode.size() == b.fencedCode.size());
  for (size_t i = 0; i < a.fencedCode.size(); ++i) {
    CHECK(a.fencedCode[i].lang == b.fencedCode[i].lang);
    CHECK(a.fencedCode[i].openLine == b.fencedCode[i].openLine);
    CHECK(a.fencedCode[i].closeLine == b.fencedCode[i].closeLine);
  }
  REQUIRE(a.items.size() == b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    CHECK(a.items[i].range == b.items[i].range);
    CHECK(a.items[i].depth == b.items[i].depth);
  }
}

/// Everything a parse produces, compared field by field so a failure names the field.
void requireSameModel(const Document& incremental, const Document& fresh) {
  REQUIRE(incremental.text() == fresh.text());
  CHECK(incremental.hasBom == fresh.hasBom);
  CHECK(incremental.bodyStart == fresh.bodyStart);
  CHECK(incremental.metadata.placement == fresh.metadata.placement);
  CHECK(incremental.metadata.blockRange == fresh.metadata.blockRange);
  CHECK(incremental.metadata.contentRange == fresh.metadata.contentRange);
  CHECK(incremental.metadata.parsed == fresh.metadata.parsed);
  CHECK(incremental.metadata.entries.size() == fresh.metadata.entries.size());
  CHECK(incremental.metadata.lines.size() == fresh.metadata.lines.size());
  CHECK(incremental.headings == fresh.headings);
  CHECK(incremental.sections == fresh.sections);
  CHECK(incremental.bullets == fresh.bullets);
  CHECK(incremental.tables == fresh.tables);
  CHECK(incremental.comments == fresh.comments);
  CHECK(incremental.references == fresh.references);
  CHECK(incremental.firstInvalidUtf8() == fresh.firstInvalidUtf8());
  if (incremental.bodyLayout || fresh.bodyLayout)
    requireSameLayout(incremental, fresh);
  for (size_t i = 0;
       i < std::min(incremental.metadata.entries.size(), fresh.metadata.entries.size()); ++i) {
    CHECK(incremental.metadata.entries[i].key == fresh.metadata.entries[i].key);
    CHECK(incremental.metadata.entries[i].value.range == fresh.metadata.entries[i].value.range);
  }
  REQUIRE(incremental.problems.size() == fresh.problems.size());
  for (size_t i = 0; i < fresh.problems.size(); ++i) {
    CHECK(incremental.problems[i].code == fresh.problems[i].code);
    CHECK(incremental.problems[i].range == fresh.problems[i].range);
    CHECK(incremental.problems[i].message == fresh.problems[i].message);
  }
}

void requireIncrementalMatchesFresh(const std::string& before, const std::string& after) {
  auto previous = Document::parse(before);
  auto incremental = Document::parse(after, previous.get());
  auto fresh = Document::parse(after);
  requireSameModel(*incremental, *fresh);
}

/// Front matter edits of every shape: a value shorter, longer, a line added, a line removed,
/// a key renamed, the YAML broken.
std::vector<std::string> frontMatterEdits(const std::string& text) {
  std::vector<std::string> edits;
  size_t close = text.find("\n---", 3);
  if (!text.starts_with("---") || close == std::string::npos)
    return edits;
  size_t firstLineEnd = text.find('\n');
  auto insertAt = [&](size_t at, std::string_view what) {
    std::string edited = text;
    edited.insert(at, what);
    return edited;
  };
  edits.push_back(insertAt(close, "\nextra_key: a longer value added"));
  edits.push_back(insertAt(close, "\ntags: [x, y]"));
  edits.push_back(insertAt(close, "\nbroken: [unclosed"));
  edits.push_back(insertAt(firstLineEnd + 1, "# a comment line\n"));
  std::string removed = text;
  size_t secondLine = firstLineEnd + 1;
  removed.erase(secondLine, text.find('\n', secondLine) - secondLine + 1);
  edits.push_back(removed);
  for (std::string_view key : {"level_after:", "level_before:", "date:", "module:"}) {
    size_t at = text.find(key);
    if (at == std::string::npos || at > close)
      continue;
    size_t valueEnd = text.find('\n', at);
    std::string shorter = text;
    shorter.replace(at + key.size(), valueEnd - at - key.size(), " L");
    edits.push_back(shorter);
    std::string longer = text;
    longer.insert(valueEnd, " and much more text");
    edits.push_back(longer);
  }
  // The same text with a BOM, and with CRLF line endings in the front matter only.
  edits.push_back("\xEF\xBB\xBF" + text);
  edits.push_back(withCrlf(text.substr(0, close + 1)) + text.substr(close + 1));
  return edits;
}

} // namespace

TEST_CASE("a front-matter edit reuses the body and gives the fresh parse's model") {
  auto texts = fixtures();
  REQUIRE(texts.size() >= 6);
  size_t reused = 0;
  for (const std::string& text : texts) {
    for (const std::string& edited : frontMatterEdits(text)) {
      requireIncrementalMatchesFresh(text, edited);
      requireIncrementalMatchesFresh(edited, text);
      auto previous = Document::parse(text);
      auto next = Document::parse(edited);
      if (reparses(*next, *previous))
        ++reused;
    }
  }
  // Every front-matter edit above keeps the body's bytes: on the front-matter variants of the
  // fixtures (about ten edits each) nearly all must take the fast path.
  CHECK(reused >= 8 * texts.size() / 2);
}

TEST_CASE("an edit inside one section parses that section again, and gives the fresh model") {
  auto texts = fixtures();
  size_t reparsed = 0, tried = 0;
  for (const std::string& text : texts) {
    // Text added at the end of the third `##` section's first line, and that line removed.
    size_t heading = text.find("\n## ");
    for (int i = 0; i < 2 && heading != std::string::npos; ++i)
      heading = text.find("\n## ", heading + 1);
    if (heading == std::string::npos)
      continue;
    size_t lineEnd = text.find('\n', heading + 1);
    std::string appended = text;
    appended.insert(lineEnd, " and more");
    std::string paragraph = text;
    paragraph.insert(lineEnd + 1, "\nSome new text with a [link](../lab/x.md).\n");
    for (const std::string& edited : {appended, paragraph}) {
      ++tried;
      auto previous = Document::parse(text);
      auto next = Document::parse(edited);
      if (reparses(*next, *previous))
        ++reparsed;
      requireIncrementalMatchesFresh(text, edited);
      requireIncrementalMatchesFresh(edited, text);
    }
  }
  REQUIRE(tried >= 20);
  CHECK(reparsed == tried);
}

TEST_CASE(
    "an edit that opens a fence or a comment, or defines a link reference, is parsed afresh") {
  std::string text = "# T\n\n## 1) Goal\n\n* **Outcome:** ok\n\n## 2) Next\n\n* x [a][r]\n";
  size_t inGoal = text.find("* **Outcome");
  for (std::string_view inserted : {"```\n", "<!--\n", "[r]: /lab/x.md\n", "<pre>\n"}) {
    std::string edited = text;
    edited.insert(inGoal, inserted);
    auto previous = Document::parse(text);
    CHECK_FALSE(reparses(*Document::parse(edited), *previous));
    requireIncrementalMatchesFresh(text, edited);
  }
}

TEST_CASE("random edits anywhere, one after another, always give the fresh model") {
  // Each parse takes the one before as `previous`, as the server does while the user types.
  const std::vector<std::string> snippets = {"x",
                                             "\n",
                                             "\r\n",
                                             "## ",
                                             "# ",
                                             "### H\n",
                                             "```\n",
                                             "```yaml\n",
                                             "~~~",
                                             "<!--",
                                             "-->",
                                             "* ",
                                             "1. ",
                                             "> ",
                                             "| a | b |\n|---|---|\n",
                                             "**L:** v",
                                             "[t](../lab/a.md)",
                                             "`code`",
                                             "한국어",
                                             "😀",
                                             "---\n",
                                             "    ",
                                             "\t",
                                             "]:",
                                             "<div>\n",
                                             "\n\n"};
  // SESSION_LSP_TEST_SEED runs other sequences (a longer hunt by hand: a loop over seeds).
  const char* seed = std::getenv("SESSION_LSP_TEST_SEED");
  std::mt19937 random(seed ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : 20261125u);
  size_t incremental = 0, edits = 0;
  for (const std::string& original : fixtures()) {
    std::string text = original;
    auto previous = Document::parse(text);
    for (int round = 0; round < 60; ++round) {
      if (round % 6 == 0) { // a `]:` or an unclosed `<!--` stays: start over now and then
        text = original;
        previous = Document::parse(text);
      }
      size_t at = random() % (text.size() + 1);
      if (random() % 3 == 0 && at < text.size()) {
        text.erase(at, std::min<size_t>(random() % 12 + 1, text.size() - at));
      } else {
        text.insert(at, snippets[random() % snippets.size()]);
      }
      auto fresh = Document::parse(text);
      incremental += reparses(*fresh, *previous);
      ++edits;
      auto next = Document::parse(text, previous.get());
      requireSameModel(*next, *fresh);
      previous = next;
    }
  }
  // Most random positions fall inside a section, and most snippets keep the outline: the fast
  // path must be the common one.
  WARN("random edits parsed incrementally: " << incremental << " of " << edits);
  CHECK(incremental * 2 > edits);
}

TEST_CASE("edits that move the boundary between front matter and body are parsed afresh") {
  std::string text = "---\nsession_id: a\ntrack: 02-Infra-System\n---\n\n## 1) Goal\n\n* x\n";
  // The closing delimiter removed: the front matter runs on, the body changes.
  std::string unclosed = "---\nsession_id: a\ntrack: 02-Infra-System\n\n## 1) Goal\n\n* x\n";
  // No front matter at all.
  std::string none = "session_id: a\n\n## 1) Goal\n\n* x\n";
  // Binary input.
  std::string binary = text + std::string(1, '\0');
  for (const auto& [before, after] :
       std::vector<std::pair<std::string, std::string>>{{text, unclosed},
                                                        {unclosed, text},
                                                        {text, none},
                                                        {none, text},
                                                        {text, binary},
                                                        {binary, text}}) {
    requireIncrementalMatchesFresh(before, after);
  }
  auto previous = Document::parse(text);
  CHECK_FALSE(reparses(*Document::parse(none), *previous));
  CHECK_FALSE(reparses(*Document::parse(binary), *previous));
}

TEST_CASE("random front-matter edits on a session with Korean text, emoji and CRLF") {
  std::string body = "\r\n## 1) 목표 🎯\r\n\r\n* **Outcome:** 성공 ✅ see [lab](../lab/x.md)\r\n"
                     "\r\n| Evidence link | Note |\r\n|---|---|\r\n| `lab/y.py` | 한국어 |\r\n"
                     "\r\n<!-- 주석 -->\r\n### 1.1 Sub\r\n\r\n1. item\r\n";
  std::string frontMatter = "---\r\nsession_id: 2026-01-01\r\nlevel_after: L2\r\n---\r\n";
  std::mt19937 random(7);
  std::string previousText = frontMatter + body;
  for (int round = 0; round < 200; ++round) {
    std::string yaml = "---\r\nsession_id: 2026-01-01\r\n";
    int lines = static_cast<int>(random() % 6);
    for (int i = 0; i < lines; ++i)
      yaml += "key" + std::to_string(i) + ": " + std::string(random() % 40, "가a😀"[i % 3]) +
              (random() % 2 ? "\r\n" : "\n");
    std::string text = yaml + "---\r\n" + body;
    requireIncrementalMatchesFresh(previousText, text);
    previousText = text;
  }
}

TEST_CASE("parseFrontMatterOnly gives parse()'s metadata, or nothing without front matter") {
  size_t withFrontMatter = 0;
  for (const std::string& text : fixtures()) {
    auto whole = Document::parse(text);
    auto metadataOnly = Document::parseFrontMatterOnly(text);
    if (whole->metadata.placement != MetadataPlacement::FrontMatter) {
      CHECK(metadataOnly == nullptr);
      continue;
    }
    ++withFrontMatter;
    REQUIRE(metadataOnly != nullptr);
    CHECK(metadataOnly->metadata.blockRange == whole->metadata.blockRange);
    CHECK(metadataOnly->metadata.parsed == whole->metadata.parsed);
    REQUIRE(metadataOnly->metadata.entries.size() == whole->metadata.entries.size());
    for (size_t i = 0; i < whole->metadata.entries.size(); ++i) {
      CHECK(metadataOnly->metadata.entries[i].key == whole->metadata.entries[i].key);
      CHECK(metadataOnly->metadata.entries[i].value.scalar ==
            whole->metadata.entries[i].value.scalar);
      CHECK(metadataOnly->metadata.entries[i].value.range ==
            whole->metadata.entries[i].value.range);
    }
    CHECK(metadataOnly->metadata.lines.size() == whole->metadata.lines.size());
    CHECK(metadataOnly->problems.size() == whole->problems.size());
    CHECK(metadataOnly->sections.empty());
  }
  CHECK(withFrontMatter >= 8);
  CHECK(Document::parseFrontMatterOnly(std::string("---\na: 1\n---\n\0", 14)) == nullptr);
  // Broken YAML: the same yaml-syntax problem as a whole parse.
  std::string broken = "---\ntags: [unclosed\n---\n\n## 1) Goal\n";
  auto metadataOnly = Document::parseFrontMatterOnly(broken);
  REQUIRE(metadataOnly != nullptr);
  REQUIRE(metadataOnly->problems.size() == 1);
  CHECK(metadataOnly->problems[0].code == Document::parse(broken)->problems[0].code);
  CHECK(metadataOnly->problems[0].range == Document::parse(broken)->problems[0].range);
}

TEST_CASE("UTF-8 validity after an edit reads only the edited characters, and is exact") {
  const std::string korean = "\xEA\xB0\x80";    // 가
  const std::string emoji = "\xF0\x9F\x98\x80"; // 😀
  std::string before = "ab " + korean + " cd " + emoji + " ef";
  struct Case {
    std::string after;
    bool valid;
  };
  std::vector<Case> cases = {
      {before + "x", true},                                          // appended
      {before.substr(0, before.size() - 1), true},                   // last byte removed
      {"ab " + korean.substr(0, 2) + " cd " + emoji + " ef", false}, // a character cut short
      {"ab " + korean + " cd " + emoji.substr(0, 3), false},         // cut at the very end
      {"ab x" + korean.substr(1) + " cd " + emoji + " ef", false},   // lead byte replaced
      {"ab " + korean + "\x80 cd " + emoji + " ef", false},          // lone continuation byte
      {"ab " + korean + korean + " cd " + emoji + " ef", true},      // a character added
      {"ab \xEA" + korean + " cd " + emoji + " ef", false},          // a lead byte added
      {"", true},
  };
  for (const Case& test : cases) {
    INFO(test.after);
    auto edit = detail::editWindow(test.after, before);
    CHECK(detail::validUtf8AfterEdit(test.after, edit) == test.valid);
    // And through parse(): the remembered answer equals a scan.
    auto previous = Document::parse(before);
    REQUIRE_FALSE(previous->firstInvalidUtf8().has_value());
    auto next = Document::parse(test.after, previous.get());
    CHECK(next->firstInvalidUtf8() == firstInvalidUtf8(test.after));
  }
}

TEST_CASE("edits found by review: setext lookalikes, autolinks, lookbacks and searches across a "
          "heading") {
  // Each pair once gave a different model incrementally than afresh (review of session 4).
  const std::vector<std::pair<std::string, std::string>> pairs = {
      // `#B` over `---` is a setext heading's text in the part alone, but joins the paragraph
      // above it in the whole text.
      {"## A\npara\n## B\n---\n", "## A\npara\n#B\n---\n"},
      {"## A\n> q\n## B\n---\n", "## A\n> q\n#B\n---\n"},
      {"## A\n- i\n## B\n---\n", "## A\n- i\n#B\n---\n"},
      // An autolink whose destination md4c copies (`&`) must not take a later link's target.
      {"## A\n<https://x.org/?a=1&b=2>\n\n## B\nsee [d](n/a.md)\n",
       "## A\n<https://x.org/?a=1&b=2>\n\n## B\nread [d](n/a.md)\n"},
      {"## A\n<https://x.org/?a=1&b=2>\n\n## B\nsee\n\n## C\n[d](n/a.md)\n",
       "## A\n<https://x.org/?a=1&b=2>\n\n## B\nsee [e](m.md)\n\n## C\n[d](n/a.md)\n"},
      // An item's marker looked for above its line must not be found across a heading.
      {"## B\n- x\n## C\n- -\n    foo\n", "## B\n- y\n## C\n- -\n    foo\n"},
      // A fence with no text searched forward must not be found across a heading.
      {"## A\n- ```\n## B\n-\n```\nx\n```\n", "## A\n- ```\n## B\n-\n```\ny\n```\n"},
  };
  for (const auto& [before, after] : pairs) {
    INFO("before: " << before << "\nafter: " << after);
    requireIncrementalMatchesFresh(before, after);
    requireIncrementalMatchesFresh(after, before);
  }
  // The autolink gives no reference of its own over `n/a.md`.
  auto document = Document::parse(pairs[3].first);
  size_t overTarget = 0;
  for (const auto& reference : document->references)
    if (document->text().substr(reference.range.begin,
                                reference.range.end - reference.range.begin) == "n/a.md")
      ++overTarget;
  CHECK(overTarget == 1);
}
