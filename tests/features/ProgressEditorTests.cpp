// The progress roll-up in the editor (issue 7): `stale-progress` on progress/tech-stack.md, its
// quick fix, and the level-path hint after `level_after`.
#include "server/features/CodeActions.h"
#include "server/features/InlayHints.h"
#include "server/features/ProgressBlock.h"
#include "server/features/ProgressFacts.h"
#include "server/features/SessionIndex.h"
#include "server/features/WorkspaceCheck.h"

#include <catch2/catch.hpp>

#include <string>

using namespace session;

namespace {

std::string sessionText(const std::string& date, const std::string& before,
                        const std::string& after, const std::string& levelAfterComment = "") {
  return "---\ndate: " + date +
         "\nduration_min: 60\ntrack: 02-Infra-System\nmodule: vLLM\ntopic: Paged "
         "attention\ngoal_type: production\nstatus: ok\nlevel_before: " +
         before + "\nlevel_after: " + after + levelAfterComment +
         "\nevidence_targets:\n  sessions: []\n  tracks: [/tracks/02-Infra-System/vLLM/INDEX.md]\n"
         "  lab: []\ntags: [x]\n---\n\n# Title\n";
}

/// A workspace index (no files on disk) holding three vLLM sessions, L0 → L1 → L2.
struct IndexedWorkspace {
  core::Workspace workspace{"/nonexistent-session-lsp-root"};
  IndexedWorkspace() {
    add("sessions/a.md", sessionText("2026-11-01", "L0", "L1"));
    add("sessions/b.md", sessionText("2026-11-03", "L1", "L1"));
    add("sessions/c.md", sessionText("2026-11-05", "L1", "L2", "   # after the review"));
  }
  void add(const std::string& path, const std::string& text) {
    auto document = core::Document::parse(text);
    workspace.setSessionFacts(path,
                              features::extractSessionFacts(*document, *workspace.schema(), path));
  }
};

std::vector<core::Diagnostic> diagnoseProgressFile(const core::Workspace& workspace,
                                                   const std::string& text) {
  auto document = core::Document::parse(text);
  return features::diagnoseInWorkspace(workspace, std::string(features::kProgressFilePath),
                                       *document);
}

std::string withBlock(const std::string& before, const std::string& block,
                      const std::string& after) {
  return before + std::string(features::kProgressBeginMarker) + "\n" + block +
         std::string(features::kProgressEndMarker) + after;
}

std::string applied(const std::string& text, const std::vector<features::TextEdit>& edits) {
  std::string result = text;
  for (auto edit = edits.rbegin(); edit != edits.rend(); ++edit)
    result.replace(edit->range.begin, edit->range.end - edit->range.begin, edit->newText);
  return result;
}

} // namespace

TEST_CASE("stale-progress: a block that matches the sessions is quiet, a stale one is reported "
          "on the block",
          "[progress][diagnose]") {
  IndexedWorkspace indexed;
  std::string current = features::currentProgressBlock(indexed.workspace);
  REQUIRE(current.find("vLLM") != std::string::npos);

  std::string fresh = features::spliceProgressBlock("# My notes\n\nHand-written.\n", current);
  CHECK(diagnoseProgressFile(indexed.workspace, fresh).empty());

  // Without markers there is nothing to keep current.
  CHECK(diagnoseProgressFile(indexed.workspace, "# My notes\n\n| vLLM | L1 |\n").empty());

  std::string stale = withBlock("# My notes\n\n", "| vLLM | L1 |\n", "\n\nMore notes.\n");
  auto diagnostics = diagnoseProgressFile(indexed.workspace, stale);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == "stale-progress");
  CHECK(diagnostics[0].severity == core::Severity::Warning);
  auto block = features::findProgressBlock(stale);
  REQUIRE(block);
  CHECK(diagnostics[0].range == core::ByteRange{block->begin, block->end});
  CHECK(diagnostics[0].message.find("line 4") != std::string::npos);

  // A session changes: the block that was current goes stale.
  indexed.add("sessions/d.md", sessionText("2026-11-07", "L2", "L3"));
  CHECK(diagnoseProgressFile(indexed.workspace, fresh).size() == 1);
}

