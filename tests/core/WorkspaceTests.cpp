// Workspace: template and settings from disk, session files, safe reads, session order.
#include "server/core/Workspace.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

using namespace session::core;
namespace fs = std::filesystem;

namespace {

SessionFacts makeFacts(std::string module, std::string date, std::string startTime,
                       std::string levelBefore, std::string levelAfter) {
  SessionFacts facts;
  facts.module = std::move(module);
  facts.date = std::move(date);
  facts.startTime = std::move(startTime);
  facts.levelBefore = std::move(levelBefore);
  facts.levelAfter = std::move(levelAfter);
  return facts;
}

/// A fresh folder under the system temp folder, removed at the end of the test.
class TempWorkspace {
public:
  TempWorkspace() {
    std::random_device random;
    root_ = fs::temp_directory_path() / ("session-lsp-ws-" + std::to_string(random()));
    fs::create_directories(root_);
  }
  ~TempWorkspace() {
    std::error_code error;
    fs::remove_all(root_, error);
  }
  const fs::path& root() const { return root_; }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << text;
  }

private:
  fs::path root_;
};

const FieldSpec& trackField(const Workspace& workspace) {
  const auto* field = workspace.schema()->field("track");
  REQUIRE(field != nullptr);
  return *field;
}

} // namespace

TEST_CASE("A workspace without a template uses the seed", "[workspace]") {
  TempWorkspace temp;
  Workspace workspace(temp.root());
  CHECK(workspace.templatePath().empty());
  CHECK(trackField(workspace).values.size() == 4);
}

TEST_CASE("The workspace's SESSION-TEMPLATE.md replaces the seed, on disk and in a buffer",
          "[workspace]") {
  TempWorkspace temp;
  std::string custom(seedTemplateText());
  custom.insert(custom.find("04-Interview") + 12, " | 05-Agents");
  temp.write("SESSION-TEMPLATE.md", custom);
  Workspace workspace(temp.root());
  CHECK(workspace.templatePath() == "SESSION-TEMPLATE.md");
  CHECK(trackField(workspace).values.back() == "05-Agents");

  // An unsaved edit of the template changes the rules at once.
  std::string edited = custom;
  edited.insert(edited.find("05-Agents") + 9, " | 06-Robotics");
  workspace.setTemplateText(edited);
  CHECK(trackField(workspace).values.back() == "06-Robotics");

  SECTION("a template that is not a template keeps the seed") {
    workspace.setTemplateText("just some notes\n");
    CHECK(trackField(workspace).values.size() == 4);
  }
}

TEST_CASE("Settings choose the session globs and the template path", "[workspace]") {
  TempWorkspace temp;
  temp.write(".session-lsp.yaml", "sessions: [\"notes/*.md\"]\ntemplate: templates/T.md\n");
  std::string custom(seedTemplateText());
  custom.insert(custom.find("04-Interview") + 12, " | 05-Agents");
  temp.write("templates/T.md", custom);
  temp.write("notes/2026-11-20-a.md", "x");
  temp.write("notes/deeper/2026-11-20-b.md", "x");
  temp.write("sessions/2026-11-20-c.md", "x");
  Workspace workspace(temp.root());
  CHECK(workspace.templatePath() == "templates/T.md");
  CHECK(trackField(workspace).values.back() == "05-Agents");
  CHECK(workspace.findSessionFiles() == std::vector<std::string>{"notes/2026-11-20-a.md"});
  CHECK(workspace.isSessionPath("notes/x.md"));
  CHECK_FALSE(workspace.isSessionPath("sessions/x.md"));
}

TEST_CASE("A bad settings file is reported and the defaults are used", "[workspace]") {
  TempWorkspace temp;
  temp.write(".session-lsp.yaml", "sessions: [oops\n");
  temp.write("sessions/a.md", "x");
  Workspace workspace(temp.root());
  REQUIRE(workspace.settingsProblems().size() == 1);
  CHECK(workspace.findSessionFiles() == std::vector<std::string>{"sessions/a.md"});
}

TEST_CASE("Reads and existence checks never leave the workspace", "[workspace][safety]") {
  TempWorkspace outside;
  outside.write("secret.txt", "secret");
  TempWorkspace temp;
  temp.write("lab/run.py", "print()");
  fs::create_symlink(outside.root() / "secret.txt", temp.root() / "lab" / "escape.txt");
  Workspace workspace(temp.root());
  CHECK(workspace.exists("lab/run.py"));
  CHECK(workspace.exists("lab"));
  CHECK_FALSE(workspace.exists("lab/missing.py"));
  CHECK_FALSE(workspace.exists("lab/escape.txt"));
  CHECK_FALSE(workspace.readFile("lab/escape.txt"));
  CHECK_FALSE(workspace.readFile("../" + outside.root().filename().string() + "/secret.txt"));
  CHECK(workspace.readFile("lab/run.py") == std::string("print()"));
  CHECK_FALSE(workspace.relativePath(outside.root() / "secret.txt"));
  CHECK(workspace.relativePath(temp.root() / "lab" / "run.py") == std::string("lab/run.py"));
}

