// Quick fixes (SPEC §5), one test per fix: each fixture shows the text before and after the
// fix, and the after-text is what applying the fix's edits back-to-front gives. File creation
// and renames use a scratch workspace on disk, indexed as the server indexes it.
#include "server/features/CodeActions.h"
#include "server/features/Diagnostics.h"
#include "server/features/SessionIndex.h"
#include "server/features/WorkspaceCheck.h"

#include "server/core/Workspace.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace session;
using features::CodeAction;
using features::TextEdit;
namespace fs = std::filesystem;

constexpr const char* kPath = "sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md";

/// Applies \p edits to \p text from the last to the first, so earlier offsets stay valid; edits
/// at one offset keep their list order in the result.
std::string applyEdits(std::string text, const std::vector<TextEdit>& edits) {
  std::vector<size_t> order(edits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return edits[a].range.begin != edits[b].range.begin
               ? edits[a].range.begin > edits[b].range.begin
               : a > b;
  });
  for (size_t index : order) {
    const TextEdit& edit = edits[index];
    text.replace(edit.range.begin, edit.range.end - edit.range.begin, edit.newText);
  }
  return text;
}

/// The metadata lines of a valid session (in front matter or a fenced block).
const std::string kMetadata = "date: 2026-11-20\n"
                              "start_time: \"19:30\"          # optional\n"
                              "duration_min: 90\n"
                              "track: 02-Infra-System\n"
                              "module: vLLM\n"
                              "topic: Paged attention 한국어 😀\n"
                              "goal_type: production\n"
                              "status: ok\n"
                              "level_before: L1\n"
                              "level_after: L2\n"
                              "evidence_targets:\n"
                              "  sessions: [/" +
                              std::string(kPath) +
                              "]\n"
                              "  tracks: []\n"
                              "  lab: []\n"
                              "refs:\n"
                              "  - title: \"Paper\"\n"
                              "    link: \"https://arxiv.org/abs/2309.06180\"\n"
                              "tags: [vllm, 메모리]\n";

/// \p text with the first \p from replaced by \p to (the fixture must contain it).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string frontMatter(const std::string& metadata = kMetadata, const std::string& body = "") {
  return "---\n" + metadata + "---\n" + body;
}

std::string fencedBlock(const std::string& metadata = kMetadata) {
  return "# Session\n\n## YAML Metadata (Required)\n\n```yaml\n---\n" + metadata + "---\n````\n";
}

using session::test::withCrlf;

struct Checked {
  std::string text;
  std::shared_ptr<const core::Schema> schema;
  std::shared_ptr<const core::Document> document;
  std::vector<core::Diagnostic> diagnostics;
  std::vector<CodeAction> actions;
  features::CodeActionContext context;

  /// The actions for diagnostics of \p code, in order.
  std::vector<CodeAction> actionsFor(std::string_view code) const {
    std::vector<CodeAction> found;
    for (const auto& action : actions)
      if (diagnostics[action.diagnostic].code == code)
        found.push_back(action);
    return found;
  }
  /// The single action titled \p title.
  CodeAction titled(std::string_view title) const {
    std::vector<CodeAction> found;
    for (const auto& action : actions)
      if (action.title == title)
        found.push_back(action);
    INFO("title: " << title);
    REQUIRE(found.size() == 1);
    return found.front();
  }
  std::string after(const CodeAction& action) const { return applyEdits(text, action.edits); }
  size_t count(std::string_view code) const {
    return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                             [&](const auto& d) { return d.code == code; }));
  }
};

/// Diagnoses \p text as the file at \p path (outside any workspace) and lists its fixes.
Checked check(std::string text, std::string path = kPath) {
  Checked checked;
  checked.text = std::move(text);
  checked.schema = core::builtinSchema();
  checked.document = core::Document::parse(checked.text);
  features::CheckContext context;
  context.schema = checked.schema.get();
  context.workspacePath = path;
  checked.diagnostics = features::diagnose(*checked.document, context);
  checked.context = {checked.document.get(), checked.schema.get(), nullptr, path};
  checked.actions = features::codeActions(checked.context, checked.diagnostics);
  return checked;
}

