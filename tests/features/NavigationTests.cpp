// Evidence navigation over a scratch workspace on disk: path resolution, go to definition,
// document links, references from the workspace index, workspace symbols and path completion.
// Fixtures mark the cursor with `$0` and expected ranges with `[[...]]` (byte offsets into the
// clean text). Every test builds the same small workspace, plus a folder outside it that a
// symlink inside points to: nothing may lead there.
#include "server/features/Completion.h"
#include "server/features/EvidencePaths.h"
#include "server/features/Navigation.h"
#include "server/features/SessionIndex.h"

#include "server/core/Workspace.h"
#include "tests/support/Annotations.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace session;
using features::definitionAt;
using features::EvidenceLink;
using test::Annotations;
namespace fs = std::filesystem;

constexpr const char* kSession = "sessions/2026-11-27__02-Infra-System__vLLM__nav.md";
constexpr const char* kTrack = "tracks/02-Infra-System/vLLM";

/// A fresh workspace folder and a sibling folder outside it, both removed at the end.
class ScratchWorkspace {
public:
  ScratchWorkspace() {
    std::random_device random;
    std::string name = "session-lsp-nav-" + std::to_string(random());
    root_ = fs::temp_directory_path() / name / "root";
    outside_ = fs::temp_directory_path() / name / "outside";
    fs::create_directories(root_);
    fs::create_directories(outside_);
    std::ofstream(outside_ / "secret.md") << "# Secret\n";
    std::ofstream(outside_ / "INDEX.md") << "# Outside\n";

    write("lab/x.py", "import os\n\nprint(os.getcwd())\n");
    write("lab/vllm/bench.py", "print('bench')\n");
    write("lab/my dir/a.md", "# A\n");
    write("lab/.cache/hidden.txt", "");
    write(std::string(kTrack) + "/INDEX.md", "# vLLM\n");
    write(std::string(kTrack) + "/paged-attention.md",
          "# Paged attention\n"         // 0
          "\n"                          // 1
          "Intro.\n"                    // 2
          "\n"                          // 3
          "## 한 줄 요약\n"             // 4
          "\n"                          // 5
          "Blocks, not slabs.\n"        // 6
          "\n"                          // 7
          "## Measured here\n"          // 8
          "\n"                          // 9
          "## 2) Results: p50 / p95!\n" // 10
          "\n"                          // 11
          "## Measured here\n");        // 12: GitHub's `measured-here-1`
    write(std::string(kTrack) + "/메모리.md", "# 메모리\n");
    write("tracks/02-Infra-System/DeepSpeed/README.md", "# DeepSpeed\n");
    write("docs/README.md", "# Docs\n");
    fs::create_directories(root_ / "empty-folder");
    fs::create_directory_symlink(outside_, root_ / "lab/escape");
    fs::create_symlink(outside_ / "secret.md", root_ / "lab/leak.md");
  }
  ~ScratchWorkspace() {
    std::error_code error;
    fs::remove_all(root_.parent_path(), error);
  }
  ScratchWorkspace(const ScratchWorkspace&) = delete;
  ScratchWorkspace& operator=(const ScratchWorkspace&) = delete;

  const fs::path& root() const { return root_; }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << text;
  }

private:
  fs::path root_;
  fs::path outside_;
};

/// A session's front matter on \p module, with \p extra lines inside it.
std::string frontMatter(const std::string& date, const std::string& module,
                        const std::string& topic, const std::string& extra = "") {
  return "---\ndate: " + date + "\ntrack: 02-Infra-System\nmodule: " + module +
         "\ntopic: " + topic + "\n" + extra + "---\n";
}

std::optional<EvidenceLink> definitionAtCursor(const core::Workspace& workspace,
                                               const std::string& marked,
                                               const std::string& fromFile = kSession) {
  Annotations fixture(marked);
  auto document = core::Document::parse(fixture.code());
  return definitionAt(*document, fixture.cursor(), workspace, fromFile);
}

