// checkMetadata on whole documents: each test varies one thing in a valid session and lists the
// expected diagnostics as named ranges (`$invalid_enum[[L9]]`; `_` stands for `-`, and a
// trailing `_<n>` tells apart several diagnostics of one code).
#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/features/Diagnostics.h"
#include "tests/support/Annotations.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>

namespace session::features {
namespace {

using test::Annotations;

constexpr const char* kSelfPath = "sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md";

/// A complete, valid session in front matter.
constexpr const char* kValidFrontMatter = R"(---
date: 2026-11-20
start_time: "20:30"
duration_min: 90
track: 02-Infra-System
module: vLLM
topic: Paged attention
goal_type: production
status: ok
level_before: L1
level_after: L2
evidence_targets:
  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]
  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]
  lab: [lab/vllm/paged_attention_bench.py]
refs:
  - title: "Efficient Memory Management for LLM Serving with PagedAttention"
    link: "https://arxiv.org/abs/2309.06180"
tags: [vllm, kv-cache]
---

## 1) Session Summary (10 lines max)

* **Why today (context):** serving
)";

/// The same session with its metadata in the template's fenced block.
constexpr const char* kValidFenced = R"(# Paged attention

## YAML Metadata (Required)

```yaml
---
date: 2026-11-20
start_time: "20:30"
duration_min: 90
track: 02-Infra-System
module: vLLM
topic: Paged attention
goal_type: production
status: ok
level_before: L1
level_after: L2
evidence_targets:
  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]
  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]
  lab: [lab/vllm/paged_attention_bench.py]
refs:
  - title: "Efficient Memory Management for LLM Serving with PagedAttention"
    link: "https://arxiv.org/abs/2309.06180"
tags: [vllm, kv-cache]
---
````

## 1) Session Summary (10 lines max)
)";

/// \p text with its one occurrence of \p from replaced by \p to.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

using session::test::withCrlf;

struct Options {
  /// Empty: a buffer outside the workspace (filename and self-evidence rules off).
  std::string workspacePath;
  /// Existing workspace files; links are checked only when set.
  std::optional<std::set<std::string>> files;
  std::vector<std::string> knownModules;
};

Options inWorkspace(std::string path = kSelfPath) {
  Options options;
  options.workspacePath = std::move(path);
  options.files = std::set<std::string>{kSelfPath, "sessions", "tracks",
                                        "tracks/02-Infra-System/vLLM/paged-attention.md",
                                        "lab/vllm/paged_attention_bench.py"};
  return options;
}

std::vector<core::Diagnostic> diagnostics(std::string text, const Options& options = {}) {
  auto document = core::Document::parse(std::move(text));
  auto schema = core::builtinSchema();
  CheckContext context;
  context.schema = schema.get();
  context.workspacePath = options.workspacePath;
  context.knownModules = options.knownModules;
  if (options.files) {
    auto files = *options.files;
    context.exists = [files](std::string_view path) {
      return files.contains(std::string(path));
    };
  }
  std::vector<core::Diagnostic> out;
  checkMetadata(*document, context, out);
  return out;
}

using Found = std::vector<std::pair<std::string, test::MarkedRange>>;

std::string describe(const Found& found) {
  std::string text;
  for (const auto& [diagnosticCode, range] : found)
    text +=
        diagnosticCode + "@" + std::to_string(range.begin) + "-" + std::to_string(range.end) + " ";
  return text;
}

/// Runs checkMetadata on the fixture and compares (code, range) with its named ranges.
void check(std::string_view marked, const Options& options = {}) {
  Annotations fixture(marked);
  Found expected;
  static const std::regex kName(R"(\$([A-Za-z][A-Za-z0-9_]*)\[\[)");
  std::string markedText(marked);
  for (std::sregex_iterator it(markedText.begin(), markedText.end(), kName), end; it != end; ++it) {
    std::string name = (*it)[1];
    std::string diagnosticCode = std::regex_replace(name, std::regex("_[0-9]+$"), "");
    std::replace(diagnosticCode.begin(), diagnosticCode.end(), '_', '-');
    expected.emplace_back(diagnosticCode, fixture.range(name));
  }
  Found actual;
  for (const auto& diagnostic : diagnostics(fixture.code(), options))
    actual.emplace_back(diagnostic.code,
                        test::MarkedRange{diagnostic.range.begin, diagnostic.range.end});
  auto order = [](const auto& a, const auto& b) {
    return std::tie(a.second.begin, a.second.end, a.first) <
           std::tie(b.second.begin, b.second.end, b.first);
  };
  std::sort(expected.begin(), expected.end(), order);
  std::sort(actual.begin(), actual.end(), order);
  INFO("expected: " << describe(expected));
  INFO("actual:   " << describe(actual));
  CHECK(actual == expected);
}

/// The only diagnostic of \p text (it must be exactly one).
core::Diagnostic only(std::string text, const Options& options = {}) {
  auto found = diagnostics(std::move(text), options);
  REQUIRE(found.size() == 1);
  return found.front();
}

std::string frontMatterWith(std::string_view from, std::string_view to) {
  return replaced(kValidFrontMatter, from, to);
}

} // namespace

TEST_CASE("a valid session has no metadata diagnostics in either placement", "[metadata]") {
  check(kValidFrontMatter);
  check(kValidFrontMatter, inWorkspace());
  check(kValidFenced);
  check(kValidFenced, inWorkspace());
}

TEST_CASE("missing-metadata: only that, on the first line", "[metadata]") {
  check("$missing_metadata[[# Notes]]\n\n## 1) Session Summary\n", inWorkspace("sessions/x.md"));
  auto diagnostic = only("plain text\n");
  CHECK(diagnostic.severity == core::Severity::Error);
  CHECK(diagnostic.code == "missing-metadata");
  check("$missing_metadata[[]]");
}

TEST_CASE("a block that does not parse gets nothing field-level", "[metadata]") {
  check(frontMatterWith("tags: [vllm, kv-cache]", "tags: [vllm, kv-cache"), inWorkspace());
  check(replaced(kValidFenced, "track: 02-Infra-System", "track: [02-Infra-System"));
}

TEST_CASE("missing-field: a required field, at the block's first line", "[metadata]") {
  check(replaced(frontMatterWith("---\ndate", "$missing_field[[---]]\ndate"),
                 "goal_type: production\n", ""));
  auto diagnostic = only(frontMatterWith("goal_type: production\n", ""));
  CHECK(diagnostic.severity == core::Severity::Error);
  CHECK(diagnostic.message.find("`goal_type`") != std::string::npos);
  CHECK(diagnostic.message.find("`production`, `research` or `interview`") != std::string::npos);
  // The line a fix inserts, and the field's path (which mapping it belongs in).
  CHECK(diagnostic.suggestions ==
        std::vector<std::string>{"goal_type: production | research | interview", "goal_type"});
}

TEST_CASE("missing-field: one per field, fence line in a fenced block", "[metadata]") {
  std::string text =
      replaced(kValidFenced, "```yaml\n", "$missing_field_1[[$missing_field_2[[```yaml]]]]\n");
  text = replaced(text, "status: ok\n", "");
  text = replaced(text, "date: 2026-11-20\n", "");
  check(text);
}

TEST_CASE("missing-field: optional fields may be absent", "[metadata]") {
  check(frontMatterWith("start_time: \"20:30\"\n", ""));
  check(frontMatterWith("start_time: \"20:30\"", "start_time:"));
}

TEST_CASE("missing-field: a key of evidence_targets, at the block's first line", "[metadata]") {
  check(replaced(frontMatterWith("---\ndate", "$missing_field[[---]]\ndate"),
                 "  lab: [lab/vllm/paged_attention_bench.py]\n", ""));
  check(replaced(replaced(kValidFenced, "```yaml\n", "$missing_field[[```yaml]]\n"),
                 "  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]\n", ""));
  // Without `sessions`, missing-field covers it: no missing-self-evidence as well.
  check(replaced(frontMatterWith("---\ndate", "$missing_field[[---]]\ndate"),
                 "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]\n",
                 ""),
        inWorkspace());
  auto diagnostic = only(frontMatterWith("  lab: [lab/vllm/paged_attention_bench.py]\n", ""));
  CHECK(diagnostic.message.find("`evidence_targets.lab`") != std::string::npos);
}

TEST_CASE("missing-field: an empty evidence_targets lacks each of its keys", "[metadata]") {
  std::string text = frontMatterWith(
      "---\ndate", "$missing_field_1[[$missing_field_2[[$missing_field_3[[---]]]]]]\ndate");
  auto begin = text.find("evidence_targets:");
  auto end = text.find("refs:");
  text.replace(begin, end - begin, "evidence_targets:\n");
  check(text, inWorkspace());
}

TEST_CASE("missing-field: each refs item needs the item's required keys", "[metadata]") {
  check(replaced(frontMatterWith("---\ndate", "$missing_field[[---]]\ndate"),
                 "    link: \"https://arxiv.org/abs/2309.06180\"\n", ""));
  auto diagnostic = only(frontMatterWith("    link: \"https://arxiv.org/abs/2309.06180\"\n", ""));
  CHECK(diagnostic.code == "missing-field");
  CHECK(diagnostic.message.find("`refs[1].link`") != std::string::npos);
  CHECK(diagnostic.message.find("item 1 of `refs`") != std::string::npos);
  CHECK(diagnostic.message.find("free text") != std::string::npos);
  // The second item lacks its title; the first is complete.
  auto second = only(frontMatterWith("tags:", "  - link: https://example.com/paper\ntags:"));
  CHECK(second.message.find("`refs[2].title`") != std::string::npos);
  // An empty list has no items to judge.
  std::string text = kValidFrontMatter;
  auto begin = text.find("refs:");
  auto end = text.find("tags:");
  check(text.replace(begin, end - begin, "refs: []\n"));
}

TEST_CASE("CR-only line ends read like any others", "[metadata]") {
  std::string text = kValidFrontMatter;
  std::replace(text.begin(), text.end(), '\n', '\r');
  check(text);
  check(text, inWorkspace());
  auto diagnostic = only(replaced(text, "date: 2026-11-20", "date: 2026/11/20"));
  CHECK(diagnostic.code == "invalid-date");
  CHECK(diagnostic.message.find("did you mean `2026-11-20`?") != std::string::npos);
}

TEST_CASE("unclosed front matter: no missing-metadata, nothing field-level", "[metadata]") {
  // core reports the yaml-syntax problem at line 1; the rules add nothing (not even for the
  // body's `---` rule, which does not close the front matter).
  std::string text = frontMatterWith("---\n\n## 1)", "\n# Paged attention\n\n## 1)");
  text += "\n---\n\n## 2) Baseline (Before Teaching)\n";
  check(text);
  check(frontMatterWith("---\n\n## 1)", "\n## 1)"), inWorkspace()); // no `---` at all
}

TEST_CASE("missing-metadata: a leading `---` rule without fields says so", "[metadata]") {
  auto diagnostic = only("---\n# Notes\n\nText.\n");
  CHECK(diagnostic.code == "missing-metadata");
  CHECK(diagnostic.range == core::ByteRange{0, 3});
  CHECK(diagnostic.message.find("not followed by `key: value` fields") != std::string::npos);
}

TEST_CASE("unknown-field: did-you-mean within two edits, case-insensitively", "[metadata]") {
  check(frontMatterWith("tags: [vllm, kv-cache]\n",
                        "tags: [vllm, kv-cache]\n$unknown_field[[Moduel]]: x\n"));
  auto close =
      only(frontMatterWith("tags: [vllm, kv-cache]\n", "tags: [vllm, kv-cache]\nStatuss: ok\n"));
  CHECK(close.severity == core::Severity::Warning);
  CHECK(close.message.find("did you mean `status`?") != std::string::npos);
  CHECK(close.suggestions == std::vector<std::string>{"status"});
  auto far =
      only(frontMatterWith("tags: [vllm, kv-cache]\n", "tags: [vllm, kv-cache]\nmood: good\n"));
  CHECK(far.message.find("did you mean") == std::string::npos);
  CHECK(far.message.find("`goal_type`") != std::string::npos);
  CHECK(far.suggestions.empty());
}

TEST_CASE("unknown-field: inside evidence_targets and refs items", "[metadata]") {
  check(frontMatterWith(
      "  lab: [lab/vllm/paged_attention_bench.py]\n",
      "  lab: [lab/vllm/paged_attention_bench.py]\n  $unknown_field[[labs]]: []\n"));
  check(frontMatterWith(
      "    link: \"https://arxiv.org/abs/2309.06180\"\n",
      "    link: \"https://arxiv.org/abs/2309.06180\"\n    $unknown_field[[titel]]: x\n"));
}

TEST_CASE("unknown-field: a duplicated key, the later copy; only the first is judged",
          "[metadata]") {
  check(frontMatterWith("tags: [vllm, kv-cache]\n",
                        "tags: [vllm, kv-cache]\n$unknown_field[[track]]: 09-Nope\n"));
  check(frontMatterWith(
      "track: 02-Infra-System\n",
      "track: $invalid_enum[[02-Infra]]\n$unknown_field[[track]]: 02-Infra-System\n"));
  auto duplicate =
      only(frontMatterWith("tags: [vllm, kv-cache]\n", "tags: [vllm, kv-cache]\nstatus: weak\n"));
  CHECK(duplicate.message.find("duplicate field `status`") != std::string::npos);
}

TEST_CASE("invalid-enum: closest value first, levels numerically", "[metadata]") {
  check(frontMatterWith("level_after: L2", "level_after: $invalid_enum[[L9]]"));
  auto high = only(frontMatterWith("level_after: L2", "level_after: L9"));
  CHECK(high.severity == core::Severity::Error);
  REQUIRE_FALSE(high.suggestions.empty());
  CHECK(high.suggestions.front() == "L5");
  CHECK(high.message.find("`L0`, `L1`, `L2`, `L3`, `L4` or `L5`") != std::string::npos);
  auto low = only(frontMatterWith("level_before: L1", "level_before: L-1"));
  CHECK(low.suggestions.front() == "L0");
  auto typo = only(frontMatterWith("status: ok", "status: mastred"));
  CHECK(typo.suggestions.front() == "mastered");
}

TEST_CASE("invalid-enum: a case-only difference is invalid, the exact value suggested",
          "[metadata]") {
  check(frontMatterWith("goal_type: production", "goal_type: $invalid_enum[[Production]]"));
  auto diagnostic = only(frontMatterWith("goal_type: production", "goal_type: Production"));
  CHECK(diagnostic.suggestions.front() == "production");
  CHECK(diagnostic.message.find("case-sensitive") != std::string::npos);
}

TEST_CASE("invalid-enum: an empty enum value is reported at its key", "[metadata]") {
  check(frontMatterWith("track: 02-Infra-System", "$invalid_enum[[track]]:"));
  auto diagnostic = only(frontMatterWith("track: 02-Infra-System", "track:"));
  CHECK(diagnostic.message.find("`track` is empty") != std::string::npos);
  CHECK(diagnostic.message.find("`04-Interview`") != std::string::npos);
}

TEST_CASE("invalid-enum: a quoted valid value is valid, its range holds the quotes", "[metadata]") {
  check(frontMatterWith("status: ok", "status: \"ok\""));
  check(frontMatterWith("status: ok", "status: $invalid_enum[[\"okay\"]]"));
}

TEST_CASE("unknown-module: warning one edit away, hint when new", "[metadata]") {
  check(frontMatterWith("module: vLLM", "module: $unknown_module[[vLMM]]"));
  auto typo = only(frontMatterWith("module: vLLM", "module: vLMM"));
  CHECK(typo.severity == core::Severity::Warning);
  CHECK(typo.message == "`vLMM` is not a known module; did you mean `vLLM`?");
  CHECK(typo.suggestions == std::vector<std::string>{"vLLM"});
  auto caseOnly = only(frontMatterWith("module: vLLM", "module: vllm"));
  CHECK(caseOnly.severity == core::Severity::Warning);
  CHECK(caseOnly.suggestions.front() == "vLLM");
  auto fresh = only(frontMatterWith("module: vLLM", "module: TensorRT-LLM"));
  CHECK(fresh.severity == core::Severity::Hint);
  CHECK(fresh.message.find("new module `TensorRT-LLM`") != std::string::npos);
  CHECK(fresh.message.find("`DeepSpeed`") != std::string::npos);
}

TEST_CASE("unknown-module: workspace modules are known", "[metadata]") {
  Options options;
  options.knownModules = {"Triton", "FlashAttention"};
  check(frontMatterWith("module: vLLM", "module: Triton"), options);
  check(frontMatterWith("module: vLLM", "module: Attention"), options);
  auto typo = only(frontMatterWith("module: vLLM", "module: Tirton"), options);
  CHECK(typo.severity == core::Severity::Warning);
  CHECK(typo.suggestions.front() == "Triton");
  options.knownModules.assign(20, "");
  for (int i = 0; i < 20; ++i)
    options.knownModules[i] = "Module" + std::to_string(i * 100);
  auto many = only(frontMatterWith("module: vLLM", "module: Brand-New"), options);
  CHECK(many.message.find("more") != std::string::npos);
  CHECK(many.message.size() < 200);
}

TEST_CASE("invalid-date: shape and calendar", "[metadata]") {
  check(frontMatterWith("date: 2026-11-20", "date: $invalid_date[[2026-02-30]]"));
  check(frontMatterWith("date: 2026-11-20", "date: $invalid_date[[2100-02-29]]"));
  check(frontMatterWith("date: 2026-11-20", "date: 2028-02-29"));
  check(frontMatterWith("date: 2026-11-20", "date: 2000-02-29"));
  check(frontMatterWith("date: 2026-11-20", "date: \"2026-11-20\""));
  check(frontMatterWith("date: 2026-11-20", "date: $invalid_date[[2026-13-01]]"));
  check(frontMatterWith("date: 2026-11-20", "date: $invalid_date[[yesterday]]"));
  check(frontMatterWith("date: 2026-11-20", "$invalid_date[[date]]:"));
  CHECK(only(frontMatterWith("date: 2026-11-20", "date: yesterday")).suggestions.empty());
}

TEST_CASE("invalid-date: recognisable dates are normalised in suggestions", "[metadata]") {
  for (auto [written, normalised] :
       std::vector<std::pair<std::string, std::string>>{{"2026/11/20", "2026-11-20"},
                                                        {"20261120", "2026-11-20"},
                                                        {"2026-1-5", "2026-01-05"},
                                                        {"2026.11.20", "2026-11-20"}}) {
    INFO(written);
    auto diagnostic = only(frontMatterWith("date: 2026-11-20", "date: " + written));
    CHECK(diagnostic.code == "invalid-date");
    CHECK(diagnostic.suggestions == std::vector<std::string>{normalised});
  }
  CHECK(only(frontMatterWith("date: 2026-11-20", "date: 2026/02/30")).suggestions.empty());
}

TEST_CASE("invalid-time: HH:MM within a day", "[metadata]") {
  check(frontMatterWith("start_time: \"20:30\"", "start_time: 20:30"));
  check(frontMatterWith("start_time: \"20:30\"", "start_time: \"00:00\""));
  check(frontMatterWith("start_time: \"20:30\"", "start_time: $invalid_time[[\"24:00\"]]"));
  check(frontMatterWith("start_time: \"20:30\"", "start_time: $invalid_time[[7:05]]"));
  check(frontMatterWith("start_time: \"20:30\"", "start_time: $invalid_time[[evening]]"));
  auto diagnostic = only(frontMatterWith("start_time: \"20:30\"", "start_time: 7:05"));
  CHECK(diagnostic.severity == core::Severity::Error);
  CHECK(diagnostic.suggestions == std::vector<std::string>{"07:05"});
  CHECK(
      only(frontMatterWith("start_time: \"20:30\"", "start_time: \"12:60\"")).suggestions.empty());
}

TEST_CASE("invalid-type: wrong shapes and bad integers", "[metadata]") {
  check(frontMatterWith("duration_min: 90", "duration_min: \"90\""));
  check(frontMatterWith("duration_min: 90", "duration_min: 0"));
  check(frontMatterWith("duration_min: 90", "duration_min: $invalid_type[[-5]]"));
  check(frontMatterWith("duration_min: 90", "duration_min: $invalid_type[[1.5]]"));
  check(frontMatterWith("duration_min: 90", "duration_min: $invalid_type[[abc]]"));
  check(frontMatterWith("duration_min: 90", "$invalid_type[[duration_min]]:"));
  CHECK(only(frontMatterWith("duration_min: 90", "duration_min: 1.5")).suggestions ==
        std::vector<std::string>{"2"});
  CHECK(only(frontMatterWith("duration_min: 90", "duration_min: 90 min")).suggestions ==
        std::vector<std::string>{"90"});
  check(frontMatterWith("topic: Paged attention", "topic: $invalid_type[[{a: b}]]"));
  check(frontMatterWith("track: 02-Infra-System", "track:\n  $invalid_type[[- 02-Infra-System]]"));
  check(frontMatterWith("tags: [vllm, kv-cache]", "tags: $invalid_type[[vllm]]"));
  CHECK(only(frontMatterWith("tags: [vllm, kv-cache]", "tags: vllm")).suggestions ==
        std::vector<std::string>{"[vllm]"});
  check(frontMatterWith("tags: [vllm, kv-cache]", "tags: [vllm, $invalid_type[[{a: b}]]]"));
}

TEST_CASE("invalid-type: mappings and lists of mappings", "[metadata]") {
  std::string evidence = std::string(kValidFrontMatter);
  auto begin = evidence.find("evidence_targets:");
  auto end = evidence.find("refs:");
  check(evidence.replace(begin, end - begin, "evidence_targets: $invalid_type[[none]]\n"));
  std::string refs = std::string(kValidFrontMatter);
  begin = refs.find("refs:");
  end = refs.find("tags:");
  check(refs.replace(begin, end - begin, "refs: $invalid_type[[arxiv]]\n"));
  check(std::string(kValidFrontMatter).replace(begin, end - begin, "refs: []\n"));
  check(std::string(kValidFrontMatter)
            .replace(begin, end - begin, "refs:\n  - $invalid_type[[arxiv]]\n"));
}

TEST_CASE("placeholder: template filler instead of the value's own check", "[metadata]") {
  check(frontMatterWith("date: 2026-11-20", "date: $placeholder[[YYYY-MM-DD]]"));
  check(frontMatterWith("start_time: \"20:30\"", "start_time: $placeholder[[\"HH:MM\"]]"));
  check(frontMatterWith("level_after: L2", "level_after: $placeholder[[L?]]"));
  check(frontMatterWith("topic: Paged attention", "topic: $placeholder[[Short, specific title]]"));
  check(frontMatterWith("topic: Paged attention", "topic: $placeholder[[…]]"));
  check(frontMatterWith("topic: Paged attention", "topic: $placeholder[[...]]"));
  check(frontMatterWith("topic: Paged attention", "topic: $placeholder[['']]"));
  check(frontMatterWith("topic: Paged attention", "$placeholder[[topic]]:"));
  check(frontMatterWith("tags: [vllm, kv-cache]",
                        "tags: [$placeholder_1[[tag1]], $placeholder_2[[tag2]]]"));
  check(
      frontMatterWith("title: \"Efficient Memory Management for LLM Serving with PagedAttention\"",
                      "title: $placeholder[[\"\"]]"));
  check(
      frontMatterWith("link: \"https://arxiv.org/abs/2309.06180\"", "link: $placeholder[[\"\"]]"));
  auto diagnostic = only(frontMatterWith("date: 2026-11-20", "date: YYYY-MM-DD"));
  CHECK(diagnostic.severity == core::Severity::Warning);
  CHECK(diagnostic.message.find("`YYYY-MM-DD`") != std::string::npos);
}

TEST_CASE("placeholder: words that merely contain filler are not placeholders", "[metadata]") {
  check(frontMatterWith("tags: [vllm, kv-cache]", "tags: [tag10, my-tag1]"));
  check(frontMatterWith("topic: Paged attention", "topic: Paged attention …"));
  check(frontMatterWith("topic: Paged attention", "topic: \"Paged attention\""));
}

TEST_CASE("level-regression: level_after below level_before", "[metadata]") {
  check(frontMatterWith("level_before: L1\nlevel_after: L2",
                        "level_before: L3\nlevel_after: $level_regression[[L1]]"));
  auto diagnostic = only(
      frontMatterWith("level_before: L1\nlevel_after: L2", "level_before: L3\nlevel_after: L1"));
  CHECK(diagnostic.severity == core::Severity::Information);
  check(frontMatterWith("level_before: L1\nlevel_after: L2", "level_before: L2\nlevel_after: L2"));
  check(frontMatterWith("level_before: L1\nlevel_after: L2",
                        "level_before: L3\nlevel_after: $invalid_enum[[L-1]]"));
}

TEST_CASE("missing-self-evidence: the sessions key when this file is not listed", "[metadata]") {
  check(frontMatterWith(
            "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
            "  $missing_self_evidence[[sessions]]: []"),
        inWorkspace());
  check(frontMatterWith(
            "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
            "  $missing_self_evidence[[sessions]]:"),
        inWorkspace());
  auto diagnostic =
      only(frontMatterWith(
               "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
               "  sessions: []"),
           inWorkspace());
  CHECK(diagnostic.severity == core::Severity::Warning);
  CHECK(
      diagnostic.suggestions ==
      std::vector<std::string>{"/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md"});
  // Outside the workspace the rule is off.
  check(frontMatterWith(
      "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
      "  sessions: []"));
}

TEST_CASE("missing-self-evidence: every spelling of this file's path counts", "[metadata]") {
  const std::string listed =
      "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]";
  for (const char* spelling :
       {"sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md",
        "2026-11-20__02-Infra-System__vLLM__paged-attention.md",
        "./2026-11-20__02-Infra-System__vLLM__paged-attention.md",
        "../sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md"}) {
    INFO(spelling);
    check(frontMatterWith(listed, std::string("  sessions: [") + spelling + "]"), inWorkspace());
  }
}

TEST_CASE("broken-link: evidence lists and local ref links", "[metadata]") {
  check(frontMatterWith("  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]",
                        "  tracks: [$broken_link[[tracks/02-Infra-System/vLLM/missing.md]]]"),
        inWorkspace());
  check(frontMatterWith("  lab: [lab/vllm/paged_attention_bench.py]",
                        "  lab: [$broken_link[[../../etc/passwd]]]"),
        inWorkspace());
  check(frontMatterWith("link: \"https://arxiv.org/abs/2309.06180\"",
                        "link: $broken_link[[lab/missing.py]]"),
        inWorkspace());
  // Folders, anchors, root-relative paths and "nothing" words.
  check(frontMatterWith(
            "  lab: [lab/vllm/paged_attention_bench.py]",
            "  lab: [/tracks, tracks/02-Infra-System/vLLM/paged-attention.md#intro, none]"),
        inWorkspace());
  auto outside = only(
      frontMatterWith("  lab: [lab/vllm/paged_attention_bench.py]", "  lab: [../../etc/passwd]"),
      inWorkspace());
  CHECK(outside.message.find("outside the workspace") != std::string::npos);
  CHECK(outside.severity == core::Severity::Warning);
  auto missing = only(frontMatterWith("  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]",
                                      "  tracks: [tracks/02-Infra-System/vLLM/missing.md]"),
                      inWorkspace());
  // `tracks/` exists at the root, so the root path is the one to create.
  CHECK(missing.suggestions == std::vector<std::string>{"tracks/02-Infra-System/vLLM/missing.md"});
  CHECK(missing.message.find("`sessions/tracks/02-Infra-System/vLLM/missing.md` and "
                             "`tracks/02-Infra-System/vLLM/missing.md`") != std::string::npos);
  // Without an exists() callback links are not checked.
  check(frontMatterWith("  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]",
                        "  tracks: [tracks/missing.md]"));
}

TEST_CASE("filename-convention: neither shape, with the preferred name", "[metadata]") {
  Options options = inWorkspace("sessions/paged attention notes.md");
  options.files->insert("sessions/paged attention notes.md");
  check(replaced(frontMatterWith("---\ndate", "$filename_convention[[---]]\ndate"),
                 "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
                 "  sessions: [paged attention notes.md]"),
        options);
  auto diagnostic = only(
      replaced(frontMatterWith("topic: Paged attention", "topic: Paged Attention — v2 (KV cache)!"),
               "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
               "  sessions: [paged attention notes.md]"),
      options);
  CHECK(diagnostic.severity == core::Severity::Hint);
  CHECK(diagnostic.suggestions ==
        std::vector<std::string>{
            "2026-11-20__02-Infra-System__vLLM__paged-attention-v2-kv-cache.md"});
  CHECK(diagnostic.message.find(
            "`2026-11-20__02-Infra-System__vLLM__paged-attention-v2-kv-cache.md`") !=
        std::string::npos);
  // The fallback shape is fine.
  Options fallback = inWorkspace("sessions/2026-11-20-paged-attention.md");
  check(replaced(kValidFrontMatter,
                 "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
                 "  sessions: [2026-11-20-paged-attention.md]"),
        fallback);
}

TEST_CASE("filename-mismatch: date, track and module as written", "[metadata]") {
  check(frontMatterWith("---\ndate: 2026-11-20", "$filename_mismatch[[---]]\ndate: 2026-11-21"),
        inWorkspace());
  auto diagnostic = only(frontMatterWith("module: vLLM", "module: Attention"), inWorkspace());
  CHECK(diagnostic.code == "filename-mismatch");
  CHECK(diagnostic.severity == core::Severity::Warning);
  CHECK(diagnostic.message.find("module `vLLM`") != std::string::npos);
  CHECK(diagnostic.message.find("`Attention`") != std::string::npos);
  CHECK(diagnostic.message.find("date `") == std::string::npos);
  CHECK(diagnostic.suggestions ==
        std::vector<std::string>{"2026-11-20__02-Infra-System__Attention__paged-attention.md"});
  // Compared as written, whatever their validity: `vllm` is an unknown-module warning too.
  auto found = diagnostics(frontMatterWith("module: vLLM", "module: vllm"), inWorkspace());
  REQUIRE(found.size() == 2);
  // The topic is not compared.
  check(frontMatterWith("topic: Paged attention", "topic: Something else"), inWorkspace());
}

TEST_CASE("filename-mismatch: the fallback shape compares only the date", "[metadata]") {
  Options options = inWorkspace("sessions/2026-11-21-attention-recap.md");
  options.files->insert("sessions/2026-11-21-attention-recap.md");
  const std::string listed =
      "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]";
  std::string text =
      replaced(kValidFrontMatter, listed, "  sessions: [2026-11-21-attention-recap.md]");
  check(replaced(text, "---\ndate: 2026-11-20", "$filename_mismatch[[---]]\ndate: 2026-11-20"),
        options);
  check(replaced(text, "date: 2026-11-20", "date: 2026-11-21"), options);
  CHECK(only(text, options).suggestions ==
        std::vector<std::string>{"2026-11-20-attention-recap.md"});
}

TEST_CASE("filename-mismatch: no rename to a name built from an invalid date", "[metadata]") {
  auto found = diagnostics(frontMatterWith("date: 2026-11-20", "date: 2026/11/20"), inWorkspace());
  REQUIRE(found.size() == 2);
  auto mismatch = std::find_if(found.begin(), found.end(), [](const core::Diagnostic& d) {
    return d.code == "filename-mismatch";
  });
  REQUIRE(mismatch != found.end());
  CHECK(mismatch->suggestions.empty());
  CHECK(mismatch->message.find("date `2026-11-20` (metadata: `2026/11/20`)") != std::string::npos);
}

TEST_CASE("byte ranges are exact after Korean text and emoji", "[metadata]") {
  check(replaced(frontMatterWith("topic: Paged attention", "topic: 한국어 😀 노트"),
                 "level_after: L2", "level_after: $invalid_enum[[L9]]"));
  check(frontMatterWith("tags: [vllm, kv-cache]", "tags: [한국어, 😀, $placeholder[[tag1]]]"));
  check(frontMatterWith("module: vLLM", "module: $unknown_module[[브이엘엘엠😀]]"));
  check(frontMatterWith("level_after: L2", "level_after: $invalid_enum[[L２]] # 😀 전각 숫자"));
}

TEST_CASE("CRLF line endings", "[metadata]") {
  check(withCrlf(frontMatterWith("status: ok", "status: $invalid_enum[[great]]")));
  check(withCrlf(replaced(frontMatterWith("---\ndate", "$missing_field[[---]]\ndate"),
                          "goal_type: production\n", "")));
  check(withCrlf(replaced(kValidFenced, "date: 2026-11-20", "date: $invalid_date[[2026-02-30]]")));
  check(withCrlf(kValidFrontMatter), inWorkspace());
}

TEST_CASE("a BOM before the front matter", "[metadata]") {
  check("\xEF\xBB\xBF" +
        frontMatterWith("track: 02-Infra-System", "track: $invalid_enum[[02-infra-system]]"));
  check("\xEF\xBB\xBF" + std::string(kValidFrontMatter), inWorkspace());
}

TEST_CASE("a fenced block reports at the same value ranges", "[metadata]") {
  check(replaced(kValidFenced, "module: vLLM", "module: $unknown_module[[vLMM]]"));
  check(replaced(kValidFenced, "tags: [vllm, kv-cache]", "tags: [$placeholder[[tag1]]]"));
  Options options = inWorkspace();
  options.files->insert("sessions/other.md");
  check(replaced(kValidFenced,
                 "  sessions: [/sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]",
                 "  $missing_self_evidence[[sessions]]: [/sessions/other.md]"),
        options);
}

} // namespace session::features

TEST_CASE("filename-convention suggests a name that keeps a Korean topic's words",
          "[metadata][filename]") {
  std::string text = R"(---
date: 2026-11-20
track: 02-Infra-System
module: vLLM
topic: 페이지 어텐션 정리
---
)";
  auto document = session::core::Document::parse(text);
  auto schema = session::core::builtinSchema();
  session::features::CheckContext context;
  context.schema = schema.get();
  context.workspacePath = "sessions/notes.md";
  std::vector<session::core::Diagnostic> out;
  session::features::checkMetadata(*document, context, out);
  auto convention = std::find_if(out.begin(), out.end(), [](const session::core::Diagnostic& d) {
    return d.code == "filename-convention";
  });
  REQUIRE(convention != out.end());
  REQUIRE_FALSE(convention->suggestions.empty());
  CHECK(convention->suggestions.front() ==
        "2026-11-20__02-Infra-System__vLLM__페이지-어텐션-정리.md");
}