Checked checkIn(const core::Workspace& workspace, std::string text, std::string path = kPath) {
  Checked checked;
  checked.text = std::move(text);
  checked.schema = workspace.schema();
  checked.document = core::Document::parse(checked.text);
  checked.diagnostics = features::diagnoseInWorkspace(workspace, path, *checked.document);
  checked.context = {checked.document.get(), checked.schema.get(), &workspace, path};
  checked.actions = features::codeActions(checked.context, checked.diagnostics);
  return checked;
}

std::vector<std::string> titles(const std::vector<CodeAction>& actions) {
  std::vector<std::string> found;
  for (const auto& action : actions)
    found.push_back(action.title);
  return found;
}

// ---- enum values --------------------------------------------------------------------------

TEST_CASE("an invalid level offers the closest level, preferred, then every other one",
          "[codeActions][enum]") {
  auto checked = check(frontMatter(replaced(kMetadata, "level_after: L2", "level_after: L9")));
  auto actions = checked.actionsFor("invalid-enum");
  CHECK(titles(actions) == std::vector<std::string>{"Change to `L5`", "Change to `L0`",
                                                    "Change to `L1`", "Change to `L2`",
                                                    "Change to `L3`", "Change to `L4`"});
  REQUIRE(!actions.empty());
  CHECK(actions[0].preferred);
  CHECK_FALSE(actions[0].safe); // L9 → L5 changes what the user said: not for fix-all
  for (size_t i = 1; i < actions.size(); ++i)
    CHECK_FALSE(actions[i].preferred);
  CHECK(checked.after(actions[0]) ==
        frontMatter(replaced(kMetadata, "level_after: L2", "level_after: L5")));
  CHECK(checked.after(actions[1]) ==
        frontMatter(replaced(kMetadata, "level_after: L2", "level_after: L0")));
}

TEST_CASE("a case typo in an enum is the safe, preferred fix", "[codeActions][enum]") {
  auto checked = check(frontMatter(replaced(kMetadata, "status: ok", "status: Ok")));
  auto actions = checked.actionsFor("invalid-enum");
  REQUIRE(!actions.empty());
  CHECK(actions[0].title == "Change to `ok`");
  CHECK(actions[0].preferred);
  CHECK(actions[0].safe);
  CHECK(checked.after(actions[0]) == frontMatter());
  CHECK(applyEdits(checked.text, features::fixAll(checked.context, checked.diagnostics)) ==
        frontMatter());
}

TEST_CASE("an empty enum field gets a value after its colon, the key kept", "[codeActions][enum]") {
  auto checked = check(frontMatter(replaced(kMetadata, "status: ok\n", "status:\n")));
  auto actions = checked.actionsFor("invalid-enum");
  CHECK(titles(actions) ==
        std::vector<std::string>{"Change to `weak`", "Change to `ok`", "Change to `mastered`"});
  REQUIRE(actions.size() == 3);
  CHECK_FALSE(actions[0].safe); // nothing to go on: the user must choose
  CHECK_FALSE(actions[0].preferred);
  CHECK(checked.after(actions[1]) == frontMatter());
  CHECK(checked.after(actions[0]) ==
        frontMatter(replaced(kMetadata, "status: ok\n", "status: weak\n")));
}

TEST_CASE("a module one edit from a known one is changed to it", "[codeActions][enum]") {
  auto checked = check(frontMatter(replaced(kMetadata, "module: vLLM", "module: vLMM")));
  auto actions = checked.actionsFor("unknown-module");
  // Modules are open: only the near one is offered, not every known module.
  REQUIRE(titles(actions) == std::vector<std::string>{"Change to `vLLM`"});
  CHECK(actions[0].preferred);
  CHECK(actions[0].safe);
  CHECK(checked.after(actions[0]) == frontMatter());
}

