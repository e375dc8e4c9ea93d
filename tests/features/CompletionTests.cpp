// complete(): one test case per completion context. Fixtures mark the cursor with `$0` and the
// expected edit range (the partial word the item replaces) with `[[...]]`; every offset is a
// byte offset into the clean text.
#include "server/features/Completion.h"

#include "server/core/Schema.h"
#include "server/core/Workspace.h"
#include "tests/support/Annotations.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace session;
using features::complete;
using features::CompletionItem;
using features::CompletionKind;
using features::CompletionRequest;
using test::Annotations;
namespace fs = std::filesystem;

constexpr const char* kToday = "2026-12-01";

/// A fresh folder under the system temp folder, removed at the end of the test.
class TempWorkspace {
public:
  TempWorkspace() {
    std::random_device random;
    root_ = fs::temp_directory_path() / ("session-lsp-comp-" + std::to_string(random()));
    fs::create_directories(root_);
  }
  ~TempWorkspace() {
    std::error_code error;
    fs::remove_all(root_, error);
  }
  TempWorkspace(const TempWorkspace&) = delete;
  TempWorkspace& operator=(const TempWorkspace&) = delete;
  const fs::path& root() const { return root_; }
  void makeFolder(const std::string& relative) const { fs::create_directories(root_ / relative); }

private:
  fs::path root_;
};

struct Options {
  const core::Workspace* workspace = nullptr;
  std::string workspacePath = "sessions/note.md";
  const core::Schema* schema = nullptr;
};

/// The items at the fixture's cursor, in the order a client shows them (by sortText).
std::vector<CompletionItem> completeAt(const Annotations& fixture, const Options& options = {}) {
  auto document = core::Document::parse(fixture.code());
  CompletionRequest request;
  request.document = document.get();
  request.offset = fixture.cursor();
  request.schema = options.schema ? options.schema : core::builtinSchema().get();
  request.workspace = options.workspace;
  request.workspacePath = options.workspacePath;
  request.today = kToday;
  auto items = complete(request);
  std::stable_sort(
      items.begin(), items.end(),
      [](const CompletionItem& a, const CompletionItem& b) { return a.sortText < b.sortText; });
  return items;
}

std::vector<CompletionItem> completeAt(std::string_view marked, const Options& options = {}) {
  return completeAt(Annotations(marked), options);
}

std::vector<std::string> labelsOf(const std::vector<CompletionItem>& items) {
  std::vector<std::string> labels;
  for (const auto& item : items)
    labels.push_back(item.label);
  return labels;
}

const CompletionItem& itemNamed(const std::vector<CompletionItem>& items, std::string_view label) {
  auto found = std::find_if(items.begin(), items.end(),
                            [&](const CompletionItem& item) { return item.label == label; });
  REQUIRE(found != items.end());
  return *found;
}

bool hasLabel(const std::vector<CompletionItem>& items, std::string_view label) {
  return std::any_of(items.begin(), items.end(),
                     [&](const CompletionItem& item) { return item.label == label; });
}

core::ByteRange expectedRange(const Annotations& fixture) {
  test::MarkedRange range = fixture.range();
  return {range.begin, range.end};
}

/// Every item replaces the fixture's `[[...]]` range.
void checkEditRange(const std::vector<CompletionItem>& items, const Annotations& fixture) {
  REQUIRE(!items.empty());
  for (const auto& item : items) {
    INFO(item.label);
    CHECK(item.editRange == expectedRange(fixture));
  }
}

using session::test::withCrlf;

std::vector<std::string> levels() {
  return {"L0", "L1", "L2", "L3", "L4", "L5"};
}

// ---- front matter values ----------------------------------------------------------------

