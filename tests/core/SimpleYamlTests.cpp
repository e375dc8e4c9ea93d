// The fast YAML reader (SimpleYaml.cpp) against yaml-cpp: wherever the fast reader accepts a
// block, its tree must be yaml-cpp's, node for node and range for range; and it must accept
// what sessions are really written in, or it saves nothing.
#include "server/core/Document.h"
#include "server/core/Metadata.h"
#include "server/core/Schema.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace session::core;

namespace {

std::string describe(const YamlNode& node, int depth = 0);

std::string describeEntries(const std::vector<YamlNode::Entry>& entries, int depth) {
  std::string out;
  for (const auto& entry : entries)
    out += std::string(depth * 2, ' ') + "key '" + entry.key + "' [" +
           std::to_string(entry.keyRange.begin) + "," + std::to_string(entry.keyRange.end) + ")\n" +
           describe(entry.value, depth + 1);
  return out;
}

/// Everything a reader of the tree can see, as text, so a mismatch shows where it is.
std::string describe(const YamlNode& node, int depth) {
  static const char* kinds[] = {"null", "scalar", "sequence", "mapping"};
  std::string out = std::string(depth * 2, ' ') + kinds[static_cast<int>(node.kind)] + " [" +
                    std::to_string(node.range.begin) + "," + std::to_string(node.range.end) +
                    ") style " + std::to_string(static_cast<int>(node.style)) +
                    (node.flow ? " flow" : "") + " '" + node.scalar + "'\n";
  for (const auto& item : node.items)
    out += describe(item, depth + 1);
  return out + describeEntries(node.entries, depth + 1);
}

struct Readings {
  bool fastAccepted = false;
  std::string fast;
  std::string library;
};

/// Reads the front matter of \p text as the server does (the fast reader first) and with
/// yaml-cpp alone.
Readings readBothWays(const std::string& text) {
  LineIndex lines(text);
  Metadata metadata;
  Readings readings;
  if (!detail::findFrontMatter(text, lines, 0, metadata))
    return readings;
  readings.fastAccepted = detail::parseSimpleYaml(text, metadata.contentRange).has_value();
  auto read = [&](detail::YamlReader reader) {
    Metadata copy = metadata;
    std::vector<Diagnostic> problems;
    detail::parseMetadataYaml(text, lines, copy, problems, reader);
    return copy.parsed ? describeEntries(copy.entries, 0) : "(does not parse)";
  };
  readings.fast = read(detail::YamlReader::FastFirst);
  readings.library = read(detail::YamlReader::LibraryOnly);
  return readings;
}

std::string frontMatter(std::string_view yaml) {
  return "---\n" + std::string(yaml) + "\n---\n# Body\n";
}

std::string readWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

} // namespace

TEST_CASE("the fast YAML reader accepts the plain shapes of session metadata, as yaml-cpp reads "
          "them") {
  const char* accepted[] = {
      "date: 2026-01-01\nduration_min: 60\ntrack: 01-Frameworks",
      "topic: 한국어 주제 — with emoji 🚀 and c# and a:b and http://x.y/z",
      "start_time: 20:30\nend_time: \"21:45\"\nquoted: 'it''s'",
      "tags: [serving, quantization]\nempty: []\nspaced: [ a b ,  c ]",
      "tags: ['one', \"two\", three]",
      "evidence_targets:\n  sessions: [sessions/a.md]\n  tracks: [tracks/x/INDEX.md]\n  lab: []",
      "refs:\n  - title: \"Fast Inference\"\n    link: \"https://arxiv.org/abs/2211.17192\"\n"
      "  - title: Other\n    link: x",
      "list:\n- a\n- b\nnext: c",
      "list:\n  - a  # comment\n  - 'b'\n",
      "key:   # only a comment\nother: value # trailing comment",
      "empty:\nalso_empty:\n",
      "# leading comment\n\nkey: value\n\n   # indented comment\nkey2: v",
      "crlf: yes\r\nnested:\r\n  inner: [a, b]\r\n",
      "dup: 1\ndup: 2",
      "deep:\n  a:\n    b:\n      c: d\n  e: f",
      "value: a [b] {c} d",
      "value: -5\nother: ?x\nthird: :y",
  };
  for (const char* yaml : accepted) {
    CAPTURE(yaml);
    auto readings = readBothWays(frontMatter(yaml));
    CHECK(readings.fastAccepted);
    CHECK(readings.fast == readings.library);
  }
}

