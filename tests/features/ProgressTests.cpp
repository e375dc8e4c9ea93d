// The progress roll-up (issue 7): facts read from sessions (addProgressFacts), the report built
// from them (order, level path, regression, failed verification, open risks, review queue),
// its markdown, the inlay-hint text, and the generated block of progress/tech-stack.md.
#include "server/features/Progress.h"
#include "server/features/ProgressBlock.h"
#include "server/features/ProgressFacts.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace session;

namespace {

struct SessionText {
  std::string date = "2026-11-20";
  std::string module = "vLLM";
  std::string track = "02-Infra-System";
  std::string before = "L1";
  std::string after = "L2";
  std::string status = "ok";
  std::string verification = "Passed";
  std::string startTime = "";
  std::string duration = "60";
  std::string tracks = "[/tracks/02-Infra-System/vLLM/INDEX.md]";
  std::string lab = "[]";
  std::vector<std::string> riskRows; // `risk | severity | fix plan`
};

std::string sessionText(const SessionText& s) {
  std::string text = "---\ndate: " + s.date + "\n";
  if (!s.startTime.empty())
    text += "start_time: \"" + s.startTime + "\"\n";
  text += "duration_min: " + s.duration + "\ntrack: " + s.track + "\nmodule: " + s.module +
          "\ntopic: Something\ngoal_type: production\nstatus: " + s.status +
          "\nlevel_before: " + s.before + "\nlevel_after: " + s.after +
          "\nevidence_targets:\n  sessions: []\n  tracks: " + s.tracks + "\n  lab: " + s.lab +
          "\ntags: [x]\n---\n\n# Title\n\n## 5) Verification (MANDATORY)\n\n### 5.1 Verification "
          "task\n\n* **Task:** explain it\n\n### 5.2 Result\n\n* **Status:** " +
          s.verification +
          "\n* **If failed, why:** because\n\n## 7) Knowledge Gaps & Risk "
          "Register\n\n| Gap / Risk | Severity (H/M/L) | Symptom | Likely cause | "
          "Fix plan | Evidence link |\n| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& row : s.riskRows) {
    auto first = row.find('|'), second = row.find('|', first + 1);
    text += "| " + row.substr(0, first) + " | " + row.substr(first + 1, second - first - 1) +
            " | s | c | " + row.substr(second + 1) + " | none |\n";
  }
  return text;
}

core::SessionFacts factsOf(const std::string& text, const std::string& path) {
  auto document = core::Document::parse(text);
  auto facts = core::sessionFacts(*document);
  REQUIRE(facts);
  features::addProgressFacts(*document, *core::builtinSchema(), path, *facts);
  return *facts;
}

using Sessions = std::vector<std::pair<std::string, std::optional<core::SessionFacts>>>;

void add(Sessions& sessions, const std::string& path, const SessionText& s) {
  sessions.emplace_back(path, factsOf(sessionText(s), path));
}

features::ProgressReport build(const Sessions& sessions, std::string today = "2026-12-01") {
  return features::buildProgressReport(sessions, today, 30, core::builtinSchema()->levels());
}

const features::ModuleProgress* findModule(const features::ProgressReport& report,
                                           std::string_view name) {
  for (const auto& track : report.tracks)
    for (const auto& module : track.modules)
      if (module.module == name)
        return &module;
  return nullptr;
}

std::vector<std::string> levelsOf(const std::vector<features::LevelPoint>& path) {
  std::vector<std::string> levels;
  for (const auto& point : path)
    levels.push_back(point.level + "@" + point.date);
  return levels;
}

} // namespace