TEST_CASE("a closed enum offers its values in template order", "[completion]") {
  SECTION("status") {
    Annotations fixture("---\ndate: 2026-11-27\nstatus: [[$0]]\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"weak", "ok", "mastered"});
    checkEditRange(items, fixture);
    for (const auto& item : items) {
      CHECK(item.kind == CompletionKind::EnumValue);
      CHECK(item.newText == item.label);
    }
  }
  SECTION("track") {
    auto items = completeAt("---\ntrack: $0\n---\n");
    CHECK(labelsOf(items) == std::vector<std::string>{"01-Frameworks", "02-Infra-System",
                                                      "03-Theory-Paper", "04-Interview"});
  }
  SECTION("goal_type") {
    auto items = completeAt("---\ngoal_type: $0\n---\n");
    CHECK(labelsOf(items) == std::vector<std::string>{"production", "research", "interview"});
  }
  SECTION("a track the template adds is offered at once") {
    std::string templateText(core::seedTemplateText());
    auto at = templateText.find("04-Interview");
    REQUIRE(at != std::string::npos);
    templateText.insert(at + std::string_view("04-Interview").size(), " | 05-Agents");
    core::Schema schema = core::parseSchema(templateText);
    Options options;
    options.schema = &schema;
    auto items = completeAt("---\ntrack: $0\n---\n", options);
    REQUIRE(!items.empty());
    CHECK(items.back().label == "05-Agents");
  }
}

TEST_CASE("a level field offers L0-L5 with each meaning", "[completion]") {
  Annotations fixture("---\nlevel_before: L1\nlevel_after: [[$0]]\n---\n");
  auto items = completeAt(fixture);
  CHECK(labelsOf(items) == levels());
  checkEditRange(items, fixture);
  const auto& meanings = core::builtinSchema()->levelMeanings;
  for (const auto& item : items) {
    INFO(item.label);
    CHECK(item.kind == CompletionKind::Level);
    REQUIRE(meanings.count(item.label) == 1);
    CHECK(item.detail == meanings.at(item.label));
    CHECK(item.documentation == "**" + item.label + "** — " + meanings.at(item.label));
  }
  CHECK(itemNamed(items, "L0").detail == "never met it");
  CHECK(itemNamed(items, "L3").detail == "can apply them alone on a real task");
}

TEST_CASE("module offers workspace modules by use, track folders, then template examples",
          "[completion]") {
  TempWorkspace temp;
  temp.makeFolder("tracks/02-Infra-System/vLLM");
  temp.makeFolder("tracks/02-Infra-System/TensorRT");
  temp.makeFolder("tracks/01-Frameworks/OnlyInOtherTrack");
  core::Workspace workspace(temp.root());
  auto facts = [](std::string module) {
    core::SessionFacts result;
    result.module = std::move(module);
    return std::optional<core::SessionFacts>(std::move(result));
  };
  workspace.setSessionFacts("sessions/a.md", facts("Attention"));
  workspace.setSessionFacts("sessions/b.md", facts("Inference-QA"));
  workspace.setSessionFacts("sessions/c.md", facts("Inference-QA"));
  workspace.setSessionFacts("sessions/d.md", facts("vLLM"));
  // The file being edited: its own half-typed value must not suggest itself.
  workspace.setSessionFacts("sessions/note.md", facts("Half"));
  Options options;
  options.workspace = &workspace;

  Annotations fixture("---\ntrack: 02-Infra-System\nmodule: [[$0]]\n---\n");
  auto items = completeAt(fixture, options);
  CHECK(labelsOf(items) == std::vector<std::string>{"Inference-QA", "Attention", "vLLM", "TensorRT",
                                                    "LangChain-v1.0", "DeepSpeed"});
  checkEditRange(items, fixture);
  CHECK(itemNamed(items, "Inference-QA").detail == "used in 2 sessions");
  CHECK(itemNamed(items, "Attention").detail == "used in 1 session");
  CHECK(itemNamed(items, "TensorRT").detail == "folder tracks/02-Infra-System/TensorRT");
  CHECK(itemNamed(items, "DeepSpeed").detail == "template example");
  for (const auto& item : items)
    CHECK(item.kind == CompletionKind::Module);

  SECTION("outside a workspace only the template's examples") {
    auto plain = completeAt("---\nmodule: $0\n---\n");
    CHECK(labelsOf(plain) ==
          std::vector<std::string>{"LangChain-v1.0", "DeepSpeed", "vLLM", "Attention"});
  }
}

core::Workspace taggedWorkspace() {
  core::Workspace workspace(fs::path("/nonexistent-session-lsp-root"));
  auto tagged = [](std::vector<std::string> tags) {
    core::SessionFacts facts;
    facts.module = "vLLM";
    facts.tags = std::move(tags);
    return std::optional<core::SessionFacts>(std::move(facts));
  };
  workspace.setSessionFacts("sessions/a.md", tagged({"kv-cache", "vllm"}));
  workspace.setSessionFacts("sessions/b.md", tagged({"kv-cache", "메모리", "tag1"}));
  workspace.setSessionFacts("sessions/note.md", tagged({"mine-only"}));
  return workspace;
}

TEST_CASE("tags offer the workspace's tags, most used first, without listed ones", "[completion]") {
  core::Workspace workspace = taggedWorkspace();
  Options options;
  options.workspace = &workspace;

  SECTION("flow list after a comma") {
    Annotations fixture("---\ntags: [vllm, [[$0]]]\n---\n");
    auto items = completeAt(fixture, options);
    // `vllm` is listed already, `tag1` is a template placeholder, `mine-only` is this file's.
    CHECK(labelsOf(items) == std::vector<std::string>{"kv-cache", "메모리"});
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "kv-cache").detail == "used in 2 sessions");
    CHECK(itemNamed(items, "kv-cache").kind == CompletionKind::Tag);
  }
  SECTION("flow list, partial word") {
    Annotations fixture("---\ntags: [ [[kv$0]], vllm]\n---\n");
    auto items = completeAt(fixture, options);
    CHECK(labelsOf(items) == std::vector<std::string>{"kv-cache", "메모리"});
    checkEditRange(items, fixture);
  }
  SECTION("block list item") {
    Annotations fixture("---\ntags:\n  - vllm\n  - [[$0]]\n---\n");
    auto items = completeAt(fixture, options);
    CHECK(hasLabel(items, "kv-cache"));
    checkEditRange(items, fixture);
  }
  SECTION("after the closing bracket nothing") {
    CHECK(completeAt("---\ntags: [vllm]$0\n---\n", options).empty());
  }
  SECTION("outside a workspace nothing") {
    CHECK(completeAt("---\ntags: [$0]\n---\n").empty());
  }
}