TEST_CASE("Symlinks inside the workspace are followed; `..` and links out of it are not",
          "[workspace][safety]") {
  TempWorkspace outside;
  outside.write("notes/secret.md", "secret");
  TempWorkspace temp;
  temp.write("tracks/x/INDEX.md", "# X");
  fs::create_directory_symlink(temp.root() / "tracks" / "x", temp.root() / "alias");
  fs::create_directory_symlink(outside.root() / "notes", temp.root() / "tracks" / "away");
  fs::create_symlink(temp.root() / "nowhere.md", temp.root() / "dangling.md");
  Workspace workspace(temp.root());
  CHECK(workspace.readFile("alias/INDEX.md") == std::string("# X"));
  CHECK(workspace.exists("alias/../x/INDEX.md")); // `..` after a link: from its target, as POSIX
  CHECK(workspace.exists("./tracks//x/"));
  CHECK(workspace.isDirectory("alias"));
  CHECK_FALSE(workspace.exists("tracks/away/secret.md"));
  CHECK_FALSE(workspace.readFile("tracks/away/secret.md"));
  CHECK_FALSE(workspace.exists(".."));
  CHECK_FALSE(workspace.exists("tracks/../../" + outside.root().filename().string()));
  CHECK_FALSE(workspace.exists("dangling.md"));
}

TEST_CASE("rememberExistence answers from memory; without it every answer is live", "[workspace]") {
  TempWorkspace temp;
  temp.write("lab/run.py", "print()");
  Workspace live(temp.root());
  Workspace remembering(temp.root());
  remembering.rememberExistence();
  CHECK(live.exists("lab/run.py"));
  CHECK(remembering.exists("lab/run.py"));
  CHECK_FALSE(remembering.exists("lab/later.py"));
  fs::remove(temp.root() / "lab" / "run.py");
  temp.write("lab/later.py", "print()");
  CHECK_FALSE(live.exists("lab/run.py"));
  CHECK(live.exists("lab/later.py"));
  CHECK(remembering.exists("lab/run.py"));         // as it was when first asked
  CHECK_FALSE(remembering.exists("lab/later.py")); // likewise
}

TEST_CASE("Track module folders and other sessions' modules are known modules", "[workspace]") {
  TempWorkspace temp;
  temp.write("tracks/02-Infra-System/vLLM/INDEX.md", "#");
  temp.write("tracks/01-Frameworks/DeepSpeed/INDEX.md", "#");
  Workspace workspace(temp.root());
  workspace.setSessionFacts("sessions/a.md", makeFacts("SGLang", "2026-11-20", "", "L0", "L1"));
  workspace.setSessionFacts("sessions/b.md", makeFacts("Triton", "2026-11-21", "", "L0", "L1"));
  CHECK(workspace.knownModulesExcept("sessions/a.md") ==
        std::vector<std::string>{"DeepSpeed", "Triton", "vLLM"});
}

TEST_CASE("The previous session on a module is ordered by date, start time, then file name",
          "[workspace][progress]") {
  TempWorkspace temp;
  Workspace workspace(temp.root());
  workspace.setSessionFacts("sessions/1.md", makeFacts("vLLM", "2026-11-18", "", "L0", "L1"));
  workspace.setSessionFacts("sessions/2.md", makeFacts("vLLM", "2026-11-20", "09:00", "L1", "L2"));
  workspace.setSessionFacts("sessions/3.md", makeFacts("vLLM", "2026-11-20", "21:00", "L2", "L3"));
  workspace.setSessionFacts("sessions/4.md", makeFacts("DeepSpeed", "2026-11-19", "", "L0", "L4"));
  workspace.setSessionFacts("sessions/5.md", makeFacts("vLLM", "", "", "L0", "L5")); // invalid date

  SessionFacts self = makeFacts("vLLM", "2026-11-20", "20:00", "L2", "L3");
  auto previous = workspace.previousSessionOnModule("sessions/new.md", self);
  REQUIRE(previous);
  CHECK(previous->first == "sessions/2.md");

  SessionFacts first = makeFacts("vLLM", "2026-11-17", "", "L0", "L1");
  CHECK_FALSE(workspace.previousSessionOnModule("sessions/new.md", first));

  SessionFacts caseDiffers = makeFacts("vllm", "2026-11-25", "", "L0", "L1");
  CHECK_FALSE(workspace.previousSessionOnModule("sessions/new.md", caseDiffers));
}

TEST_CASE("findWorkspaceRoot climbs to the folder with a marker", "[workspace]") {
  TempWorkspace temp;
  temp.write(".session-lsp.yaml", "");
  temp.write("sessions/deep/a.md", "x");
  CHECK(findWorkspaceRoot(temp.root() / "sessions" / "deep" / "a.md") ==
        fs::canonical(temp.root()));
}