TEST_CASE("addProgressFacts reads duration, status, verification, evidence and risks",
          "[progress]") {
  SessionText s;
  s.verification = "**passed** (re-ran twice) <!-- note -->";
  s.tracks = "[/tracks/a.md, tracks/b.md, ../tracks/c.md, none]";
  s.lab = "[./bench.py, https://example.com/x.py]";
  s.riskRows = {"Preemption|H|Read the scheduler", "Naming|M|", "|H|no text",
                "Latency|**h** — "
                "big|"};
  auto facts = factsOf(sessionText(s), "sessions/2026-11-20-x.md");
  CHECK(facts.durationMinutes == 60);
  CHECK(facts.status == "ok");
  CHECK(facts.verification == "Passed");
  CHECK(facts.evidence ==
        std::vector<std::string>{"tracks/a.md", "tracks/b.md", "tracks/c.md", "sessions/bench.py"});
  REQUIRE(facts.risks.size() == 3);
  CHECK(facts.risks[0].text == "Preemption");
  CHECK(facts.risks[0].severity == "H");
  CHECK(facts.risks[0].mitigation == "Read the scheduler");
  CHECK(facts.risks[1].severity == "M");
  CHECK(facts.risks[1].mitigation.empty());
  CHECK(facts.risks[2].text == "Latency");
  CHECK(facts.risks[2].severity == "H");
}

TEST_CASE("addProgressFacts leaves what is missing empty", "[progress]") {
  SessionText s;
  s.duration = "-5";
  s.verification = "";
  auto facts = factsOf(sessionText(s), "sessions/x.md");
  CHECK_FALSE(facts.durationMinutes);
  CHECK(facts.verification.empty());
  CHECK(facts.risks.empty());

  auto noResult = core::Document::parse("---\ndate: 2026-11-20\nmodule: vLLM\n---\n\n## 5) "
                                        "Verification\n\n* **Status:** Passed\n");
  auto bare = core::sessionFacts(*noResult);
  REQUIRE(bare);
  features::addProgressFacts(*noResult, *core::builtinSchema(), "sessions/x.md", *bare);
  CHECK(bare->verification.empty()); // a Status bullet outside `5.2 Result` is not the result
  CHECK_FALSE(bare->durationMinutes);
}

TEST_CASE("the same module over several dates: order, level path, totals, latest values",
          "[progress]") {
  Sessions sessions;
  SessionText third;
  third.date = "2026-11-20";
  third.before = "L2";
  third.after = "L3";
  third.status = "mastered";
  third.duration = "30";
  add(sessions, "sessions/c.md", third);
  SessionText first;
  first.date = "2026-11-01";
  first.before = "L0";
  first.after = "L1";
  first.status = "weak";
  first.lab = "[/lab/vllm/bench.py]";
  add(sessions, "sessions/a.md", first);
  SessionText second;
  second.date = "2026-11-10";
  second.before = "L1";
  second.after = "L2";
  second.duration = "oops";
  add(sessions, "sessions/b.md", second);

  auto report = build(sessions);
  CHECK(report.sessionCount == 3);
  REQUIRE(report.tracks.size() == 1);
  const auto* module = findModule(report, "vLLM");
  REQUIRE(module);
  REQUIRE(module->sessions.size() == 3);
  CHECK(module->sessions[0].path == "sessions/a.md");
  CHECK(module->sessions[2].path == "sessions/c.md");
  CHECK(levelsOf(module->levelPath) == std::vector<std::string>{"L0@2026-11-01", "L1@2026-11-01",
                                                                "L2@2026-11-10", "L3@2026-11-20"});
  CHECK(module->totalMinutes == 90); // the unreadable duration counts as unknown
  CHECK(module->latestLevel == "L3");
  CHECK(module->latestStatus == "mastered");
  CHECK(module->lastStudied == "2026-11-20");
  CHECK(module->evidence ==
        std::vector<std::string>{"lab/vllm/bench.py", "tracks/02-Infra-System/vLLM/INDEX.md"});
  CHECK(features::modulePathSoFar(report, "sessions/b.md") == "vLLM: L0 → L1 → L2 (2nd session)");
  CHECK(features::modulePathSoFar(report, "sessions/c.md") ==
        "vLLM: L0 → L1 → L2 → L3 (3rd session)");
  CHECK_FALSE(features::modulePathSoFar(report, "sessions/none.md"));
}

TEST_CASE("sessions on one date are ordered by start time, then file name", "[progress]") {
  Sessions sessions;
  SessionText late;
  late.startTime = "21:00";
  late.before = "L2";
  late.after = "L3";
  add(sessions, "sessions/a-late.md", late);
  SessionText early;
  early.startTime = "09:00";
  early.before = "L1";
  early.after = "L2";
  add(sessions, "sessions/z-early.md", early);
  auto report = build(sessions);
  const auto* module = findModule(report, "vLLM");
  REQUIRE(module);
  CHECK(module->sessions.front().path == "sessions/z-early.md");
  CHECK(module->latestLevel == "L3");
}