TEST_CASE("a date offers the file name's date, then today", "[completion]") {
  Annotations fixture("---\ndate: [[$0]]\n---\n");
  Options options;
  options.workspacePath = "sessions/2026-11-27__02-Infra-System__vLLM__paged.md";
  auto items = completeAt(fixture, options);
  CHECK(labelsOf(items) == std::vector<std::string>{"2026-11-27", kToday});
  checkEditRange(items, fixture);
  CHECK(items[0].detail == "from the file name");
  CHECK(items[1].detail == "today");
  CHECK(items[0].kind == CompletionKind::Date);

  SECTION("no date in the file name: today only") {
    CHECK(labelsOf(completeAt(fixture)) == std::vector<std::string>{kToday});
  }
  SECTION("the file is named today: offered once") {
    options.workspacePath = std::string("sessions/") + kToday + "-recap.md";
    CHECK(labelsOf(completeAt(fixture, options)) == std::vector<std::string>{kToday});
  }
}

// ---- the template's fenced yaml block ---------------------------------------------------

const char* const kFencedHead = "# 노트\n\n## YAML Metadata (Required)\n\n```yaml\n---\n";
const char* const kFencedTail = "---\n````\n\n## 1) Session Summary (10 lines max)\n";

TEST_CASE("the fenced yaml block completes like front matter", "[completion]") {
  SECTION("enum value") {
    Annotations fixture(std::string(kFencedHead) + "date: 2026-11-28\nstatus: [[m$0]]\n" +
                        kFencedTail);
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"weak", "ok", "mastered"});
    checkEditRange(items, fixture);
  }
  SECTION("missing field names") {
    Annotations fixture(std::string(kFencedHead) + "date: 2026-11-28\n[[goa$0]]\n" + kFencedTail);
    auto items = completeAt(fixture);
    CHECK(hasLabel(items, "goal_type"));
    CHECK(!hasLabel(items, "date"));
    checkEditRange(items, fixture);
  }
  SECTION("the `---` delimiter inside the fence and the fence line offer nothing") {
    CHECK(completeAt("## YAML Metadata (Required)\n\n```yaml\n---$0\nstatus: ok\n---\n```\n")
              .empty());
    CHECK(completeAt("## YAML Metadata (Required)\n\n```yaml$0\n---\nstatus: ok\n---\n```\n")
              .empty());
  }
}

// ---- missing field names ----------------------------------------------------------------