TEST_CASE("body enums: a Verdict bullet, a Status bullet and a Level reached cell",
          "[codeActions][enum][body]") {
  std::string body = "\n## 3) Dialogue Log (Socratic Record)\n\n### Q1 — 한국어 😀\n\n"
                     "* **Verdict:** Strnog\n\n"
                     "## 5) Verification (MANDATORY)\n\n### 5.2 Result\n\n"
                     "* **Status:** Pased — re-ran twice 😀\n\n"
                     "## 8) What I Can Now Do (Evidence-Based)\n\n"
                     "| Capability | Level reached | Proof (links) |\n"
                     "| ---------- | ------------: | ------------- |\n"
                     "| I can 설명 | L9 | notes |\n";
  auto checked = check(frontMatter(kMetadata, body));
  auto actions = checked.actionsFor("invalid-body-enum");

  auto verdict = checked.titled("Change to `Strong`");
  CHECK(verdict.preferred);
  CHECK(checked.after(verdict) ==
        frontMatter(kMetadata, replaced(body, "Verdict:** Strnog", "Verdict:** Strong")));
  CHECK(checked.titled("Change to `Weak`").edits.front().range ==
        verdict.edits.front().range); // every allowed value, at the same place

  auto status = checked.titled("Change to `Passed`");
  CHECK(status.preferred);
  // Only the enum part changes: the note after the dash stays.
  CHECK(checked.after(status) ==
        frontMatter(kMetadata, replaced(body, "Pased — re-ran", "Passed — re-ran")));
  CHECK(checked.titled("Change to `Not started`").edits.front().range ==
        status.edits.front().range);

  auto level = checked.titled("Change to `L5`");
  CHECK(level.preferred);
  CHECK(checked.after(level) == frontMatter(kMetadata, replaced(body, "| L9 |", "| L5 |")));
  CHECK(checked.titled("Change to `L0`").edits.front().range == level.edits.front().range);
  CHECK(actions.size() == 3 + 3 + 6);
}

TEST_CASE("a level cell with a note offers every level for its enum part",
          "[codeActions][enum][body]") {
  std::string body = "\n## 8) What I Can Now Do (Evidence-Based)\n\n"
                     "| Capability | Level reached | Proof (links) |\n"
                     "| ---------- | ------------: | ------------- |\n"
                     "| I can 설명 | L9 (deep 😀) | notes |\n";
  auto checked = check(frontMatter(kMetadata, body));
  auto actions = checked.actionsFor("invalid-body-enum");
  CHECK(titles(actions) == std::vector<std::string>{"Change to `L5`", "Change to `L0`",
                                                    "Change to `L1`", "Change to `L2`",
                                                    "Change to `L3`", "Change to `L4`"});
  REQUIRE(actions.size() == 6);
  CHECK(checked.after(actions[1]) ==
        frontMatter(kMetadata, replaced(body, "| L9 (deep", "| L0 (deep")));
}

TEST_CASE("a guess is neither preferred nor safe", "[codeActions][enum]") {
  SECTION("a word where a level belongs") {
    auto checked =
        check(frontMatter(replaced(kMetadata, "level_after: L2", "level_after: banana")));
    auto actions = checked.actionsFor("invalid-enum");
    CHECK(actions.size() == 6);
    for (const auto& action : actions)
      CHECK_FALSE(action.preferred);
  }
  SECTION("one letter for another: `X` is no typo of `H`") {
    std::string body = "\n## 7) Knowledge Gaps & Risk Register\n\n"
                       "| Gap / Risk | Severity (H/M/L) | Symptom |\n| --- | --- | --- |\n"
                       "| 한국어 | X | slow |\n";
    auto checked = check(frontMatter(kMetadata, body));
    auto actions = checked.actionsFor("invalid-body-enum");
    CHECK(titles(actions) ==
          std::vector<std::string>{"Change to `H`", "Change to `M`", "Change to `L`"});
    for (const auto& action : actions) {
      CHECK_FALSE(action.preferred);
      CHECK_FALSE(action.safe);
    }
    CHECK(features::fixAll(checked.context, checked.diagnostics).empty());
  }
}

// ---- dates --------------------------------------------------------------------------------

TEST_CASE("dates are normalised to YYYY-MM-DD, safely", "[codeActions][date]") {
  auto fixDate = [](const std::string& written, const std::string& expected) {
    auto checked = check(frontMatter(replaced(kMetadata, "date: 2026-11-20", "date: " + written)));
    auto actions = checked.actionsFor("invalid-date");
    INFO(written);
    REQUIRE(actions.size() == 1);
    CHECK(actions[0].title == "Change to `" + expected + "`");
    CHECK(actions[0].preferred);
    CHECK(actions[0].safe);
    CHECK(checked.after(actions[0]) ==
          frontMatter(replaced(kMetadata, "date: 2026-11-20", "date: " + expected)));
  };
  fixDate("2026/11/20", "2026-11-20");
  fixDate("20261120", "2026-11-20");
  fixDate("2026-1-5", "2026-01-05");
}