/// Where a definition leads, as `path:line`, or `none`.
std::string destination(const std::optional<EvidenceLink>& link) {
  return link ? link->target.workspacePath + ":" + std::to_string(link->target.line) : "none";
}

std::string definitionIn(const core::Workspace& workspace, const std::string& body) {
  return destination(
      definitionAtCursor(workspace, frontMatter("2026-11-27", "vLLM", "Nav") + body));
}

std::vector<features::CompletionItem> completeAt(const core::Workspace& workspace,
                                                 const Annotations& fixture,
                                                 const std::string& fromFile = kSession) {
  auto document = core::Document::parse(fixture.code());
  features::CompletionRequest request;
  request.document = document.get();
  request.offset = fixture.cursor();
  request.schema = workspace.schema().get();
  request.workspace = &workspace;
  request.workspacePath = fromFile;
  request.today = "2026-12-01";
  return features::complete(request);
}

std::vector<std::string> labels(const std::vector<features::CompletionItem>& items) {
  std::vector<std::string> names;
  for (const auto& item : items)
    names.push_back(item.label);
  std::sort(names.begin(), names.end());
  return names;
}

/// `begin-end`, so that a failing comparison shows the offsets.
std::string spanText(uint32_t begin, uint32_t end) {
  return std::to_string(begin) + "-" + std::to_string(end);
}

std::vector<std::string> spanTexts(const std::vector<test::MarkedRange>& ranges) {
  std::vector<std::string> texts;
  for (const auto& range : ranges)
    texts.push_back(spanText(range.begin, range.end));
  return texts;
}

features::ResolvedPath resolve(const core::Workspace& workspace, std::string_view target,
                               std::string_view fromFile = kSession) {
  return features::resolveEvidencePath(
      fromFile, target, [&workspace](std::string_view path) { return workspace.exists(path); });
}

} // namespace

// ---- Resolution -------------------------------------------------------------------------

TEST_CASE("evidence paths resolve from the root, the file's folder, then the root",
          "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());

  auto rooted = resolve(workspace, "/lab/x.py");
  CHECK(rooted.exists);
  CHECK(rooted.workspacePath == "lab/x.py");
  CHECK(rooted.tried == std::vector<std::string>{"lab/x.py"});

  auto relative = resolve(workspace, "../tracks/02-Infra-System/vLLM/INDEX.md");
  CHECK(relative.exists);
  CHECK(relative.workspacePath == "tracks/02-Infra-System/vLLM/INDEX.md");

  // `lab/x.py` from sessions/: `sessions/lab/x.py` first, then the root.
  auto bare = resolve(workspace, "lab/x.py");
  CHECK(bare.exists);
  CHECK(bare.workspacePath == "lab/x.py");
  CHECK(bare.tried == std::vector<std::string>{"sessions/lab/x.py", "lab/x.py"});

  // The file's folder wins when both exist.
  scratch.write("sessions/lab/x.py", "");
  CHECK(resolve(workspace, "lab/x.py").workspacePath == "sessions/lab/x.py");

  // Anchors are ignored; a missing path reports the first candidate.
  CHECK(resolve(workspace, "/lab/x.py#L3").exists);
  auto missing = resolve(workspace, "lab/missing.py");
  CHECK_FALSE(missing.exists);
  CHECK_FALSE(missing.outsideWorkspace);
  CHECK(missing.workspacePath == "sessions/lab/missing.py");
}

TEST_CASE("paths that leave the workspace, by `..` or by a symlink, do not resolve",
          "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());

  auto climbing = resolve(workspace, "../../etc/passwd");
  CHECK(climbing.outsideWorkspace);
  CHECK_FALSE(climbing.exists);
  CHECK(climbing.tried.empty());
  CHECK(resolve(workspace, "/../root/lab/x.py").outsideWorkspace);

  CHECK_FALSE(resolve(workspace, "/lab/leak.md").exists);
  CHECK_FALSE(resolve(workspace, "/lab/escape/secret.md").exists);
  CHECK_FALSE(resolve(workspace, "/lab/escape").exists);
  CHECK_FALSE(workspace.readFile("lab/leak.md"));
}