TEST_CASE("field names: the template's keys the metadata lacks", "[completion]") {
  SECTION("top level, in template order, present ones left out") {
    Annotations fixture("---\ndate: 2026-11-27\nstatus: ok\n[[goa$0]]\nlevel_after: L2\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{
                                 "start_time", "duration_min", "track", "module", "topic",
                                 "goal_type", "level_before", "evidence_targets", "refs", "tags"});
    checkEditRange(items, fixture);
    const auto& goalType = itemNamed(items, "goal_type");
    CHECK(goalType.kind == CompletionKind::Field);
    CHECK(goalType.newText == "goal_type: ");
    CHECK(goalType.snippet == "goal_type: ${1|production,research,interview|}$0");
    CHECK(goalType.detail == "required field");
    CHECK(itemNamed(items, "start_time").detail == "optional field");
    CHECK(itemNamed(items, "start_time").snippet == "start_time: \"${1:HH:MM}\"$0");
    CHECK(itemNamed(items, "duration_min").documentation.find("estimate is fine") !=
          std::string::npos);
  }
  SECTION("a date field inserts today") {
    auto items = completeAt("---\nstatus: ok\nda$0\n---\n");
    CHECK(itemNamed(items, "date").newText == std::string("date: ") + kToday);
  }
  SECTION("a nested mapping inserts its keys with the template's layout") {
    auto items = completeAt("---\nstatus: ok\n$0\n---\n");
    CHECK(itemNamed(items, "evidence_targets").newText ==
          "evidence_targets:\n  sessions: []\n  tracks: []\n  lab: []");
    CHECK(itemNamed(items, "refs").newText == "refs:\n  - title: \"\"\n    link: \"\"");
    CHECK(itemNamed(items, "refs").snippet == "refs:\n  - title: \"${1}\"\n    link: \"${2}\"$0");
  }
  SECTION("nested under evidence_targets") {
    Annotations fixture("---\nevidence_targets:\n  sessions: []\n  [[$0]]\ntags: []\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"tracks", "lab"});
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "tracks").newText == "tracks: []");
    CHECK(itemNamed(items, "tracks").snippet == "tracks: [${1}]$0");
  }
  SECTION("works on YAML that does not parse") {
    Annotations fixture("---\ndate: 2026-11-27\ntags: [a, \nstatus: \"ok\n[[tr$0]]\n---\n");
    auto document = core::Document::parse(fixture.code());
    REQUIRE(!document->metadata.parsed);
    auto items = completeAt(fixture);
    CHECK(hasLabel(items, "track"));
    CHECK(!hasLabel(items, "date"));
    CHECK(!hasLabel(items, "tags"));
    CHECK(!hasLabel(items, "status"));
    checkEditRange(items, fixture);
  }
  SECTION("not with text after the word, nor on a finished key") {
    CHECK(completeAt("---\ngoa$0 x\n---\n").empty());
    CHECK(completeAt("---\nstat$0us: ok\n---\n").empty());
  }
  SECTION("every key present: nothing") {
    std::string all = "---\n";
    for (const auto& field : core::builtinSchema()->fields)
      all += field.name + ":\n";
    CHECK(completeAt(all + "$0\n---\n").empty());
  }
}

// ---- partial words ----------------------------------------------------------------------