TEST_CASE("a regression shows in the path and the latest level; invalid levels are left out",
          "[progress]") {
  Sessions sessions;
  SessionText up;
  up.date = "2026-11-01";
  up.before = "L1";
  up.after = "L2";
  add(sessions, "sessions/a.md", up);
  SessionText down;
  down.date = "2026-11-05";
  down.before = "L2";
  down.after = "L1";
  add(sessions, "sessions/b.md", down);
  SessionText invalid;
  invalid.date = "2026-11-07";
  invalid.before = "L1";
  invalid.after = "L9";
  add(sessions, "sessions/c.md", invalid);
  auto report = build(sessions);
  const auto* module = findModule(report, "vLLM");
  REQUIRE(module);
  CHECK(levelsOf(module->levelPath) ==
        std::vector<std::string>{"L1@2026-11-01", "L2@2026-11-01", "L1@2026-11-05"});
  CHECK(module->latestLevel == "L1");
  CHECK(features::renderProgressMarkdown(report).find(
            "L1 (2026-11-01) → L2 (2026-11-01) → L1 (2026-11-05)") != std::string::npos);
}

TEST_CASE("a failed verification is the latest result; open high risks follow the sessions",
          "[progress]") {
  Sessions sessions;
  SessionText first;
  first.date = "2026-11-01";
  first.riskRows = {"Preemption|H|Read it", "Naming|H|Glossary", "Minor|L|"};
  add(sessions, "sessions/a.md", first);
  SessionText second;
  second.date = "2026-11-02";
  second.verification = "Failed";
  second.riskRows = {"naming|M|done", "Preemption|H|", "OOM at 8k|H|Profile"};
  add(sessions, "sessions/b.md", second);
  auto report = build(sessions);
  const auto* module = findModule(report, "vLLM");
  REQUIRE(module);
  CHECK(module->latestVerification == "Failed");
  REQUIRE(module->openRisks.size() == 2);
  CHECK(module->openRisks[0].text == "Preemption");
  CHECK(module->openRisks[0].mitigation == "Read it"); // kept when the later row has none
  CHECK(module->openRisks[0].date == "2026-11-02");
  CHECK(module->openRisks[1].text == "OOM at 8k");
  auto markdown = features::renderProgressMarkdown(report);
  CHECK(markdown.find("verification `Failed`") != std::string::npos);
  CHECK(markdown.find("Naming") == std::string::npos);
}

TEST_CASE("a workspace with no sessions", "[progress]") {
  auto report = build({});
  CHECK(report.sessionCount == 0);
  CHECK(report.tracks.empty());
  CHECK(report.reviewQueue.empty());
  auto markdown = features::renderProgressMarkdown(report);
  CHECK(markdown.find("No sessions yet.") != std::string::npos);
  CHECK(markdown.find("Nothing to review") != std::string::npos);
  CHECK(markdown.back() == '\n');
  CHECK(markdown.find("\n\n\n") == std::string::npos);
}

TEST_CASE("sessions without a valid date, a module or parsed metadata take no part", "[progress]") {
  Sessions sessions;
  SessionText badDate;
  badDate.date = "2026/11/22";
  add(sessions, "sessions/bad-date.md", badDate);
  SessionText noModule;
  noModule.module = "\"\"";
  add(sessions, "sessions/no-module.md", noModule);
  sessions.emplace_back("sessions/broken.md", std::nullopt);
  auto report = build(sessions);
  CHECK(report.sessionCount == 0);
  CHECK(report.skipped == std::vector<std::string>{"sessions/bad-date.md", "sessions/broken.md",
                                                   "sessions/no-module.md"});
}