// ---- missing fields ------------------------------------------------------------------------

TEST_CASE("a missing top-level field is added at the template's position", "[codeActions][field]") {
  std::string without = replaced(kMetadata, "goal_type: production\n", "");
  std::string restored = replaced(kMetadata, "goal_type: production\n",
                                  "goal_type: production | research | interview\n");

  SECTION("in front matter") {
    auto checked = check(frontMatter(without));
    auto action = checked.titled("Add `goal_type`");
    CHECK(action.preferred);
    CHECK_FALSE(action.safe); // the template's choices must be narrowed by hand
    CHECK(checked.after(action) == frontMatter(restored));
  }
  SECTION("in the template's fenced yaml block") {
    auto checked = check(fencedBlock(without));
    CHECK(checked.after(checked.titled("Add `goal_type`")) == fencedBlock(restored));
  }
  SECTION("in a CRLF file, with CRLF") {
    auto checked = check(withCrlf(frontMatter(without)));
    CHECK(checked.after(checked.titled("Add `goal_type`")) == withCrlf(frontMatter(restored)));
  }
  SECTION("the first field goes before the first present one") {
    auto checked = check(frontMatter(replaced(kMetadata, "date: 2026-11-20\n", "")));
    CHECK(checked.after(checked.titled("Add `date`")) ==
          frontMatter(replaced(kMetadata, "date: 2026-11-20\n", "date: YYYY-MM-DD\n")));
  }
  SECTION("a field whose predecessor ends the metadata goes last, before the closing line") {
    auto checked = check(frontMatter(replaced(kMetadata, "tags: [vllm, 메모리]\n", "")));
    CHECK(checked.after(checked.titled("Add `tags`")) ==
          frontMatter(replaced(kMetadata, "tags: [vllm, 메모리]\n", "tags: [tag1, tag2]\n")));
  }
}

TEST_CASE("a missing nested field is added inside its mapping", "[codeActions][field]") {
  SECTION("evidence_targets without sessions: before tracks, at the mapping's indentation") {
    std::string sessionsLine = "  sessions: [/" + std::string(kPath) + "]\n";
    auto checked = check(frontMatter(replaced(kMetadata, sessionsLine, "")));
    CHECK(checked.after(checked.titled("Add `evidence_targets.sessions`")) ==
          frontMatter(replaced(kMetadata, sessionsLine, "  sessions: []\n")));
  }
  SECTION("an empty evidence_targets: each key under it") {
    std::string lists = "  sessions: [/" + std::string(kPath) + "]\n  tracks: []\n  lab: []\n";
    auto checked = check(frontMatter(replaced(kMetadata, lists, "")));
    CHECK(checked.count("missing-field") == 3);
    CHECK(checked.after(checked.titled("Add `evidence_targets.sessions`")) ==
          frontMatter(replaced(kMetadata, lists, "  sessions: []\n")));
    CHECK(checked.after(checked.titled("Add `evidence_targets.lab`")) ==
          frontMatter(replaced(kMetadata, lists, "  lab: []\n")));
  }
  SECTION("a missing mapping comes with its keys") {
    std::string mapping =
        "evidence_targets:\n  sessions: [/" + std::string(kPath) + "]\n  tracks: []\n  lab: []\n";
    auto checked = check(frontMatter(replaced(kMetadata, mapping, "")));
    CHECK(checked.after(checked.titled("Add `evidence_targets`")) ==
          frontMatter(replaced(kMetadata, mapping,
                               "evidence_targets:\n  sessions: []\n  tracks: []\n  lab: []\n")));
  }
}

TEST_CASE("a missing field after a multi-line value goes after the whole value",
          "[codeActions][field]") {
  std::string folded = "topic: >-\n  Paged attention\n  한국어 😀 text\n";
  std::string metadata = replaced(kMetadata, "topic: Paged attention 한국어 😀\n", folded);
  auto checked = check(frontMatter(replaced(metadata, "goal_type: production\n", "")));
  CHECK(checked.after(checked.titled("Add `goal_type`")) ==
        frontMatter(replaced(metadata, "goal_type: production\n",
                             "goal_type: production | research | interview\n")));
}