TEST_CASE("the edit range covers the partial word", "[completion]") {
  SECTION("`L` typed") {
    Annotations fixture("---\nlevel_after: [[L$0]]\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == levels());
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "L3").newText == "L3");
  }
  SECTION("cursor in the middle of a value") {
    Annotations fixture("---\nstatus: [[ma$0st]]\n---\n");
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("a quoted value: inside the quotes") {
    Annotations fixture("---\nlevel_after: \"[[L$0]]\"\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == levels());
    checkEditRange(items, fixture);
  }
  SECTION("an unclosed quote") {
    Annotations fixture("---\nlevel_after: \"[[L$0]]\n---\n");
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("a value before a comment") {
    Annotations fixture("---\nstatus: [[o$0]] # how it went\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"weak", "ok", "mastered"});
    checkEditRange(items, fixture);
  }
}

TEST_CASE("right after the colon the value comes with a blank", "[completion]") {
  Annotations fixture("---\nstatus:[[$0]]\n---\n");
  auto items = completeAt(fixture);
  CHECK(labelsOf(items) == std::vector<std::string>{"weak", "ok", "mastered"});
  checkEditRange(items, fixture);
  for (const auto& item : items) {
    CHECK(item.newText == " " + item.label);
    CHECK(item.filterText == item.newText);
  }
  SECTION("a level too") {
    auto levelItems = completeAt("---\nlevel_after:$0\n---\n");
    CHECK(itemNamed(levelItems, "L2").newText == " L2");
  }
  SECTION("not when a blank is there") {
    CHECK(itemNamed(completeAt("---\nstatus: $0\n---\n"), "ok").newText == "ok");
  }
}

// ---- body enums -------------------------------------------------------------------------

TEST_CASE("labelled bullets complete their enum", "[completion]") {
  SECTION("Verdict: the range stops before the explanation") {
    Annotations fixture("### Q1 — x\n\n* **Verdict:** [[Par$0]] — needs review\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"Strong", "Partial", "Weak"});
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "Partial").newText == "Partial");
  }
  SECTION("Verdict: cursor in the middle of the word") {
    Annotations fixture("* **Verdict:** [[Pa$0rtial]], mostly\n");
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("Verdict: nothing typed yet") {
    Annotations fixture("* **Verdict:** [[$0]]\n");
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("Verdict: right after the label, a blank is inserted") {
    Annotations fixture("* **Verdict:**[[$0]]\n");
    auto items = completeAt(fixture);
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "Strong").newText == " Strong");
  }
  SECTION("RESULTS.md updated?") {
    Annotations fixture("## 6) Lab Artifacts (If Any)\n\n* **RESULTS.md updated?** [[Y$0]]\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"Yes", "No"});
    checkEditRange(items, fixture);
  }
  SECTION("Status") {
    Annotations fixture("### 5.2 Result\n\n* **Status:** [[Not st$0]]\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"Not started", "Passed", "Failed"});
    checkEditRange(items, fixture);
  }
  SECTION("a bullet that is not an enum: nothing") {
    CHECK(completeAt("* **Task:** bench$0\n").empty());
  }
}

// ---- table cells ------------------------------------------------------------------------

const char* const kRiskTable = "| Gap / Risk | Severity (H/M/L) | Symptom |\n"
                               "| ---------- | ---------------- | ------- |\n";
const char* const kLevelTable = "| Capability | Level reached | Proof (links) |\n"
                                "| ---------- | ------------: | ------------- |\n";

TEST_CASE("table cells of an enum column complete its values", "[completion]") {
  SECTION("Severity (H/M/L)") {
    Annotations fixture(std::string(kRiskTable) + "| paging | [[$0]] | slow |\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"H", "M", "L"});
    checkEditRange(items, fixture);
  }
  SECTION("Severity, partial") {
    Annotations fixture(std::string(kRiskTable) + "| paging |   [[M$0]]   | slow |\n");
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("Level reached: levels with their meanings") {
    Annotations fixture(std::string(kLevelTable) + "| I can x | [[L$0]] | link |\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == levels());
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "L1").kind == CompletionKind::Level);
    CHECK(itemNamed(items, "L1").detail == core::builtinSchema()->levelMeanings.at("L1"));
  }
  SECTION("the header row, the delimiter row and other columns give nothing") {
    CHECK(completeAt(std::string("| Gap / Risk | Severity$0 (H/M/L) | Symptom |\n"
                                 "| ---------- | ---------------- | ------- |\n"
                                 "| a | H | b |\n"))
              .empty());
    CHECK(completeAt(std::string(kRiskTable) + "| paging$0 | H | slow |\n").empty());
    CHECK(completeAt(std::string(kRiskTable) + "| paging | H | sl$0ow |\n").empty());
  }
}

// ---- headings ---------------------------------------------------------------------------

const char* const kFrontMatter = "---\ndate: 2026-11-27\nstatus: ok\n---\n\n";

TEST_CASE("`## ` offers the sections the file lacks, in template order", "[completion]") {
  Annotations fixture(std::string(kFrontMatter) +
                      "## 1) Session Summary (10 lines max)\n\n* **Why today (context):** x\n\n"
                      "[[## $0]]\n\n"
                      "## 8) What I Can Now Do (Evidence-Based)\n\nsomething\n");
  auto items = completeAt(fixture);
  CHECK(labelsOf(items) == std::vector<std::string>{
                               "2) Baseline (Before Teaching)", "3) Dialogue Log (Socratic Record)",
                               "4) Key Concepts (Distilled, Evidence-Friendly)",
                               "5) Verification (MANDATORY)", "6) Lab Artifacts (If Any)",
                               "7) Knowledge Gaps & Risk Register",
                               "9) Updates Required (SSOT Workflow)",
                               "10) Next Session Plan (Max 3 items)", "11) Meta Notes (Optional)"});
  checkEditRange(items, fixture);
  const auto& verification = itemNamed(items, "5) Verification (MANDATORY)");
  CHECK(verification.kind == CompletionKind::Section);
  CHECK(verification.detail == "mandatory section");
  CHECK(verification.filterText == "## 5) Verification (MANDATORY)");
  CHECK(verification.newText.starts_with(
      "## 5) Verification (MANDATORY)\n\n### 5.1 Verification task\n\n* **Task:**\n"));
  // The next line is blank: no extra blank line at the end.
  CHECK(!verification.newText.ends_with("\n"));
  CHECK(verification.snippet.starts_with(
      "## 5) Verification (MANDATORY)\n\n### 5.1 Verification task\n\n* **Task:**$0\n"));
  CHECK(itemNamed(items, "11) Meta Notes (Optional)").detail == "optional section");
  CHECK(itemNamed(items, "2) Baseline (Before Teaching)").detail == "section");

  SECTION("a non-blank next line gets a blank line after the skeleton") {
    auto tight = completeAt("## $0\n* x\n");
    CHECK(itemNamed(tight, "5) Verification (MANDATORY)").newText.ends_with("\n"));
  }
  SECTION("without any metadata, YAML Metadata is offered first") {
    auto bare = completeAt("# Note\n\n## $0\n");
    REQUIRE(!bare.empty());
    CHECK(bare.front().label == "YAML Metadata (Required)");
  }
  SECTION("with the fenced block present, YAML Metadata is not offered again") {
    auto fenced = completeAt(std::string(kFencedHead) + "status: ok\n" + kFencedTail + "\n## $0\n");
    CHECK(!hasLabel(fenced, "YAML Metadata (Required)"));
    CHECK(!hasLabel(fenced, "1) Session Summary (10 lines max)"));
    CHECK(hasLabel(fenced, "2) Baseline (Before Teaching)"));
  }
}

TEST_CASE("`## 5) Verif` filters on the typed line", "[completion]") {
  Annotations fixture(std::string(kFrontMatter) + "[[## 5) Verif$0]]\n");
  auto items = completeAt(fixture);
  checkEditRange(items, fixture);
  const auto& verification = itemNamed(items, "5) Verification (MANDATORY)");
  CHECK(verification.filterText == "## 5) Verification (MANDATORY)");
  CHECK(verification.newText.starts_with("## 5) Verification (MANDATORY)\n"));
}

TEST_CASE("a finished heading is not offered again, a bare one is", "[completion]") {
  SECTION("with a body") {
    auto items =
        completeAt(std::string(kFrontMatter) + "## 1) Session Summary (10 lines max)$0\n\n* x\n");
    CHECK(!hasLabel(items, "1) Session Summary (10 lines max)"));
    CHECK(hasLabel(items, "2) Baseline (Before Teaching)"));
  }
  SECTION("without a body it is the heading being typed") {
    auto items = completeAt(std::string(kFrontMatter) + "## 1) Session Summary$0\n");
    CHECK(hasLabel(items, "1) Session Summary (10 lines max)"));
  }
  SECTION("a title and deeper headings offer nothing; nor does the `#` marker itself") {
    CHECK(completeAt("# My title$0\n").empty());
    CHECK(completeAt("#### Deep$0\n").empty());
    CHECK(completeAt("#$0# \n").empty());
  }
}

TEST_CASE("`### ` in a section offers its missing subsections and the next question",
          "[completion]") {
  SECTION("the dialogue log: the next Q block") {
    Annotations fixture(std::string(kFrontMatter) +
                        "## 3) Dialogue Log (Socratic Record)\n\n### Q1 — 한국어 😀\n\n"
                        "* **My question (verbatim):** x\n\n[[### $0]]\n");
    auto items = completeAt(fixture);
    REQUIRE(items.size() == 1);
    CHECK(items[0].label == "Q2 — [Question / Topic]");
    checkEditRange(items, fixture);
    CHECK(items[0].newText.starts_with(
        "### Q2 — [Question / Topic]\n\n* **My question (verbatim):**\n"));
    CHECK(items[0].snippet.starts_with(
        "### Q2 — [Question / Topic]\n\n* **My question (verbatim):**$0\n"));
  }
  SECTION("verification: the subsection still missing") {
    auto items = completeAt(std::string(kFrontMatter) +
                            "## 5) Verification (MANDATORY)\n\n### 5.1 Verification task\n\n"
                            "* **Task:** x\n\n### $0\n");
    CHECK(labelsOf(items) == std::vector<std::string>{"5.2 Result"});
  }
  SECTION("outside a known section nothing") {
    CHECK(completeAt("## Something else\n\n### $0\n").empty());
  }
}

// ---- non-ASCII and CRLF -----------------------------------------------------------------

TEST_CASE("non-ASCII text before the cursor: ranges stay byte offsets", "[completion]") {
  SECTION("a level cell after Korean and an emoji") {
    Annotations fixture(std::string(kLevelTable) + "| 설명할 수 있다 😀 | [[L$0]] | x |\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == levels());
    checkEditRange(items, fixture);
    // `| 설명할 수 있다 😀 | `: 2 + 5 Hangul * 3 + 2 blanks + 4 (emoji) + 3 = 30 bytes (UTF-16: 16).
    auto lineStart = static_cast<uint32_t>(std::string_view(kLevelTable).size());
    CHECK(items[0].editRange.begin - lineStart == 30);
  }
  SECTION("a Verdict after Korean in the same bullet's explanation") {
    Annotations fixture("### Q1 — 질문 😀\n\n* **Verdict:** [[Par$0]] — 설명 😀\n");
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("a tag after a Korean tag") {
    core::Workspace workspace = taggedWorkspace();
    Options options;
    options.workspace = &workspace;
    Annotations fixture("---\ntopic: 페이지 어텐션 😀\ntags: [메모리 😀, [[kv$0]]]\n---\n");
    auto items = completeAt(fixture, options);
    CHECK(hasLabel(items, "kv-cache"));
    checkEditRange(items, fixture);
  }
}

TEST_CASE("completion with CRLF line endings", "[completion]") {
  SECTION("enum value") {
    Annotations fixture(withCrlf("---\ndate: 2026-11-27\nstatus: [[o$0]]\n---\n"));
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"weak", "ok", "mastered"});
    checkEditRange(items, fixture);
  }
  SECTION("right after the colon") {
    Annotations fixture(withCrlf("---\nlevel_after:[[$0]]\n---\n"));
    auto items = completeAt(fixture);
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "L1").newText == " L1");
  }
  SECTION("field names, nested too") {
    Annotations fixture(withCrlf("---\nevidence_targets:\n  sessions: []\n  [[la$0]]\n---\n"));
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"tracks", "lab"});
    checkEditRange(items, fixture);
  }
  SECTION("a bullet enum at the end of its line") {
    Annotations fixture(withCrlf("### Q1 — x\n\n* **Verdict:** [[Par$0]]\n\nmore\n"));
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("a table cell") {
    Annotations fixture(withCrlf(std::string(kRiskTable) + "| a | [[H$0]] | b |\n"));
    checkEditRange(completeAt(fixture), fixture);
  }
  SECTION("a heading: the range stops before the line ending") {
    Annotations fixture(withCrlf(std::string(kFrontMatter) + "[[## $0]]\n\nmore\n"));
    auto items = completeAt(fixture);
    checkEditRange(items, fixture);
    CHECK(hasLabel(items, "5) Verification (MANDATORY)"));
  }
}

// ---- regressions ------------------------------------------------------------------------

TEST_CASE("`- ` in a list of mappings completes the item's keys", "[completion]") {
  SECTION("a new item") {
    Annotations fixture("---\nrefs:\n  - [[$0]]\ntags: []\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"title", "link"});
    checkEditRange(items, fixture);
    CHECK(itemNamed(items, "link").newText == "link: \"\"");
  }
  SECTION("a partial key after the marker") {
    Annotations fixture("---\nrefs:\n- [[ti$0]]\n---\n");
    auto items = completeAt(fixture);
    CHECK(labelsOf(items) == std::vector<std::string>{"title", "link"});
    checkEditRange(items, fixture);
  }
  SECTION("the item's second key: only the keys this item lacks") {
    auto items = completeAt("---\nrefs:\n  - title: \"a\"\n    link: \"b\"\n"
                            "  - title: \"c\"\n    $0\n---\n");
    CHECK(labelsOf(items) == std::vector<std::string>{"link"});
  }
}

TEST_CASE("a quoted item of a flow list is edited inside its quotes", "[completion]") {
  core::Workspace workspace = taggedWorkspace();
  Options options;
  options.workspace = &workspace;
  Annotations fixture("---\ntags: [vllm, \"[[kv$0]]\"]\n---\n");
  auto items = completeAt(fixture, options);
  CHECK(labelsOf(items) == std::vector<std::string>{"kv-cache", "메모리"});
  checkEditRange(items, fixture);
}

TEST_CASE("the next question block follows the highest Q number", "[completion]") {
  auto items = completeAt(std::string(kFrontMatter) +
                          "## 3) Dialogue Log (Socratic Record)\n\n### Q1 — a\n\nx\n\n"
                          "### Q3 — b\n\ny\n\n### $0\n");
  CHECK(labelsOf(items) == std::vector<std::string>{"Q4 — [Question / Topic]"});
}

TEST_CASE("prose above a `---` line (a setext heading) is not a heading being typed",
          "[completion]") {
  CHECK(completeAt(std::string(kFrontMatter) +
                   "## 1) Session Summary (10 lines max)\n\nNotes he$0re\n---\n")
            .empty());
}

TEST_CASE("an unclosed metadata block completes on its last, empty line", "[completion]") {
  SECTION("front matter being written") {
    auto items = completeAt("---\ndate: 2026-11-27\n$0");
    CHECK(hasLabel(items, "status"));
    CHECK(!hasLabel(items, "date"));
  }
  SECTION("a fenced block being written") {
    auto items = completeAt("## YAML Metadata (Required)\n\n```yaml\n---\nstatus: ok\n$0");
    CHECK(hasLabel(items, "date"));
    CHECK(!hasLabel(items, "status"));
  }
  SECTION("a closed block still ends at its closing line") {
    CHECK(completeAt("---\nstatus: ok\n---\n$0").empty());
    CHECK(completeAt("## YAML Metadata (Required)\n\n```yaml\nstatus: ok\n```\n$0").empty());
  }
}

// ---- nothing to offer -------------------------------------------------------------------

TEST_CASE("places where nothing is offered", "[completion]") {
  SECTION("prose") {
    CHECK(
        completeAt(std::string(kFrontMatter) + "## 1) Session Summary\n\nSome te$0xt.\n").empty());
  }
  SECTION("a comment after `#` in the YAML") {
    CHECK(completeAt("---\nstatus: ok # how it we$0nt\n---\n").empty());
    CHECK(completeAt("---\nstatus: # o$0k\n---\n").empty());
    CHECK(completeAt("---\n# a comm$0ent\nstatus: ok\n---\n").empty());
  }
  SECTION("the label part of a bullet") {
    CHECK(completeAt("* **Verd$0ict:** Partial\n").empty());
    CHECK(completeAt("*$0 **Verdict:** Partial\n").empty());
  }
  SECTION("the explanation after a body enum") {
    CHECK(completeAt("* **Verdict:** Partial — needs re$0view\n").empty());
  }
  SECTION("a free-text field") {
    CHECK(completeAt("---\ntopic: Paged at$0tention\n---\n").empty());
  }
  SECTION("the key of a present field") {
    CHECK(completeAt("---\nsta$0tus: ok\n---\n").empty());
  }
  SECTION("bad requests") {
    auto document = core::Document::parse("---\nstatus: \n---\n");
    CompletionRequest request;
    request.document = document.get();
    request.schema = core::builtinSchema().get();
    request.offset = static_cast<uint32_t>(document->text().size()) + 1;
    CHECK(complete(request).empty());
    request.offset = 0;
    request.document = nullptr;
    CHECK(complete(request).empty());
  }
}

TEST_CASE("escapeSnippet escapes what snippets give meaning to", "[completion]") {
  CHECK(features::escapeSnippet("a$b}c\\d") == "a\\$b\\}c\\\\d");
  CHECK(features::escapeSnippet("plain") == "plain");
}

} // namespace