TEST_CASE("the review queue: at least staleAfterDays old, oldest then weakest first",
          "[progress]") {
  Sessions sessions;
  auto module = [&](std::string name, std::string date, std::string level) {
    SessionText s;
    s.module = name;
    s.date = date;
    s.before = "L0";
    s.after = level;
    add(sessions, "sessions/" + name + ".md", s);
  };
  module("Fresh", "2026-11-25", "L1");    // 6 days: not due
  module("Edge", "2026-11-01", "L3");     // exactly 30 days: due
  module("Strong", "2026-10-01", "L4");   // oldest
  module("Weak", "2026-11-01", "L1");     // same date as Edge, weaker
  module("Unknown", "2026-11-01", "L?");  // no valid level: weakest
  module("AlsoWeak", "2026-11-01", "L1"); // same date and level as Weak: by name
  auto report = build(sessions, "2026-12-01");
  std::vector<std::string> order;
  for (const auto& item : report.reviewQueue)
    order.push_back(item.module);
  CHECK(order == std::vector<std::string>{"Strong", "Unknown", "AlsoWeak", "Weak", "Edge"});
  CHECK(report.reviewQueue.front().daysSince == 61);
  auto markdown = features::renderProgressMarkdown(report);
  CHECK(markdown.find("| Strong | 02-Infra-System | 2026-10-01 | 61 | L4 |") != std::string::npos);
  // The generated block does not depend on today.
  auto block = features::renderProgressMarkdown(report, features::ProgressMarkdown::Block);
  CHECK(block.find("Review queue") == std::string::npos);
  CHECK(block == features::renderProgressMarkdown(build(sessions, "2030-01-01"),
                                                  features::ProgressMarkdown::Block));
}

TEST_CASE("a module under several tracks is one module, listed under its latest track",
          "[progress]") {
  Sessions sessions;
  SessionText paper;
  paper.module = "Attention";
  paper.track = "03-Theory-Paper";
  paper.date = "2026-11-01";
  add(sessions, "sessions/a.md", paper);
  SessionText interview = paper;
  interview.track = "04-Interview";
  interview.date = "2026-11-03";
  add(sessions, "sessions/b.md", interview);
  auto report = build(sessions);
  REQUIRE(report.tracks.size() == 1);
  CHECK(report.tracks[0].track == "04-Interview");
  CHECK(report.tracks[0].modules[0].tracks ==
        std::vector<std::string>{"03-Theory-Paper", "04-Interview"});
}

TEST_CASE("ordinals", "[progress]") {
  CHECK(features::ordinal(1) == "1st");
  CHECK(features::ordinal(2) == "2nd");
  CHECK(features::ordinal(3) == "3rd");
  CHECK(features::ordinal(4) == "4th");
  CHECK(features::ordinal(11) == "11th");
  CHECK(features::ordinal(12) == "12th");
  CHECK(features::ordinal(13) == "13th");
  CHECK(features::ordinal(21) == "21st");
  CHECK(features::ordinal(22) == "22nd");
  CHECK(features::ordinal(101) == "101st");
  CHECK(features::ordinal(111) == "111th");
  CHECK(features::ordinal(112) == "112th");
}

TEST_CASE("daysBetween counts calendar days across months and leap years", "[progress]") {
  CHECK(features::daysBetween("2026-11-01", "2026-12-01") == 30);
  CHECK(features::daysBetween("2024-02-28", "2024-03-01") == 2);
  CHECK(features::daysBetween("2025-12-31", "2026-01-01") == 1);
  CHECK(features::daysBetween("2026-12-01", "2026-11-01") == -30);
  CHECK_FALSE(features::daysBetween("2026-02-30", "2026-03-01"));
}

TEST_CASE("modulePathSoFar from the workspace index", "[progress]") {
  core::Workspace workspace("/nonexistent-session-lsp-root");
  SessionText a;
  a.date = "2026-11-01";
  a.before = "L0";
  a.after = "L1";
  SessionText b = a;
  b.date = "2026-11-03";
  b.before = "L1";
  b.after = "L1";
  SessionText c = a;
  c.date = "2026-11-05";
  c.before = "L1";
  c.after = "L2";
  workspace.setSessionFacts("sessions/c.md", factsOf(sessionText(c), "sessions/c.md"));
  workspace.setSessionFacts("sessions/a.md", factsOf(sessionText(a), "sessions/a.md"));
  workspace.setSessionFacts("sessions/b.md", factsOf(sessionText(b), "sessions/b.md"));
  CHECK(features::modulePathSoFar(workspace, "sessions/a.md") == "vLLM: L0 → L1 (1st session)");
  CHECK(features::modulePathSoFar(workspace, "sessions/b.md") == "vLLM: L0 → L1 (2nd session)");
  CHECK(features::modulePathSoFar(workspace, "sessions/c.md") ==
        "vLLM: L0 → L1 → L2 (3rd session)");
  CHECK_FALSE(features::modulePathSoFar(workspace, "sessions/unknown.md"));

  auto report = features::buildProgressReport(workspace, "2026-12-31");
  CHECK(report.staleAfterDays == 30);
  REQUIRE(report.reviewQueue.size() == 1);
  CHECK(report.reviewQueue[0].daysSince == 56);
  CHECK(features::modulePathSoFar(report, "sessions/b.md") == "vLLM: L0 → L1 (2nd session)");
}