// ---- missing sections -----------------------------------------------------------------------

std::string skeletonOf(const core::Schema& schema, std::string_view heading) {
  const core::SectionSpec* spec = schema.findSection(heading);
  REQUIRE(spec);
  std::string skeleton = spec->skeleton;
  while (!skeleton.empty() && skeleton.back() == '\n')
    skeleton.pop_back();
  return skeleton;
}

TEST_CASE("a missing section is inserted between its neighbours", "[codeActions][section]") {
  std::string before = "## 4) Key Concepts (Distilled, Evidence-Friendly)\n\n* Fact 한국어\n\n"
                       "---\n\n";
  std::string after = "## 6) Lab Artifacts (If Any)\n\n* **Lab path(s):** none\n";
  auto checked = check(frontMatter(kMetadata, "\n" + before + after));
  auto action = checked.titled("Insert section `5) Verification (MANDATORY)`");
  CHECK(action.preferred);
  CHECK_FALSE(action.safe);
  std::string skeleton = skeletonOf(*checked.schema, "5) Verification (MANDATORY)");
  CHECK(skeleton.starts_with("## 5) Verification (MANDATORY)\n"));
  // The template closes each section with a rule: so does the inserted one.
  CHECK(checked.after(action) ==
        frontMatter(kMetadata, "\n" + before + skeleton + "\n\n---\n\n" + after));

  SECTION("without rules between sections, none is added") {
    std::string plain = "## 4) Key Concepts (Distilled, Evidence-Friendly)\n\n* Fact 한국어\n\n";
    auto unruled = check(frontMatter(kMetadata, "\n" + plain + after));
    CHECK(unruled.after(unruled.titled("Insert section `5) Verification (MANDATORY)`")) ==
          frontMatter(kMetadata, "\n" + plain + skeleton + "\n\n" + after));
  }
  SECTION("in a CRLF file") {
    auto crlf = check(withCrlf(frontMatter(kMetadata, "\n" + before + after)));
    CHECK(crlf.after(crlf.titled("Insert section `5) Verification (MANDATORY)`")) ==
          withCrlf(frontMatter(kMetadata, "\n" + before + skeleton + "\n\n---\n\n" + after)));
  }
}

TEST_CASE("a missing subsection is inserted before the next one of its section",
          "[codeActions][section]") {
  std::string head = "## 5) Verification (MANDATORY)\n\n";
  std::string result = "### 5.2 Result\n\n* **Status:** Passed\n\n---\n\n";
  std::string next = "## 6) Lab Artifacts (If Any)\n\n* **Lab path(s):** none\n";
  auto checked = check(frontMatter(kMetadata, "\n" + head + result + next));
  auto action = checked.titled("Insert subsection `5.1 Verification task`");
  std::string skeleton = skeletonOf(*checked.schema, "5.1 Verification task");
  CHECK(skeleton.starts_with("### 5.1 Verification task\n"));
  CHECK(checked.after(action) ==
        frontMatter(kMetadata, "\n" + head + skeleton + "\n\n" + result + next));
}

TEST_CASE("a missing last subsection goes at the end of its section, before the rule",
          "[codeActions][section]") {
  std::string task = "## 5) Verification (MANDATORY)\n\n### 5.1 Verification task\n\n"
                     "* **Task:** 한국어 😀\n";
  std::string rule = "\n---\n\n";
  std::string next = "## 6) Lab Artifacts (If Any)\n\n* **Lab path(s):** none\n";
  auto checked = check(frontMatter(kMetadata, "\n" + task + rule + next));
  auto action = checked.titled("Insert subsection `5.2 Result`");
  std::string skeleton = skeletonOf(*checked.schema, "5.2 Result");
  CHECK(checked.after(action) ==
        frontMatter(kMetadata, "\n" + task + "\n" + skeleton + "\n" + rule + next));

  SECTION("at the end of the text") {
    auto last = check(frontMatter(kMetadata, "\n" + task));
    CHECK(last.after(last.titled("Insert subsection `5.2 Result`")) ==
          frontMatter(kMetadata, "\n" + task + "\n" + skeleton + "\n"));
  }
}