TEST_CASE("stale-progress can be silenced like every rule", "[progress][diagnose]") {
  IndexedWorkspace indexed;
  std::string stale =
      withBlock("<!-- session-lsp-disable-file stale-progress -->\n", "| vLLM | L1 |\n", "\n");
  CHECK(diagnoseProgressFile(indexed.workspace, stale).empty());
}

TEST_CASE("the stale-progress quick fix rewrites the block and nothing else", "[progress][fix]") {
  IndexedWorkspace indexed;
  for (std::string lineEnd : {"\n", "\r\n"}) {
    CAPTURE(lineEnd);
    std::string before = "\xEF\xBB\xBF# 진행 상황 🚀" + lineEnd + lineEnd;
    std::string after = lineEnd + lineEnd + "My own notes stay." + lineEnd;
    std::string stale = withBlock(before, "| vLLM | L1 |" + lineEnd, after);
    auto document = core::Document::parse(stale);
    auto diagnostics = features::diagnoseInWorkspace(
        indexed.workspace, std::string(features::kProgressFilePath), *document);
    REQUIRE(diagnostics.size() == 1);

    features::CodeActionContext context;
    context.document = document.get();
    context.schema = indexed.workspace.schema().get();
    context.workspace = &indexed.workspace;
    context.workspacePath = std::string(features::kProgressFilePath);
    auto actions = features::codeActions(context, diagnostics);
    REQUIRE(actions.size() == 1);
    CHECK(actions[0].preferred);
    CHECK(actions[0].safe);
    std::string fixed = applied(stale, actions[0].edits);
    CHECK(fixed.substr(0, before.size()) == before);
    CHECK(fixed.substr(fixed.size() - after.size()) == after);
    CHECK(
        features::progressBlockIsCurrent(fixed, features::currentProgressBlock(indexed.workspace)));
    CHECK(diagnoseProgressFile(indexed.workspace, fixed).empty());
    if (lineEnd == "\r\n") // the block is written with the file's own line ends
      CHECK(fixed.find("|\n") == std::string::npos);
    // source.fixAll takes it too.
    CHECK(applied(stale, features::fixAll(context, diagnostics)) == fixed);
  }
}

TEST_CASE("the level-path hint stands after the level_after value", "[progress][hint]") {
  IndexedWorkspace indexed;
  std::string text = sessionText("2026-11-05", "L1", "L2", "   # after the review");
  auto document = core::Document::parse(text);
  auto hint = features::levelPathHint(*document, indexed.workspace, "sessions/c.md");
  REQUIRE(hint);
  CHECK(hint->label == "vLLM: L0 → L1 → L2 (3rd session)");
  size_t value = text.find("level_after: L2") + std::string("level_after: L2").size();
  CHECK(hint->offset == value); // before the comment
  CHECK(text.substr(hint->line.begin, hint->line.end - hint->line.begin) ==
        "level_after: L2   # after the review");

  auto first = core::Document::parse(sessionText("2026-11-01", "L0", "L1"));
  auto firstHint = features::levelPathHint(*first, indexed.workspace, "sessions/a.md");
  REQUIRE(firstHint);
  CHECK(firstHint->label == "vLLM: L0 → L1 (1st session)");

  // A file the index does not hold as a session (no module, or not indexed): no hint.
  CHECK_FALSE(features::levelPathHint(*document, indexed.workspace, "sessions/elsewhere.md"));
  auto noLevel = core::Document::parse("---\ndate: 2026-11-05\nmodule: vLLM\n---\n");
  CHECK_FALSE(features::levelPathHint(*noLevel, indexed.workspace, "sessions/c.md"));
}