// ---- Go to definition -------------------------------------------------------------------

TEST_CASE("definition: front matter, links, cells and Lab path(s)", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  const std::string track = kTrack;

  // Front matter: root-relative, with a Korean anchor.
  CHECK(destination(definitionAtCursor(
            workspace, frontMatter("2026-11-27", "vLLM", "Nav",
                                   "evidence_targets:\n  tracks: [/tracks/02-Infra-System/vLLM/"
                                   "paged-$0attention.md#한-줄-요약]\n"))) ==
        track + "/paged-attention.md:4");
  // Front matter: a bare `lab/x.py` resolves at the root after sessions/ fails.
  CHECK(destination(definitionAtCursor(
            workspace, frontMatter("2026-11-27", "vLLM", "Nav",
                                   "evidence_targets:\n  lab:\n    - lab/$0x.py\n"))) ==
        "lab/x.py:0");
  // A file-relative body link.
  CHECK(definitionIn(workspace, "\nSee [notes](../tracks/02-Infra-$0System/vLLM/INDEX.md).\n") ==
        track + "/INDEX.md:0");
  // `Lab path(s)` code span, and a bare path in an Evidence link cell.
  CHECK(definitionIn(workspace, "\n* **Lab path(s):** `lab/vllm/be$0nch.py`\n") ==
        "lab/vllm/bench.py:0");
  CHECK(definitionIn(workspace, "\n| Gap | Evidence link |\n|---|---|\n| slow | /lab/x$0.py |\n") ==
        "lab/x.py:0");
  // Not on a path: nothing.
  CHECK(definitionIn(workspace, "\nPlain $0prose about lab/x.py.\n") == "none");
}

TEST_CASE("definition: anchors lead to their heading or line", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  const std::string note = std::string(kTrack) + "/paged-attention.md";
  auto linkTo = [&](const std::string& target) {
    return definitionIn(workspace, "\n[x]($0" + target + ")\n");
  };
  CHECK(linkTo("/" + note + "#한-줄-요약") == note + ":4");
  CHECK(linkTo("/" + note + "#measured-here") == note + ":8");
  CHECK(linkTo("/" + note + "#Measured%20here") == note + ":8"); // decoded, then slugged
  CHECK(linkTo("/" + note + "#2-results-p50--p95") == note + ":10");
  CHECK(linkTo("/" + note + "#measured-here-1") == note + ":12"); // the second one
  CHECK(linkTo("/" + note + "#no-such-heading") == note + ":0");
  CHECK(linkTo("/lab/x.py#L3") == "lab/x.py:2");
  CHECK(linkTo("/lab/x.py#L12") == "lab/x.py:11"); // past the end: the client clamps
  CHECK(linkTo("/lab/x.py#L0") == "lab/x.py:0");
  CHECK(linkTo("/lab/x.py#L3-L5") == "lab/x.py:2");                 // a line range: its first line
  CHECK(linkTo("/lab/x.py#L99999999999999999999") == "lab/x.py:0"); // too long to be a line

  CHECK(features::headingSlug("Measured here") == "measured-here");
  CHECK(features::headingSlug("한 줄 요약") == "한-줄-요약");
  CHECK(features::headingSlug("2) Results: p50 / p95!") == "2-results-p50--p95");
  CHECK(features::headingSlug("Why 😀 it works") == "why--it-works");
  CHECK(features::headingSlug("snake_case and-dash") == "snake_case-and-dash");
}