// ---- self-evidence ---------------------------------------------------------------------------

TEST_CASE("this file is added to evidence_targets.sessions in the list's own style",
          "[codeActions][evidence]") {
  std::string own = "/" + std::string(kPath);
  std::string listed = "  sessions: [" + own + "]\n";
  auto fix = [&](const std::string& written, const std::string& expected) {
    auto checked = check(frontMatter(replaced(kMetadata, listed, written)));
    INFO(written);
    auto actions = checked.actionsFor("missing-self-evidence");
    REQUIRE(actions.size() == 1);
    CHECK(actions[0].title == "Add this file to `evidence_targets.sessions`");
    CHECK(actions[0].safe);
    CHECK(checked.after(actions[0]) == frontMatter(replaced(kMetadata, listed, expected)));
  };
  fix("  sessions: []\n", "  sessions: [" + own + "]\n");
  fix("  sessions: [/sessions/a.md]\n", "  sessions: [/sessions/a.md, " + own + "]\n");
  fix("  sessions:\n    - /sessions/a.md\n",
      "  sessions:\n    - /sessions/a.md\n    - " + own + "\n");
  fix("  sessions:\n", "  sessions: [" + own + "]\n");
  fix("  sessions:   # keep this file path\n",
      "  sessions: [" + own + "]   # keep this file path\n");
  fix("  sessions :\n", "  sessions : [" + own + "]\n");
  fix("  sessions: [ ]\n", "  sessions: [ " + own + "]\n");
  fix("  sessions: [/sessions/a.md]   # mine\n",
      "  sessions: [/sessions/a.md, " + own + "]   # mine\n");
  fix("  sessions:\n  - /sessions/a.md\n", "  sessions:\n  - /sessions/a.md\n  - " + own + "\n");
}

// ---- files: create and rename ----------------------------------------------------------------

/// A fresh workspace folder with a sibling folder outside it, removed at the end.
class ScratchWorkspace {
public:
  ScratchWorkspace() {
    std::random_device random;
    base_ = fs::temp_directory_path() / ("session-lsp-fix-" + std::to_string(random()));
    root_ = base_ / "root";
    fs::create_directories(root_ / "sessions");
    fs::create_directories(base_ / "outside");
    write("lab/vllm/bench.py", "print('bench')\n");
    write("tracks/02-Infra-System/vLLM/INDEX.md", "# vLLM\n");
  }
  ~ScratchWorkspace() {
    std::error_code error;
    fs::remove_all(base_, error);
  }
  ScratchWorkspace(const ScratchWorkspace&) = delete;
  ScratchWorkspace& operator=(const ScratchWorkspace&) = delete;

  const fs::path& root() const { return root_; }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << text;
  }

private:
  fs::path base_;
  fs::path root_;
};

TEST_CASE("a broken evidence link offers to create the file, never an existing one",
          "[codeActions][create]") {
  ScratchWorkspace scratch;
  core::Workspace workspace(scratch.root());
  std::string body = "\n## 6) Lab Artifacts (If Any)\n\n"
                     "* **Lab path(s):** [new](../lab/vllm/new.py), [bench](../lab/vllm/bench.py), "
                     "[secret](../../outside/secret.py)\n";
  std::string metadata = replaced(kMetadata, "  lab: []", "  lab: [/lab/vllm/probe.py]");
  auto checked = checkIn(workspace, frontMatter(metadata, body));
  auto creates = checked.actionsFor("broken-link");
  CHECK(titles(creates) ==
        std::vector<std::string>{"Create `lab/vllm/probe.py`", "Create `lab/vllm/new.py`"});
  for (const auto& action : creates) {
    CHECK(action.edits.empty());
    CHECK_FALSE(action.safe);
  }
  REQUIRE(creates.size() == 2);
  CHECK(creates[0].createFile == "lab/vllm/probe.py");
  CHECK(creates[1].createFile == "lab/vllm/new.py");
  CHECK(checked.count("broken-link") == 3); // the outside one is reported, with no fix

  SECTION("outside a workspace there is nothing to create") {
    auto loose = check(frontMatter(metadata, body));
    CHECK(loose.actionsFor("broken-link").empty());
  }
}