// ---- The generated block -------------------------------------------------------------------

namespace {
const std::string kBegin(features::kProgressBeginMarker);
const std::string kEnd(features::kProgressEndMarker);
} // namespace

TEST_CASE("splice replaces only the bytes between the markers", "[progress]") {
  std::string head = "# My stack\r\n\r\nNotes I wrote | keep\r\n\r\n" + kBegin;
  std::string tail = kEnd + "\r\n\r\nAfter the block, no final newline";
  std::string file = "\xEF\xBB\xBF" + head + "\r\nold generated\r\ntext\r\n" + tail;
  auto spliced = features::spliceProgressBlock(file, "New line 1\nNew line 2\n");
  CHECK(spliced == "\xEF\xBB\xBF" + head + "\r\nNew line 1\r\nNew line 2\r\n" + tail);
  CHECK(features::progressBlockIsCurrent(spliced, "New line 1\nNew line 2\n"));
  CHECK_FALSE(features::progressBlockIsCurrent(file, "New line 1\nNew line 2\n"));
  // Refreshing again changes nothing.
  CHECK(features::spliceProgressBlock(spliced, "New line 1\nNew line 2\n") == spliced);
  auto range = features::findProgressBlock(spliced);
  REQUIRE(range);
  CHECK(spliced.substr(range->begin, kBegin.size()) == kBegin);
  CHECK(spliced.substr(range->end - kEnd.size(), kEnd.size()) == kEnd);
  CHECK(range->hasEndMarker);
}

TEST_CASE("splice appends the markers after a blank line when they are missing", "[progress]") {
  CHECK(features::spliceProgressBlock("# Mine\n\nText", "B\n") ==
        "# Mine\n\nText\n\n" + kBegin + "\nB\n" + kEnd + "\n");
  CHECK(features::spliceProgressBlock("# Mine\n\n", "B\n") ==
        "# Mine\n\n" + kBegin + "\nB\n" + kEnd + "\n");
  CHECK(features::spliceProgressBlock("# Mine\r\n", "B\n") ==
        "# Mine\r\n\r\n" + kBegin + "\r\nB\r\n" + kEnd + "\r\n");
  // An end marker alone is user text: the new block goes after it.
  auto lone = features::spliceProgressBlock(kEnd + "\n", "B\n");
  CHECK(lone.starts_with(kEnd + "\n\n" + kBegin));
}

TEST_CASE("splice on an empty or missing file writes a title and the block", "[progress]") {
  std::string expected = "# Tech stack progress\n\n" + kBegin + "\nB\n" + kEnd + "\n";
  CHECK(features::spliceProgressBlock("", "B\n") == expected);
  CHECK(features::spliceProgressBlock("", "B") == expected); // a missing final newline is added
  CHECK(features::spliceProgressBlock("\xEF\xBB\xBF", "B\n") == "\xEF\xBB\xBF" + expected);
}

TEST_CASE("a begin marker without an end marker keeps the text after it", "[progress]") {
  std::string file = "Intro\n" + kBegin + "\nhand-written after the marker\n";
  auto spliced = features::spliceProgressBlock(file, "B\n");
  CHECK(spliced == "Intro\n" + kBegin + "\nB\n" + kEnd + "\nhand-written after the marker\n");
  CHECK_FALSE(features::progressBlockIsCurrent(file, "B\n"));
  CHECK(features::progressBlockIsCurrent(spliced, "B\n"));
  auto range = features::findProgressBlock(file);
  REQUIRE(range);
  CHECK_FALSE(range->hasEndMarker);
  CHECK(range->contentEnd == file.size());
}