TEST_CASE("definition: spaces, %20 and Korean file names", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  const std::string track = kTrack;
  CHECK(definitionIn(workspace, "\n[a]($0../lab/my%20dir/a.md)\n") == "lab/my dir/a.md:0");
  CHECK(definitionIn(workspace, "\n[a](<../lab/my dir/$0a.md>)\n") == "lab/my dir/a.md:0");
  CHECK(definitionIn(workspace, "\n[m](../tracks/02-Infra-System/vLLM/메$0모리.md)\n") ==
        track + "/메모리.md:0");
  CHECK(definitionIn(workspace,
                     "\n[m](../tracks/02-Infra-System/vLLM/%EB%A9%94%EB%AA%A8%EB%A6%AC.md$0)\n") ==
        track + "/메모리.md:0");
  CHECK(
      definitionIn(workspace, "\n* **Lab path(s):** `tracks/02-Infra-System/vLLM/메$0모리.md`\n") ==
      track + "/메모리.md:0");
  // An item of an evidence list is a path, blanks and all (quoted or not).
  CHECK(destination(definitionAtCursor(
            workspace, frontMatter("2026-11-27", "vLLM", "Nav",
                                   "evidence_targets:\n  lab: [\"/lab/my dir/$0a.md\"]\n"))) ==
        "lab/my dir/a.md:0");
  CHECK(destination(definitionAtCursor(
            workspace, frontMatter("2026-11-27", "vLLM", "Nav",
                                   "evidence_targets:\n  lab:\n    - ../lab/my d$0ir/a.md\n"))) ==
        "lab/my dir/a.md:0");
  // ...but not a note in words.
  CHECK(destination(definitionAtCursor(
            workspace, frontMatter("2026-11-27", "vLLM", "Nav",
                                   "evidence_targets:\n  lab: [not $0yet]\n"))) == "none");
}

TEST_CASE("definition: never outside the workspace", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  CHECK(definitionIn(workspace, "\n[p]($0../../etc/passwd)\n") == "none");
  CHECK(definitionIn(workspace, "\n[p]($0/../../../etc/passwd)\n") == "none");
  CHECK(definitionIn(workspace, "\n[s]($0../lab/leak.md)\n") == "none");
  CHECK(definitionIn(workspace, "\n[s]($0../lab/escape/secret.md)\n") == "none");
  CHECK(definitionIn(workspace, "\n[s]($0../lab/escape/)\n") == "none");
  CHECK(definitionIn(workspace, "\n* **Lab path(s):** `lab/esc$0ape/secret.md`\n") == "none");
}

TEST_CASE("definition: folders lead to their index page, the module to its INDEX.md",
          "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  const std::string track = kTrack;
  CHECK(definitionIn(workspace, "\n[f]($0../tracks/02-Infra-System/vLLM/)\n") ==
        track + "/INDEX.md:0");
  CHECK(definitionIn(workspace, "\n[f]($0../tracks/02-Infra-System/vLLM)\n") ==
        track + "/INDEX.md:0");
  CHECK(definitionIn(workspace, "\n[d]($0/docs)\n") == "docs/README.md:0");
  CHECK(definitionIn(workspace, "\n[e]($0/empty-folder/)\n") == "none");

  CHECK(destination(definitionAtCursor(workspace, frontMatter("2026-11-27", "vL$0LM", "Nav"))) ==
        track + "/INDEX.md:0");
  // A module without INDEX.md, or one that is not a folder: nothing.
  CHECK(destination(definitionAtCursor(workspace,
                                       frontMatter("2026-11-27", "Deep$0Speed", "Nav"))) == "none");
  CHECK(destination(definitionAtCursor(workspace, frontMatter("2026-11-27", "Mis$0sing", "Nav"))) ==
        "none");
  // A module value that climbs out of the track folder does not lead anywhere.
  CHECK(destination(definitionAtCursor(
            workspace, frontMatter("2026-11-27", "../../..$0/outside", "Nav"))) == "none");
}

// ---- Document links ---------------------------------------------------------------------

TEST_CASE("document links: a quoted module and a `<...>` target keep to the text", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  Annotations fixture("---\n"
                      "date: 2026-11-27\n"
                      "track: 02-Infra-System\n"
                      "module: \"[[vLLM]]\"\n"
                      "topic: Nav\n"
                      "---\n"
                      "\n"
                      "[a](<[[../lab/my dir/a.md]]>)\n");
  auto document = core::Document::parse(fixture.code());
  auto links = features::documentLinks(*document, workspace, kSession);
  std::vector<std::string> ranges;
  for (const auto& link : links)
    ranges.push_back(spanText(link.range.begin, link.range.end));
  CHECK(ranges == spanTexts(fixture.ranges()));
}

