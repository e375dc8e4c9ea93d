// newSession(): the template turned into a session, with the metadata filled in place, under
// the preferred file name; and the helpers around it (slug, sessions folder).
#include "server/features/NewSession.h"

#include "server/features/Diagnostics.h"
#include "server/features/FileNames.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

using namespace session;

namespace {

features::NewSessionRequest request(std::string topic = "Paged attention: block tables") {
  features::NewSessionRequest request;
  request.track = "02-Infra-System";
  request.module = "vLLM";
  request.topic = std::move(topic);
  request.date = "2026-11-20";
  return request;
}

features::NewSessionResult fromSeed(const features::NewSessionRequest& request) {
  return features::newSession(*core::builtinSchema(), core::seedTemplateText(), request);
}

std::vector<core::Diagnostic> diagnoseAt(const std::string& text, const std::string& path,
                                         const core::Schema& schema) {
  auto document = core::Document::parse(text);
  features::CheckContext context;
  context.schema = &schema;
  context.workspacePath = path;
  return features::diagnose(*document, context);
}

/// Codes a fresh session must never have: the template's own placeholders and empty bullets
/// are expected, but nothing structural, no invalid value and no file-name complaint.
const std::set<std::string> kForbiddenCodes = {
    "yaml-syntax",         "missing-metadata",  "missing-field",  "missing-section",
    "invalid-enum",        "invalid-date",      "invalid-type",   "missing-self-evidence",
    "filename-convention", "filename-mismatch", "unknown-field",  "duplicate-section",
    "section-order",       "invalid-body-enum", "unknown-module", "invalid-time",
};

std::vector<std::string> forbiddenFound(const std::vector<core::Diagnostic>& diagnostics) {
  std::vector<std::string> found;
  for (const auto& diagnostic : diagnostics)
    if (kForbiddenCodes.contains(diagnostic.code))
      found.push_back(diagnostic.code + ": " + diagnostic.message);
  return found;
}

std::string scalar(const core::Document& document, std::string_view key) {
  const auto* entry = document.metadata.find(key);
  return entry && entry->value.kind == core::YamlNode::Kind::Scalar ? entry->value.scalar
                                                                    : "<not a scalar>";
}

std::vector<std::string> ownSessionsList(const core::Document& document) {
  std::vector<std::string> items;
  const auto* targets = document.metadata.find("evidence_targets");
  if (!targets)
    return items;
  for (const auto& entry : targets->value.entries)
    if (entry.key == "sessions")
      for (const auto& item : entry.value.items)
        items.push_back(item.scalar);
  return items;
}

std::vector<std::string> linesOf(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream stream{std::string(text)};
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  return lines;
}

} // namespace

TEST_CASE("a new session from the seed: preferred name, metadata filled, nothing structural "
          "wrong",
          "[new-session]") {
  auto result = fromSeed(request());
  REQUIRE(result.ok());
  CHECK(result.workspacePath ==
        "sessions/2026-11-20__02-Infra-System__vLLM__paged-attention-block-tables.md");

  auto document = core::Document::parse(result.text);
  REQUIRE(document->metadata.parsed);
  CHECK(document->metadata.placement == core::MetadataPlacement::FencedBlock);
  CHECK(scalar(*document, "date") == "2026-11-20");
  CHECK(scalar(*document, "track") == "02-Infra-System");
  CHECK(scalar(*document, "module") == "vLLM");
  CHECK(scalar(*document, "topic") == "Paged attention: block tables");
  CHECK(ownSessionsList(*document) == std::vector<std::string>{"/" + result.workspacePath});
  CHECK(scalar(*document, "goal_type").empty()); // `""`: a choice to make, not an invalid value

  auto diagnostics = diagnoseAt(result.text, result.workspacePath, *core::builtinSchema());
  CHECK(forbiddenFound(diagnostics).empty());
  // The template's remaining filler is still pointed out, so the user sees what to fill.
  CHECK(std::count_if(diagnostics.begin(), diagnostics.end(),
                      [](const auto& d) { return d.code == "placeholder"; }) > 5);
}