TEST_CASE("the fast YAML reader leaves everything else to yaml-cpp") {
  const char* refused[] = {
      "key: |\n  block\n",
      "key: >\n  folded\n",
      "key: &a x\nother: *a",
      "key: !tag x",
      "key: {a: b}",
      "key: \"esc\\n\"",
      "key: multi\n  line",
      "key: \"multi\n  line\"",
      "key:\ttab",
      "key: [a,\n  b]",
      "key: [a, [b]]",
      "key: [a,]",
      "key: ~",
      "key: null",
      "null: x",
      "  indented: root",
      "- a\n- b",
      "key: a: b",
      "key:\n  -\n  - b",
      "key: [a: b]",
      "\"quoted key\": x",
      "key: [a?b]",
      "key: a\rb: c",
      "key: %x",
  };
  for (const char* yaml : refused) {
    CAPTURE(yaml);
    auto text = frontMatter(yaml);
    LineIndex lines(text);
    Metadata metadata;
    REQUIRE(detail::findFrontMatter(text, lines, 0, metadata));
    CHECK_FALSE(detail::parseSimpleYaml(text, metadata.contentRange));
  }
}

TEST_CASE("the fast YAML reader reads every example session and the seed template as yaml-cpp "
          "does") {
  namespace fs = std::filesystem;
  size_t accepted = 0;
  size_t files = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(SESSION_LSP_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".md")
      continue;
    std::string text = readWhole(entry.path());
    auto document = Document::parse(text);
    if (document->metadata.placement == MetadataPlacement::None)
      continue;
    ++files;
    CAPTURE(entry.path().string());
    auto fast = detail::parseSimpleYaml(text, document->metadata.contentRange);
    LineIndex lines(text);
    Metadata metadata = document->metadata;
    std::vector<Diagnostic> problems;
    detail::parseMetadataYaml(text, lines, metadata, problems, detail::YamlReader::LibraryOnly);
    if (fast) {
      ++accepted;
      REQUIRE(metadata.parsed);
      CHECK(describeEntries(*fast, 0) == describeEntries(metadata.entries, 0));
    }
  }
  CHECK(files >= 10);
  CHECK(accepted * 10 >= files * 9); // nearly every real session takes the fast path
}

TEST_CASE("mutated front matter: whenever the fast reader accepts, yaml-cpp agrees") {
  // A differential test in miniature (the FuzzMetadata target does this at scale): random
  // edits with YAML's significant characters, over a realistic block.
  const std::string base = "date: 2026-01-01\ntrack: 01-Frameworks\nmodule: vLLM\n"
                           "topic: Paged attention 페이지\ntags: [serving, kv-cache]\n"
                           "evidence_targets:\n  sessions: [sessions/a.md]\n  lab: []\n"
                           "refs:\n  - title: \"T\"\n    link: 'L'\nlevel_after: L2 # note\n";
  const std::string alphabet = " \n:-#[]{},'\"&*!|>~?%@\\\tab\r";
  std::mt19937 random(20261125);
  size_t accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string yaml = base;
    int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % (yaml.size() + 1);
      switch (random() % 3) {
      case 0:
        yaml.insert(at, 1, alphabet[random() % alphabet.size()]);
        break;
      case 1:
        if (at < yaml.size())
          yaml.erase(at, 1);
        break;
      default:
        if (at < yaml.size())
          yaml[at] = alphabet[random() % alphabet.size()];
      }
    }
    auto readings = readBothWays(frontMatter(yaml));
    CAPTURE(yaml);
    REQUIRE(readings.fast == readings.library);
    accepted += readings.fastAccepted ? 1 : 0;
  }
  CHECK(accepted > 300);
}