TEST_CASE("definition in a fenced yaml metadata block", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  CHECK(destination(definitionAtCursor(workspace, "# 2026-11-27 — Nav\n"
                                                  "\n"
                                                  "## YAML Metadata (Required)\n"
                                                  "\n"
                                                  "```yaml\n"
                                                  "---\n"
                                                  "date: 2026-11-27\n"
                                                  "track: 02-Infra-System\n"
                                                  "module: vLLM\n"
                                                  "evidence_targets:\n"
                                                  "  lab: [/lab/x.py, /lab/vllm/be$0nch.py]\n"
                                                  "---\n"
                                                  "```\n")) == "lab/vllm/bench.py:0");
}

TEST_CASE("document links: every resolving evidence path, ranges exact", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  Annotations fixture(
      "---\n"
      "date: 2026-11-27\n"
      "track: 02-Infra-System\n"
      "module: [[vLLM]]\n"
      "topic: Nav\n"
      "evidence_targets:\n"
      "  tracks: [ [[/tracks/02-Infra-System/vLLM/paged-attention.md#한-줄-요약]] ]\n"
      "  lab: [ \"[[lab/x.py]]\", /lab/missing.py, ../../etc/passwd ]\n"
      "---\n"
      "\n"
      "* **Lab path(s):** 😀 `[[lab/vllm/bench.py]]`, `lab/leak.md`\n"
      "* [notes]([[../tracks/02-Infra-System/vLLM/]]) and [x]([[../lab/my%20dir/a.md]])\n"
      "* [secret](../../../etc/passwd) [out](../lab/escape/secret.md) [web](https://x.org)\n"
      "\n"
      "| Gap | Evidence link |\n"
      "|---|---|\n"
      "| 메모리 | [[../tracks/02-Infra-System/vLLM/메모리.md]] |\n");
  auto document = core::Document::parse(fixture.code());
  auto links = features::documentLinks(*document, workspace, kSession);

  const std::string track = kTrack;
  std::vector<std::string> expectedTargets = {
      track + "/INDEX.md:0", track + "/paged-attention.md:4", "lab/x.py:0",
      "lab/vllm/bench.py:0", track + "/INDEX.md:0",           "lab/my dir/a.md:0",
      track + "/메모리.md:0"};
  std::vector<std::string> targets;
  std::vector<std::string> ranges;
  for (const auto& link : links) {
    targets.push_back(link.target.workspacePath + ":" + std::to_string(link.target.line));
    ranges.push_back(spanText(link.range.begin, link.range.end));
  }
  CHECK(targets == expectedTargets);
  CHECK(ranges == spanTexts(fixture.ranges()));
  REQUIRE(links.size() == expectedTargets.size());
  CHECK(links[1].tooltip == "/" + track + "/paged-attention.md #한-줄-요약");
  CHECK(links[5].tooltip == "/lab/my dir/a.md");
}

// ---- References and the index -----------------------------------------------------------

namespace {

/// Three sessions on disk, indexed with their citations.
void writeSessions(const ScratchWorkspace& scratch) {
  scratch.write(
      "sessions/2026-11-18__02-Infra-System__vLLM__paged.md",
      frontMatter("2026-11-18", "vLLM", "Paged attention and the block table",
                  "evidence_targets:\n  lab: [/lab/x.py]\n") +
          "\n"
          "See [the note](../tracks/02-Infra-System/vLLM/paged-attention.md#한-줄-요약).\n"
          "* 한글 😀 [x](../lab/x.py)\n");
  scratch.write("sessions/2026-11-20__02-Infra-System__vLLM__batching.md",
                frontMatter("2026-11-20", "vLLM", "Continuous batching") +
                    "\n* **Lab path(s):** `lab/x.py`\n");
  scratch.write("sessions/2026-11-19__02-Infra-System__DeepSpeed__zero.md",
                frontMatter("2026-11-19", "DeepSpeed", "ZeRO stages") +
                    "\n[folder](../tracks/02-Infra-System/vLLM/)\n");
  scratch.write("sessions/untitled.md", "---\ntrack: 02-Infra-System\nmodule: vLLM\n---\n");
}

core::Workspace indexedWorkspace(const ScratchWorkspace& scratch) {
  core::Workspace workspace(scratch.root());
  workspace.setFactsExtractor(features::extractSessionFacts);
  workspace.indexSessionsOnDisk();
  return workspace;
}

/// `path:line` of each reference.
std::vector<std::string> referencesAtCursor(const core::Workspace& workspace,
                                            const std::string& marked,
                                            const std::string& fromFile = kSession) {
  Annotations fixture(marked);
  auto document = core::Document::parse(fixture.code());
  std::vector<std::string> found;
  for (const auto& reference :
       features::referencesAt(*document, fixture.cursor(), workspace, fromFile))
    found.push_back(reference.workspacePath + ":" + std::to_string(reference.position.line));
  return found;
}

} // namespace