TEST_CASE("the template is edited in place: same lines, only the filled values and the title "
          "change",
          "[new-session]") {
  auto result = fromSeed(request());
  REQUIRE(result.ok());
  auto before = linesOf(core::seedTemplateText());
  auto after = linesOf(result.text);
  REQUIRE(before.size() == after.size());
  std::vector<std::string> changed;
  for (size_t i = 0; i < before.size(); ++i)
    if (before[i] != after[i])
      changed.push_back(after[i]);
  CHECK(changed == std::vector<std::string>{
                       "# 2026-11-20 — Paged attention: block tables",
                       "date: 2026-11-20",
                       "track: 02-Infra-System",
                       "module: vLLM",
                       "topic: \"Paged attention: block tables\"",
                       "goal_type: \"\"                # production | research | interview",
                       "status: \"\"                   # weak | ok | mastered",
                       "level_before: \"\"             # L0 | L1 | L2 | L3 | L4 | L5",
                       "level_after: \"\"              # L0 | L1 | L2 | L3 | L4 | L5",
                       "  sessions: [/sessions/"
                       "2026-11-20__02-Infra-System__vLLM__paged-attention-block-tables.md]  # "
                       "keep this file path after saving",
                   });
}

TEST_CASE("a Korean topic keeps its letters in the slug", "[new-session]") {
  auto result = fromSeed(request("페이지드 어텐션 정리 🚀 (vLLM)"));
  REQUIRE(result.ok());
  CHECK(result.workspacePath ==
        "sessions/2026-11-20__02-Infra-System__vLLM__페이지드-어텐션-정리-vllm.md");
  auto document = core::Document::parse(result.text);
  CHECK(scalar(*document, "topic") == "페이지드 어텐션 정리 🚀 (vLLM)");
  CHECK(forbiddenFound(diagnoseAt(result.text, result.workspacePath, *core::builtinSchema()))
            .empty());
}

TEST_CASE("invalid requests give an error and no file", "[new-session]") {
  auto withTrack = request();
  withTrack.track = "02-infra-system";
  auto badTrack = fromSeed(withTrack);
  CHECK_FALSE(badTrack.ok());
  CHECK(badTrack.error.find("closest: `02-Infra-System`") != std::string::npos);
  CHECK(badTrack.text.empty());
  CHECK(badTrack.workspacePath.empty());

  for (std::string date : {"2026-02-30", "20261120", "", "2026-11-20T10:00"}) {
    auto withDate = request();
    withDate.date = date;
    INFO(date);
    CHECK_FALSE(fromSeed(withDate).ok());
  }
  for (std::string module : {"", "a/b", "vLLM 2", "a__b", "..", "x:y"}) {
    auto withModule = request();
    withModule.module = module;
    INFO(module);
    CHECK_FALSE(fromSeed(withModule).ok());
  }
  for (std::string topic : {"", "   ", "🚀 !!", "two\nlines"}) {
    INFO(topic);
    CHECK_FALSE(fromSeed(request(topic)).ok());
  }
  auto outside = request();
  outside.sessionsFolder = "../elsewhere";
  CHECK_FALSE(fromSeed(outside).ok());
}

TEST_CASE("a leap day is a real date", "[new-session]") {
  auto leap = request();
  leap.date = "2028-02-29";
  CHECK(fromSeed(leap).ok());
  leap.date = "2100-02-29";
  CHECK_FALSE(fromSeed(leap).ok());
}

TEST_CASE("topics that YAML would misread are quoted and read back as written", "[new-session]") {
  for (std::string topic :
       {"2024", "null", "yes", "# heading?", "say \"hi\" \\ bye", "a: b", "- dash", "x #y"}) {
    INFO(topic);
    auto result = fromSeed(request(topic));
    REQUIRE(result.ok());
    auto document = core::Document::parse(result.text);
    REQUIRE(document->metadata.parsed);
    CHECK(scalar(*document, "topic") == topic);
  }
}