TEST_CASE("a file name that disagrees with the metadata offers a rename with its citations",
          "[codeActions][rename]") {
  ScratchWorkspace scratch;
  const std::string oldPath = "sessions/2026-11-20__02-Infra-System__DeepSpeed__paged-attention.md";
  const std::string newName = "2026-11-20__02-Infra-System__vLLM__paged-attention.md";
  std::string own = replaced(kMetadata, "/" + std::string(kPath), "/" + oldPath);
  scratch.write(oldPath, frontMatter(own));
  std::string citing =
      "---\ndate: 2026-11-21\ntrack: 02-Infra-System\nmodule: vLLM\ntopic: 다음 😀\n"
      "---\n\n## 6) Lab Artifacts (If Any)\n\n"
      "* **Lab path(s):** [before](2026-11-20__02-Infra-System__DeepSpeed__"
      "paged-attention.md)\n";
  scratch.write("sessions/2026-11-21__02-Infra-System__vLLM__next.md", citing);

  core::Workspace workspace(scratch.root());
  workspace.setFactsExtractor(features::extractSessionFacts);
  REQUIRE(workspace.indexSessionsOnDisk() == 2);

  auto checked = checkIn(workspace, frontMatter(own), oldPath);
  auto renames = checked.actionsFor("filename-mismatch");
  REQUIRE(renames.size() == 1);
  const CodeAction& rename = renames[0];
  CHECK(rename.title == "Rename to `" + newName + "`");
  CHECK(rename.preferred);
  CHECK_FALSE(rename.safe);
  CHECK(rename.renameTo == "sessions/" + newName);
  CHECK(rename.edits.empty());
  // Its own self-citation and the other session's link, each keeping how it was written.
  std::vector<std::string> rewritten;
  for (const auto& edit : rename.indexedEdits)
    rewritten.push_back(edit.workspacePath + " → " + edit.newText);
  std::sort(rewritten.begin(), rewritten.end());
  CHECK(rewritten == std::vector<std::string>{
                         oldPath + " → /sessions/" + newName,
                         "sessions/2026-11-21__02-Infra-System__vLLM__next.md → " + newName});
  for (const auto& edit : rename.indexedEdits) {
    INFO(edit.workspacePath);
    auto source = workspace.readFile(edit.workspacePath);
    REQUIRE(source);
    auto document = core::Document::parse(*source);
    std::string_view line = document->lines().lineText(edit.position.line);
    // The index's position is exactly the old target, so replacing it keeps the rest.
    CHECK(line.substr(edit.position.column, edit.position.endColumn - edit.position.column) ==
          edit.position.target);
  }

  SECTION("never over an existing file") {
    scratch.write("sessions/" + newName, "taken\n");
    core::Workspace taken(scratch.root());
    auto again = checkIn(taken, frontMatter(own), oldPath);
    CHECK(again.count("filename-mismatch") == 1);
    CHECK(again.actionsFor("filename-mismatch").empty());
  }
  SECTION("outside a workspace there is nothing to rename") {
    auto loose = check(frontMatter(own), oldPath);
    CHECK(loose.count("filename-mismatch") == 1);
    CHECK(loose.actionsFor("filename-mismatch").empty());
  }
}

// ---- fix-all ---------------------------------------------------------------------------------

TEST_CASE("fix-all applies every safe fix at once, and only those", "[codeActions][fixAll]") {
  std::string listed = "  sessions: [/" + std::string(kPath) + "]\n";
  std::string broken = replaced(kMetadata, "date: 2026-11-20", "date: 2026/11/20");
  broken = replaced(broken, "status: ok", "status: OK");
  broken = replaced(broken, "module: vLLM", "module: vLMM");
  broken = replaced(broken, "level_after: L2", "level_after: L9");
  broken = replaced(broken, listed, "  sessions: []\n");
  auto checked = check(frontMatter(broken));
  auto edits = features::fixAll(checked.context, checked.diagnostics);
  std::string fixed = applyEdits(checked.text, edits);
  CHECK(fixed == frontMatter(replaced(kMetadata, "level_after: L2", "level_after: L9")));
  auto second = check(fixed);
  CHECK(features::fixAll(second.context, second.diagnostics).empty());
}

} // namespace