TEST_CASE("references: sessions citing a lab file, on a module, or citing this file",
          "[navigation]") {
  ScratchWorkspace scratch;
  writeSessions(scratch);
  auto workspace = indexedWorkspace(scratch);
  REQUIRE(workspace.sessionCount() == 4);

  const std::string paged = "sessions/2026-11-18__02-Infra-System__vLLM__paged.md";
  const std::string batching = "sessions/2026-11-20__02-Infra-System__vLLM__batching.md";
  const std::string zero = "sessions/2026-11-19__02-Infra-System__DeepSpeed__zero.md";

  // On a lab path: the front matter and body citations of one session, the bare `lab/x.py`
  // of another (it names the root's file once sessions/lab/x.py is not there).
  CHECK(referencesAtCursor(workspace, frontMatter("2026-11-27", "vLLM", "Nav",
                                                  "evidence_targets:\n  lab: [lab/x$0.py]\n")) ==
        std::vector<std::string>{paged + ":6", paged + ":10", batching + ":7"});
  CHECK(referencesAtCursor(workspace, "\n[x](../lab/$0x.py)\n") ==
        std::vector<std::string>{paged + ":6", paged + ":10", batching + ":7"});
  // On the module value: the sessions on exactly that module, with the value's line.
  CHECK(referencesAtCursor(workspace, frontMatter("2026-11-27", "v$0LLM", "Nav")) ==
        std::vector<std::string>{paged + ":3", batching + ":3", "sessions/untitled.md:2"});
  // Elsewhere in a track note: the sessions citing it (the anchor does not matter).
  CHECK(referencesAtCursor(workspace, "# Paged$0 attention\n",
                           std::string(kTrack) + "/paged-attention.md") ==
        std::vector<std::string>{paged + ":9"});
  // A folder citation counts for the folder's path.
  CHECK(referencesAtCursor(workspace, "\n[f](../tracks/02-Infra-System/v$0LLM/)\n") ==
        std::vector<std::string>{zero + ":7"});
  // A folder's index page counts as cited by a link to the folder, and the other way round.
  CHECK(referencesAtCursor(workspace, "# v$0LLM\n", std::string(kTrack) + "/INDEX.md") ==
        std::vector<std::string>{zero + ":7"});
  CHECK(referencesAtCursor(workspace, "\n[f](../tracks/02-Infra-System/vLLM/IN$0DEX.md)\n") ==
        std::vector<std::string>{zero + ":7"});
  // Nothing leaves the workspace.
  CHECK(referencesAtCursor(workspace, "\n[p](../../etc/pa$0sswd)\n").empty());
}