TEST_CASE("a template with real front matter stays front matter", "[new-session]") {
  const std::string templateText = "---\n"
                                   "date: YYYY-MM-DD\n"
                                   "track: A-Track | B-Track\n"
                                   "module: Foo | Bar | ...\n"
                                   "topic: Short, specific title\n"
                                   "status: weak | ok   # how it went\n"
                                   "evidence_targets:\n"
                                   "  sessions:\n"
                                   "    - \"\"\n"
                                   "  lab: []\n"
                                   "---\n"
                                   "\n"
                                   "# Session\n"
                                   "\n"
                                   "## 1) Summary\n"
                                   "\n"
                                   "* **Outcome:**\n";
  auto schema = core::parseSchema(templateText);
  features::NewSessionRequest frontMatter;
  frontMatter.track = "B-Track";
  frontMatter.module = "Baz";
  frontMatter.topic = "Front matter";
  frontMatter.date = "2026-01-05";
  frontMatter.sessionsFolder = "notes/sessions";
  auto result = features::newSession(schema, templateText, frontMatter);
  REQUIRE(result.ok());
  CHECK(result.workspacePath == "notes/sessions/2026-01-05__B-Track__Baz__front-matter.md");
  const std::string expectedStart = "---\ndate: 2026-01-05\ntrack: B-Track\nmodule: Baz\n"
                                    "topic: Front matter\nstatus: \"\"          # how it went\n";
  CHECK(result.text.substr(0, expectedStart.size()) == expectedStart);
  CHECK(result.text.find("# 2026-01-05 — Front matter\n") != std::string::npos);

  auto document = core::Document::parse(result.text);
  REQUIRE(document->metadata.placement == core::MetadataPlacement::FrontMatter);
  CHECK(ownSessionsList(*document) == std::vector<std::string>{"/" + result.workspacePath});
  auto diagnostics = diagnoseAt(result.text, result.workspacePath, schema);
  auto forbidden = forbiddenFound(diagnostics);
  forbidden.erase(
      std::remove_if(forbidden.begin(), forbidden.end(),
                     [](const std::string& f) { return f.starts_with("unknown-module"); }),
      forbidden.end()); // `Baz` is a new module here: a hint, as expected
  CHECK(forbidden.empty());
}

TEST_CASE("an empty `sessions:` key gets a flow list with the file's own path", "[new-session]") {
  const std::string templateText = "---\ndate: YYYY-MM-DD\ntrack: A | B\nmodule: M | ...\n"
                                   "topic: Short, specific title\nevidence_targets:\n"
                                   "  sessions:\n  lab: []\n---\n\n## 1) Summary\n";
  auto schema = core::parseSchema(templateText);
  auto emptyKey = request();
  emptyKey.track = "A";
  auto result = features::newSession(schema, templateText, emptyKey);
  REQUIRE(result.ok());
  CHECK(result.text.find("  sessions: [/sessions/2026-11-20__A__vLLM__paged-attention-block-"
                         "tables.md]\n  lab: []\n") != std::string::npos);
}

TEST_CASE("a template without metadata is refused", "[new-session]") {
  auto result =
      features::newSession(*core::builtinSchema(), "# Notes\n\n## 1) Summary\n", request());
  CHECK_FALSE(result.ok());
  CHECK(result.error.find("no metadata") != std::string::npos);
}

TEST_CASE("the sessions folder is the first glob's leading literal folders", "[new-session]") {
  using features::sessionsFolderFromGlobs;
  CHECK(sessionsFolderFromGlobs({"sessions/**/*.md"}) == "sessions");
  CHECK(sessionsFolderFromGlobs({"./notes/2026/*.md", "sessions/**/*.md"}) == "notes/2026");
  CHECK(sessionsFolderFromGlobs({"logs/s*/*.md"}) == "logs");
  CHECK(sessionsFolderFromGlobs({"**/*.md"}).empty());
  CHECK(sessionsFolderFromGlobs({"*.md"}).empty());
  CHECK(sessionsFolderFromGlobs({}) == "sessions");
}

TEST_CASE("file-name slugs", "[new-session][slug]") {
  using features::fileNameSlug;
  CHECK(fileNameSlug("Paged Attention — why blocks?") == "paged-attention-why-blocks");
  CHECK(fileNameSlug("  vLLM v0.6: PagedAttention  ") == "vllm-v0-6-pagedattention");
  CHECK(fileNameSlug("어텐션「기초」") == "어텐션-기초");
  CHECK(fileNameSlug("Café déjà vu") == "café-déjà-vu");
  CHECK(fileNameSlug("🚀🔥").empty());
  CHECK(fileNameSlug("a\xFF"
                     "b") == "a-b"); // invalid UTF-8 separates, never copied
  // Long topics are cut on a character boundary, within the limit.
  std::string longKorean;
  for (int i = 0; i < 60; ++i)
    longKorean += "가";
  auto slug = fileNameSlug(longKorean);
  CHECK(slug.size() <= features::kMaxSlugBytes);
  CHECK(slug.size() % 3 == 0);
  CHECK(slug.size() > features::kMaxSlugBytes - 3);
}