TEST_CASE("citations keep UTF-8 and UTF-16 columns after Korean and emoji", "[navigation]") {
  ScratchWorkspace scratch;
  writeSessions(scratch);
  auto workspace = indexedWorkspace(scratch);
  auto citations = workspace.citationsOf("lab/x.py");
  const core::Citation* body = nullptr;
  for (const auto& [path, citation] : citations)
    if (citation.line == 10)
      body = &citation;
  REQUIRE(body != nullptr);
  // `* 한글 😀 [x](` is 2 + 6 + 1 + 4 + 1 + 4 = 18 bytes, 2 + 2 + 1 + 2 + 1 + 4 = 12 UTF-16 units.
  CHECK(body->column == 18);
  CHECK(body->endColumn == 18 + 11);
  CHECK(body->utf16Column == 12);
  CHECK(body->utf16EndColumn == 12 + 11);
  CHECK(body->candidates == std::vector<std::string>{"lab/x.py"});

  const auto& facts =
      workspace.sessions().at("sessions/2026-11-18__02-Infra-System__vLLM__paged.md");
  CHECK(facts.modulePosition.line == 3);
  CHECK(facts.modulePosition.column == 8);
  CHECK(facts.modulePosition.endColumn == 12);
  CHECK(facts.modulePosition.candidates.empty());

  // A quoted module: the name without its quotes.
  scratch.write("sessions/2026-11-22__q.md", "---\nmodule: '한글 vLLM'\n---\n");
  workspace.reindexSessionOnDisk("sessions/2026-11-22__q.md");
  const auto& quoted = workspace.sessions().at("sessions/2026-11-22__q.md").modulePosition;
  CHECK(quoted.line == 1);
  CHECK(quoted.column == 9);
  CHECK(quoted.endColumn == 9 + 11);
  CHECK(quoted.utf16Column == 9);
  CHECK(quoted.utf16EndColumn == 9 + 7);
}

TEST_CASE("the index never keeps a path that leaves the workspace", "[navigation]") {
  ScratchWorkspace scratch;
  scratch.write("sessions/2026-11-21__x.md",
                frontMatter("2026-11-21", "vLLM", "Out") + "\n[p](../../etc/passwd)\n");
  auto workspace = indexedWorkspace(scratch);
  const auto& facts = workspace.sessions().at("sessions/2026-11-21__x.md");
  CHECK(facts.citations.empty());
  CHECK(workspace.citationsOf("etc/passwd").empty());
}

// ---- Workspace symbols ------------------------------------------------------------------

TEST_CASE("workspace symbols: words AND-ed, case-insensitive, newest first, limited",
          "[navigation]") {
  ScratchWorkspace scratch;
  writeSessions(scratch);
  auto workspace = indexedWorkspace(scratch);
  auto names = [&](std::string_view query, size_t limit = 500) {
    std::vector<std::string> found;
    for (const auto& symbol : features::workspaceSymbols(workspace, query, limit))
      found.push_back(symbol.name);
    return found;
  };
  CHECK(names("vllm") == std::vector<std::string>{"Continuous batching",
                                                  "Paged attention and the block table",
                                                  "untitled.md"});
  CHECK(names("PAGED  vLLM") == std::vector<std::string>{"Paged attention and the block table"});
  CHECK(names("vllm zero").empty());
  CHECK(names("2026-11-19") == std::vector<std::string>{"ZeRO stages"});
  CHECK(names("") == std::vector<std::string>{"Continuous batching", "ZeRO stages",
                                              "Paged attention and the block table",
                                              "untitled.md"});
  CHECK(names("", 2) == std::vector<std::string>{"Continuous batching", "ZeRO stages"});

  auto symbols = features::workspaceSymbols(workspace, "zero");
  REQUIRE(symbols.size() == 1);
  CHECK(symbols[0].container == "2026-11-19 · 02-Infra-System / DeepSpeed");
  CHECK(symbols[0].workspacePath == "sessions/2026-11-19__02-Infra-System__DeepSpeed__zero.md");
}

// ---- Path completion --------------------------------------------------------------------

TEST_CASE("path completion in an evidence list, folder by folder", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  auto inLab = [&](const std::string& list) {
    return Annotations(
        frontMatter("2026-11-27", "vLLM", "Nav", "evidence_targets:\n  lab: " + list + "\n"));
  };

  // `/lab/`: lab's entries; hidden ones and symlinks leading out are left out.
  Annotations rooted = inLab("[/lab/[[]]$0]");
  auto items = completeAt(workspace, rooted);
  CHECK(labels(items) == std::vector<std::string>{"my dir/", "vllm/", "x.py"});
  for (const auto& item : items)
    CHECK(item.editRange == core::ByteRange{rooted.range().begin, rooted.range().end});

  // A partial segment in the middle of a path: only that segment is replaced.
  Annotations middle = inLab("[/lab/[[vl$0lm]]/bench.py]");
  items = completeAt(workspace, middle);
  REQUIRE_FALSE(items.empty());
  for (const auto& item : items)
    CHECK(item.editRange == core::ByteRange{middle.range().begin, middle.range().end});

  // An anchor after the segment stays.
  Annotations anchored = inLab("[/lab/[[x$0.py]]#L3]");
  items = completeAt(workspace, anchored);
  REQUIRE_FALSE(items.empty());
  for (const auto& item : items)
    CHECK(item.editRange == core::ByteRange{anchored.range().begin, anchored.range().end});
  CHECK(completeAt(workspace, inLab("[/lab/x.py#L$0]")).empty());

  // A bare `lab/` resolves at the root after sessions/ fails.
  CHECK(labels(completeAt(workspace, inLab("[lab/vllm/$0]"))) ==
        std::vector<std::string>{"bench.py"});
  // Out of the root, or through a symlink that leads out: nothing.
  CHECK(completeAt(workspace, inLab("[../../$0]")).empty());
  CHECK(completeAt(workspace, inLab("[/lab/escape/$0]")).empty());
}

TEST_CASE("path completion in a markdown link", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  auto inBody = [&](const std::string& line) {
    return Annotations(frontMatter("2026-11-27", "vLLM", "Nav") + "\n" + line + "\n");
  };

  Annotations tracks = inBody("See [t](../tracks/[[]]$0");
  auto items = completeAt(workspace, tracks);
  CHECK(labels(items) == std::vector<std::string>{"02-Infra-System/"});
  for (const auto& item : items)
    CHECK(item.editRange == core::ByteRange{tracks.range().begin, tracks.range().end});

  Annotations partial = inBody("See [t](../tracks/02-Infra-System/vLLM/[[메$0]])");
  items = completeAt(workspace, partial);
  CHECK(labels(items) == std::vector<std::string>{"INDEX.md", "paged-attention.md", "메모리.md"});
  for (const auto& item : items)
    CHECK(item.editRange == core::ByteRange{partial.range().begin, partial.range().end});

  CHECK(completeAt(workspace, inBody("See [t](../../$0")).empty());
  CHECK(completeAt(workspace, inBody("See [t](../lab/escape/$0")).empty());
  // In the anchor, no file names.
  CHECK(completeAt(workspace, inBody("See [t](../lab/x.py#L$0")).empty());
}

TEST_CASE("path completion through %20 in a link, and names with blanks encoded", "[navigation]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  Annotations inside(frontMatter("2026-11-27", "vLLM", "Nav") + "\n[a](../lab/my%20dir/$0\n");
  CHECK(labels(completeAt(workspace, inside)) == std::vector<std::string>{"a.md"});

  // A link destination cannot hold a blank: the name goes in as `%20`.
  Annotations lab(frontMatter("2026-11-27", "vLLM", "Nav") + "\n[a](../lab/my$0\n");
  auto items = completeAt(workspace, lab);
  auto dir = std::find_if(items.begin(), items.end(),
                          [](const auto& item) { return item.label == "my dir/"; });
  REQUIRE(dir != items.end());
  CHECK(dir->newText == "my%20dir/");
  CHECK(dir->filterText == "my%20dir");
  // In an evidence list, names go in as they are.
  Annotations listed(
      frontMatter("2026-11-27", "vLLM", "Nav", "evidence_targets:\n  lab: [/lab/my$0]\n"));
  items = completeAt(workspace, listed);
  dir = std::find_if(items.begin(), items.end(),
                     [](const auto& item) { return item.label == "my dir/"; });
  REQUIRE(dir != items.end());
  CHECK(dir->newText == "my dir/");
}
