// checkBody on a complete session and small edits of it. Expected diagnostics are named ranges:
// `$missing_section[[...]]` is a `missing-section` over that text (`_` → `-`; a trailing number
// such as `$placeholder2[[...]]` lets one code appear several times).
#include "server/features/Diagnostics.h"
#include "tests/support/Annotations.h"
#include "tests/support/TextFixtures.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace session;

const std::string kSessionPath = "sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md";

const std::set<std::string, std::less<>> kWorkspaceFiles = {
    kSessionPath,
    "lab/vllm/paged_attention_bench.py",
    "tracks/02-Infra-System/vLLM/paged-attention.md",
    "tracks/02-Infra-System/vLLM/INDEX.md",
    "progress/tech-stack.md",
    "progress/tracker.md",
    "RESULTS.md",
    "lab/my notes/a b.md",
};

bool existsInWorkspace(std::string_view path) {
  if (path == "." || kWorkspaceFiles.count(path))
    return true;
  std::string folder = std::string(path) + "/";
  return std::any_of(kWorkspaceFiles.begin(), kWorkspaceFiles.end(),
                     [&](const std::string& file) { return file.starts_with(folder); });
}

const std::string kTitle = "# Paged attention in vLLM\n\n";

const std::string kYaml = R"(date: 2026-11-20
start_time: "20:30"
duration_min: 90
track: 02-Infra-System
module: vLLM
topic: Paged attention block tables
goal_type: production
status: ok
level_before: L1
level_after: L2
evidence_targets:
  sessions: [sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md]
  tracks: [tracks/02-Infra-System/vLLM/paged-attention.md]
  lab: [lab/vllm/paged_attention_bench.py]
refs:
  - title: "Efficient Memory Management for LLM Serving with PagedAttention"
    link: "https://arxiv.org/abs/2309.06180"
tags: [vllm, kv-cache]
)";

const std::string kFencedMetadata =
    "## YAML Metadata (Required)\n\n```yaml\n---\n" + kYaml + "---\n```\n\n---\n\n";

const std::string kBody = R"md(## 1) Session Summary (10 lines max)

* **Why today (context):** KV cache memory was the bottleneck in last week's load test.
* **What I wanted (success definition):** Explain how block tables map tokens to pages.
* **What we actually did:** Walked through the block manager and ran a small benchmark.
* **Outcome (pass/fail vs goal):** Pass: I traced one request through the allocator.
* **One sentence takeaway:** Paging removes fragmentation by indirection, like virtual memory.

---

## 2) Baseline (Before Teaching)

### 2.1 What I thought I knew

* The KV cache grows with sequence length and batch size.

### 2.2 What I was confused about

* Why contiguous allocation wastes so much memory.

### 2.3 Constraints / assumptions

* Hardware: one A100 80GB
* Latency/throughput target: p95 under 200 ms
* Cost target: a single GPU
* Data/eval availability: ShareGPT prompts
* Other: none

---

## 3) Dialogue Log (Socratic Record)

### Q1 — How does vLLM map tokens to KV blocks?

* **My question (verbatim):** Where does a token's key live?
* **My initial answer / mental model:** In one contiguous tensor per request.
* **Mentor’s key guidance (concepts + reasoning):** A block table maps logical blocks to physical ones.
* **Common pitfalls / failure modes mentioned:** Confusing block size with page size.

**Comprehension check**

* **Check question:** What happens when a request forks?
* **My answer:** The blocks are shared and copied on write.
* **Verdict:** Strong
* **Fix / clarification (if needed):**

**Micro-experiment or exercise (if any)**

* What we tested: block size 16 against 32
* Inputs: 200 ShareGPT prompts
* Expected outcome: less waste with 16
* Actual outcome: 3% less waste with 16
* Notes: throughput was equal

---

## 4) Key Concepts (Distilled, Evidence-Friendly)

### 4.1 Facts (with sources)

* **Fact:** vLLM allocates the KV cache in fixed-size blocks.

  * Source: the vLLM paper, section 4

### 4.2 Inferences (based on facts above)

* **Inference:** Waste is bounded by one block per sequence.

  * Depends on: the fact above

### 4.3 Hypotheses (need verification)

* **Hypothesis:** Smaller blocks cost kernel efficiency.

  * Verification plan: benchmark block sizes 8 to 32

---

## 5) Verification (MANDATORY)

### 5.1 Verification task

* **Task:** Measure memory waste for two block sizes.
* **Pass criteria:** Waste under 4% with block size 16.
* **Expected failure cases:** Very short prompts.

### 5.2 Result

* **Status:** Passed
* **If failed, why:**
* **Next fix:** Try block size 8.

---

## 6) Lab Artifacts (If Any)

* **Lab path(s):** `lab/vllm/paged_attention_bench.py`
* **How to run (one-liner):** `python bench.py --model Qwen/Qwen2.5-7B`
* **Environment notes (GPU/driver/libs):** CUDA 12.4, vLLM 0.6.3
* **Metrics collected:** waste %, tokens/sec
* **RESULTS.md updated?** Yes

---

## 7) Knowledge Gaps & Risk Register

| Gap / Risk | Severity (H/M/L) | Symptom | Likely cause | Fix plan | Evidence link |
| ---------- | ---------------- | ------- | ------------ | -------- | ------------- |
| Copy-on-write cost | M | Slow forks | Block copies | Read the kernel | [bench](../lab/vllm/paged_attention_bench.py) |

---

## 8) What I Can Now Do (Evidence-Based)

| Capability | Level reached | Proof (links) |
| ---------- | ------------: | ------------- |
| I can explain block tables | L2 | `tracks/02-Infra-System/vLLM/paged-attention.md` |

---

## 9) Updates Required (SSOT Workflow)

### 9.1 Progress updates (must do after session)

* [x] Update `/progress/tech-stack.md` (levels + evidence)
* [x] Update `/progress/tracker.md` (checklist items)

### 9.2 Distillation targets (optional but recommended)

* [x] Create/update track note: [paged attention](/tracks/02-Infra-System/vLLM/paged-attention.md)
* [x] Update module index: `tracks/.../INDEX.md`

---

## 10) Next Session Plan (Max 3 items)

* [ ] **Next #1:** Read the attention kernel.
* [ ] **Next #2:** Benchmark prefix caching.
* [ ] **Next #3:** Compare with the radix cache of SGLang.

---

## 11) Meta Notes (Optional)

* What teaching style worked best today: tracing one request end to end
* My recurring mistake pattern: guessing before reading code
* What to change in my approach next time: open the source first
)md";

/// The complete session, metadata in the template's fenced block.
const std::string kSession = kTitle + kFencedMetadata + kBody;
/// The same session with real front matter and no `YAML Metadata` section.
const std::string kFrontMatterSession = "---\n" + kYaml + "---\n" + kTitle + kBody;

/// \p text with its only occurrence of \p from replaced by \p to.
std::string edit(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

/// \p text without the part from \p from (included) up to \p until (excluded).
std::string cut(std::string text, std::string_view from, std::string_view until) {
  size_t begin = text.find(from);
  REQUIRE(begin != std::string::npos);
  size_t end = text.find(until, begin + from.size());
  REQUIRE(end != std::string::npos);
  text.erase(begin, end - begin);
  return text;
}

using session::test::withCrlf;

std::string describe(std::string_view text, std::string_view code, uint32_t begin, uint32_t end) {
  return std::string(code) + " " + std::to_string(begin) + "-" + std::to_string(end) + " `" +
         std::string(text.substr(begin, end - begin)) + "`";
}

struct Checked {
  std::vector<std::string> actual;
  std::vector<std::string> expected;
  std::vector<core::Diagnostic> diagnostics;
  std::string text;
};

struct Options {
  bool checkLinks = true;
};

/// Runs checkBody on the fixture and lists actual and expected (code, range) pairs, sorted.
Checked check(std::string_view marked, Options options = {}) {
  test::Annotations annotations(marked);
  Checked checked;
  checked.text = annotations.code();
  std::set<std::string> names;
  for (size_t at = marked.find('$'); at != std::string_view::npos; at = marked.find('$', at + 1)) {
    size_t end = at + 1;
    while (end < marked.size() &&
           (std::isalnum(static_cast<unsigned char>(marked[end])) || marked[end] == '_'))
      ++end;
    if (end > at + 1 && std::isalpha(static_cast<unsigned char>(marked[at + 1])) &&
        marked.substr(end, 2) == "[[")
      names.insert(std::string(marked.substr(at + 1, end - at - 1)));
  }
  for (const std::string& name : names) {
    std::string code = name.substr(0, name.find_last_not_of("0123456789") + 1);
    std::replace(code.begin(), code.end(), '_', '-');
    auto range = annotations.range(name);
    checked.expected.push_back(describe(checked.text, code, range.begin, range.end));
  }

  auto document = core::Document::parse(checked.text);
  auto schema = core::builtinSchema();
  features::CheckContext context;
  context.schema = schema.get();
  context.workspacePath = kSessionPath;
  if (options.checkLinks)
    context.exists = existsInWorkspace;
  features::checkBody(*document, context, checked.diagnostics);
  for (const core::Diagnostic& diagnostic : checked.diagnostics)
    checked.actual.push_back(
        describe(checked.text, diagnostic.code, diagnostic.range.begin, diagnostic.range.end));
  std::sort(checked.actual.begin(), checked.actual.end());
  std::sort(checked.expected.begin(), checked.expected.end());
  return checked;
}

const core::Diagnostic& only(const Checked& checked, std::string_view code) {
  auto found = std::find_if(checked.diagnostics.begin(), checked.diagnostics.end(),
                            [&](const core::Diagnostic& d) { return d.code == code; });
  REQUIRE(found != checked.diagnostics.end());
  return *found;
}

/// A `[[...]]` range cannot end in `]`, so a heading filler (`[Question / Topic]`) is marked by
/// a `$0` at its start instead: it adds the expected placeholder there.
Checked checkWithFillerAtCursor(std::string_view marked) {
  const std::string filler = "[Question / Topic]";
  Checked checked = check(marked);
  uint32_t cursor = test::Annotations(marked).cursor();
  REQUIRE(checked.text.substr(cursor, filler.size()) == filler);
  checked.expected.push_back(
      describe(checked.text, "placeholder", cursor, cursor + static_cast<uint32_t>(filler.size())));
  std::sort(checked.expected.begin(), checked.expected.end());
  return checked;
}

#define CHECK_BODY(marked)                                                                         \
  do {                                                                                             \
    Checked checked_ = check(marked);                                                              \
    CHECK(checked_.actual == checked_.expected);                                                   \
  } while (false)

} // namespace

TEST_CASE("the fixtures parse as the tests assume", "[body]") {
  auto fenced = core::Document::parse(kSession);
  CHECK(fenced->metadata.placement == core::MetadataPlacement::FencedBlock);
  CHECK(fenced->metadata.parsed);
  CHECK(fenced->sections.size() == 12);
  auto frontMatter = core::Document::parse(kFrontMatterSession);
  CHECK(frontMatter->metadata.placement == core::MetadataPlacement::FrontMatter);
  CHECK(frontMatter->sections.size() == 11);
}

TEST_CASE("a complete session has no body diagnostics", "[body]") {
  CHECK_BODY(kSession);
  CHECK_BODY(kFrontMatterSession);
  CHECK_BODY(withCrlf(kSession));
}

TEST_CASE("without metadata the body is not judged", "[body]") {
  // Only `missing-metadata` (a metadata rule) is reported then.
  std::string noMetadata = kTitle + cut(kBody, "## 5) Verification", "## 6)");
  REQUIRE(core::Document::parse(noMetadata)->metadata.placement == core::MetadataPlacement::None);
  CHECK_BODY(edit(noMetadata, "* **Verdict:** Strong", "* **Verdict:** Maybe"));
}

TEST_CASE("missing-section", "[body][missing-section]") {
  SECTION("a missing mandatory section is an error at the section before it, without its "
          "subsections") {
    auto checked =
        check(edit(cut(kSession, "## 5) Verification", "## 6)"),
                   "## 4) Key Concepts (Distilled, Evidence-Friendly)",
                   "$missing_section[[## 4) Key Concepts (Distilled, Evidence-Friendly)]]"));
    CHECK(checked.actual == checked.expected);
    const auto& diagnostic = only(checked, "missing-section");
    CHECK(diagnostic.severity == core::Severity::Error);
    CHECK(diagnostic.message == "missing section `5) Verification (MANDATORY)`");
  }
  SECTION("a missing plain section is a warning") {
    auto checked =
        check(edit(cut(kSession, "## 2) Baseline", "## 3)"), "## 1) Session Summary (10 lines max)",
                   "$missing_section[[## 1) Session Summary (10 lines max)]]"));
    CHECK(checked.actual == checked.expected);
    CHECK(only(checked, "missing-section").severity == core::Severity::Warning);
  }
  SECTION("a missing subsection is reported at its parent's heading") {
    CHECK_BODY(edit(cut(kSession, "### 5.2 Result", "## 6)"), "## 5) Verification (MANDATORY)",
                    "$missing_section[[## 5) Verification (MANDATORY)]]"));
  }
  SECTION("the Q block is required once") {
    CHECK_BODY(edit(cut(kSession, "### Q1", "## 4)"), "## 3) Dialogue Log (Socratic Record)",
                    "$missing_section[[## 3) Dialogue Log (Socratic Record)]]"));
  }
  SECTION("with nothing present before it, the first line") {
    std::string text = cut(kFrontMatterSession, "## 1) Session Summary", "## 2)");
    CHECK_BODY("$missing_section[[---]]" + text.substr(3));
  }
  SECTION("headings match without their hint, in any case and spacing") {
    CHECK_BODY(edit(kSession, "## 5) Verification (MANDATORY)", "## 5) Verification"));
    CHECK_BODY(edit(kSession, "## 2) Baseline (Before Teaching)", "## 2)  baseline"));
  }
  SECTION("optional sections and subsections may be absent") {
    CHECK_BODY(cut(kSession, "### 9.2", "## 10)"));
    std::string withoutMeta = kSession.substr(0, kSession.find("## 11)"));
    CHECK_BODY(withoutMeta);
  }
  SECTION("front matter makes the YAML Metadata section unnecessary; a fenced block needs it") {
    CHECK_BODY(kFrontMatterSession);
    CHECK_BODY(edit(kFrontMatterSession, "# Paged attention in vLLM\n\n",
                    "# Paged attention in vLLM\n\n" +
                        kFencedMetadata.substr(0, kFencedMetadata.find("```yaml"))));
  }
}

TEST_CASE("duplicate-section", "[body][duplicate-section]") {
  SECTION("the same section twice: the later heading") {
    CHECK_BODY(kSession + "\n$duplicate_section[[## 11) Meta Notes (Optional)]]\n\n* More notes\n");
  }
  SECTION("the first copy owns the subsections up to the next top-level heading") {
    std::string split = edit(kSession, "### 5.2 Result",
                             "$duplicate_section[[## 5) Verification]]\n\n### 5.2 Result");
    CHECK_BODY(edit(split, "## 5) Verification (MANDATORY)",
                    "$missing_section[[## 5) Verification (MANDATORY)]]"));
  }
  SECTION("the same subsection twice within a section") {
    CHECK_BODY(edit(kSession, "### 2.2 What I was confused about",
                    "$duplicate_section[[### 2.1 What I thought I knew]]\n\n* More.\n\n"
                    "### 2.2 What I was confused about"));
  }
  SECTION("Q blocks are repeatable") {
    CHECK_BODY(edit(kSession, "## 4) Key Concepts",
                    "### Q2 — Why copy on write?\n\n* **My question (verbatim):** Why?\n\n"
                    "### Q3 — And swapping?\n\n* **My question (verbatim):** When?\n\n"
                    "## 4) Key Concepts"));
  }
}

TEST_CASE("section-order", "[body][section-order]") {
  SECTION("a section after one that should follow it") {
    std::string ten =
        kSession.substr(kSession.find("## 10)"), kSession.find("## 11)") - kSession.find("## 10)"));
    std::string swapped = cut(kSession, "## 10)", "## 11)") + "\n---\n\n" + ten;
    CHECK_BODY(edit(swapped, "## 10) Next Session Plan (Max 3 items)",
                    "$section_order[[## 10) Next Session Plan (Max 3 items)]]"));
  }
  SECTION("every section after a later one is reported") {
    std::string six =
        kSession.substr(kSession.find("## 6)"), kSession.find("## 7)") - kSession.find("## 6)"));
    std::string moved =
        edit(cut(kSession, "## 6)", "## 7)"), "## 2) Baseline", six + "## 2) Baseline");
    moved = edit(moved, "## 2) Baseline (Before Teaching)",
                 "$section_order1[[## 2) Baseline (Before Teaching)]]");
    moved = edit(moved, "## 3) Dialogue Log (Socratic Record)",
                 "$section_order2[[## 3) Dialogue Log (Socratic Record)]]");
    moved = edit(moved, "## 4) Key Concepts (Distilled, Evidence-Friendly)",
                 "$section_order3[[## 4) Key Concepts (Distilled, Evidence-Friendly)]]");
    moved = edit(moved, "## 5) Verification (MANDATORY)",
                 "$section_order4[[## 5) Verification (MANDATORY)]]");
    CHECK_BODY(moved);
  }
  SECTION("unknown sections take no part") {
    CHECK_BODY(
        edit(kSession, "## 2) Baseline", "## Extra reading\n\n* A blog post.\n\n## 2) Baseline"));
  }
  SECTION("subsections out of order") {
    std::string result = kSession.substr(kSession.find("### 5.2"),
                                         kSession.find("---\n\n## 6)") - kSession.find("### 5.2"));
    std::string swapped =
        edit(cut(kSession, "### 5.2", "---\n\n## 6)"), "### 5.1", result + "### 5.1");
    CHECK_BODY(
        edit(swapped, "### 5.1 Verification task", "$section_order[[### 5.1 Verification task]]"));
  }
}

TEST_CASE("section-too-long", "[body][section-too-long]") {
  const std::string takeaway =
      "* **One sentence takeaway:** Paging removes fragmentation by indirection, like virtual "
      "memory.";
  SECTION("11 lines in a 10-line section: from the 11th line to the end of the body") {
    CHECK_BODY(edit(kSession, takeaway,
                    takeaway + "\n* Six\n\n* Seven\n* Eight\n<!-- not counted -->\n* Nine\n* Ten\n"
                               "$section_too_long[[* Eleven]]"));
  }
  SECTION("nested bullets count as lines") {
    CHECK_BODY(edit(kSession, takeaway,
                    takeaway + "\n  * six\n  * seven\n  * eight\n  * nine\n  * ten\n"
                               "  $section_too_long[[* eleven\n  * twelve]]"));
  }
  SECTION("10 lines, blank lines, rules and comments are fine") {
    CHECK_BODY(edit(kSession, takeaway,
                    takeaway + "\n  * six\n  * seven\n\n<!-- a comment -->\n\n* Eight\n* Nine\n"
                               "* Ten\n\n---\n"));
  }
}

TEST_CASE("too-many-items", "[body][too-many-items]") {
  const std::string third = "* [ ] **Next #3:** Compare with the radix cache of SGLang.";
  SECTION("4 items in a 3-item section") {
    CHECK_BODY(edit(kSession, third,
                    third + "\n$too_many_items[[* [ ] **Next #4:** Profile the scheduler.]]"));
  }
  SECTION("nested bullets are not items") {
    CHECK_BODY(edit(kSession, third,
                    third + "\n  * the radix tree\n  * the eviction policy\n  * the scheduler"));
  }
}

TEST_CASE("invalid-body-enum", "[body][invalid-body-enum]") {
  SECTION("a bullet enum: just the enum part, closest value first") {
    auto checked = check(edit(kSession, "* **Verdict:** Strong",
                              "* **Verdict:** $invalid_body_enum[[Parital]] — mostly right"));
    CHECK(checked.actual == checked.expected);
    const auto& diagnostic = only(checked, "invalid-body-enum");
    CHECK(diagnostic.severity == core::Severity::Error);
    REQUIRE_FALSE(diagnostic.suggestions.empty());
    CHECK(diagnostic.suggestions.front() == "Partial");
    CHECK(diagnostic.message.find("`Strong`, `Partial` or `Weak`") != std::string::npos);
  }
  SECTION("a label with `?` and a value with a remark") {
    CHECK_BODY(edit(kSession, "* **RESULTS.md updated?** Yes",
                    "* **RESULTS.md updated?** $invalid_body_enum[[Later]], after the rerun"));
  }
  SECTION("valid values with remarks, in any case") {
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** Partial — needs review"));
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** strong (after a hint)"));
    CHECK_BODY(edit(kSession, "* **Status:** Passed", "* **Status:** Passed - on the second run"));
  }
  SECTION("table cells: Severity and Level reached") {
    auto checked = check(edit(edit(kSession, "| Copy-on-write cost | M |",
                                   "| Copy-on-write cost | $invalid_body_enum1[[X]] |"),
                              "| I can explain block tables | L2 |",
                              "| I can explain block tables | $invalid_body_enum2[[L9]] |"));
    CHECK(checked.actual == checked.expected);
    auto level = std::find_if(checked.diagnostics.begin(), checked.diagnostics.end(),
                              [](const auto& d) { return d.message.starts_with("`L9`"); });
    REQUIRE(level != checked.diagnostics.end());
    CHECK(level->suggestions.front() == "L5");
  }
  SECTION("empty cells are not errors; valid cells with remarks are fine") {
    CHECK_BODY(edit(kSession, "| Copy-on-write cost | M |",
                    "|            |                  |         |              |          |       "
                    "        |\n| Copy-on-write cost | h (for long prompts) |"));
  }
  SECTION("emphasis, code and comments around a valid value are not part of it") {
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** **Partial**, needs review"));
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** `Strong`"));
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** _Weak — guessed_"));
    CHECK_BODY(
        edit(kSession, "* **Verdict:** Strong", "* **Verdict:** Strong <!-- self-graded -->"));
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong",
                    "* **Verdict:** <!-- self-graded --> Partial (needed a hint)"));
    CHECK_BODY(edit(kSession, "| Copy-on-write cost | M |", "| Copy-on-write cost | **H** |"));
  }
  SECTION("an invalid value among markup and comments: the range is the word itself") {
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong",
                    "* **Verdict:** **$invalid_body_enum[[Parital]]**, needs review"));
    CHECK_BODY(edit(kSession, "* **Verdict:** Strong",
                    "* **Verdict:** `$invalid_body_enum[[Maybe]]` <!-- Strong -->"));
    CHECK_BODY(edit(kSession, "| Copy-on-write cost | M |",
                    "| Copy-on-write cost | *$invalid_body_enum[[High]]* |"));
  }
  SECTION("a Status in bold still counts for the verification rules") {
    std::string noGain = edit(kSession, "level_after: L2", "level_after: L1");
    CHECK_BODY(edit(edit(noGain, "* **Status:** Passed", "* **Status:** **Failed** — OOM"),
                    "* **If failed, why:**", "$failed_without_reason[[* **If failed, why:**]]"));
    CHECK_BODY(edit(kSession, "* **Status:** Passed", "* **Status:** `Passed` <!-- re-run -->"));
  }
}

TEST_CASE("placeholder", "[body][placeholder]") {
  SECTION("a heading that still says [Question / Topic]") {
    auto checked =
        checkWithFillerAtCursor(edit(kSession, "### Q1 — How does vLLM map tokens to KV blocks?",
                                     "### Q1 — $0[Question / Topic]"));
    CHECK(checked.actual == checked.expected);
  }
  SECTION("a labelled bullet whose value is only filler") {
    CHECK_BODY(edit(edit(kSession, "* **Fact:** vLLM allocates the KV cache in fixed-size blocks.",
                         "* **Fact:** $placeholder1[[…]]"),
                    "* [ ] **Next #1:** Read the attention kernel.",
                    "* [ ] **Next #1:** $placeholder2[[…]]"));
  }
  SECTION("plain items: `…`, `I can …` and a plain label followed by filler") {
    CHECK_BODY(edit(edit(kSession, "* The KV cache grows with sequence length and batch size.",
                         "* $placeholder1[[…]]\n* $placeholder2[[I can …]]"),
                    "  * Source: the vLLM paper, section 4", "  * Source: $placeholder3[[…]]"));
  }
  SECTION("an `L?` cell is a placeholder only, once; so is `I can …`") {
    CHECK_BODY(edit(kSession, "| I can explain block tables | L2 |",
                    "| $placeholder1[[I can …]] | $placeholder2[[L?]] |"));
  }
  SECTION("the template's list of choices left in: pick one") {
    auto checked = check(edit(kSession, "* **Verdict:** Strong",
                              "* **Verdict:** $placeholder[[Strong / Partial / Weak]]"));
    CHECK(checked.actual == checked.expected);
    const auto& diagnostic = only(checked, "placeholder");
    CHECK(diagnostic.severity == core::Severity::Warning);
    CHECK(diagnostic.message == "template choices `Strong / Partial / Weak` left in; pick one of "
                                "`Strong`, `Partial` or `Weak`");
    CHECK(diagnostic.suggestions == std::vector<std::string>{"Strong", "Partial", "Weak"});
    CHECK_BODY(edit(kSession, "* **RESULTS.md updated?** Yes",
                    "* **RESULTS.md updated?** $placeholder[[Yes / No]]"));
    CHECK_BODY(edit(edit(kSession, "* **Status:** Passed",
                         "* **Status:** $placeholder[[Not started / Passed / Failed]]"),
                    "level_after: L2", "level_after: $unverified_claim[[L2]]"));
    CHECK_BODY(edit(kSession, "| Copy-on-write cost | M |",
                    "| Copy-on-write cost | $placeholder[[H/M/L]] |"));
  }
  SECTION("a placeholder among markup and comments") {
    CHECK_BODY(edit(kSession, "* **Fact:** vLLM allocates the KV cache in fixed-size blocks.",
                    "* **Fact:** *$placeholder[[…]]* <!-- fill in after reading -->"));
    CHECK_BODY(edit(kSession, "| I can explain block tables | L2 |",
                    "| I can explain block tables | `$placeholder[[L?]]` |"));
  }
  SECTION("a placeholder where a body enum belongs lists the values") {
    auto verdict =
        check(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** $placeholder[[…]]"));
    CHECK(verdict.actual == verdict.expected);
    CHECK(only(verdict, "placeholder").message ==
          "template placeholder `…` left in; choose `Strong`, `Partial` or `Weak`");
    auto severity = check(
        edit(kSession, "| Copy-on-write cost | M |", "| Copy-on-write cost | $placeholder[[…]] |"));
    CHECK(severity.actual == severity.expected);
    CHECK(only(severity, "placeholder").message ==
          "template placeholder `…` left in; choose `H`, `M` or `L`");
    auto level = check(edit(kSession, "| I can explain block tables | L2 |",
                            "| I can explain block tables | $placeholder[[…]] |"));
    CHECK(level.actual == level.expected);
    CHECK(only(level, "placeholder").message.find("choose `L0`") != std::string::npos);
    // `L?` is the level column's own filler: it keeps the plain message.
    auto unknownLevel = check(edit(kSession, "| I can explain block tables | L2 |",
                                   "| I can explain block tables | $placeholder[[L?]] |"));
    CHECK(unknownLevel.actual == unknownLevel.expected);
    CHECK(only(unknownLevel, "placeholder").message ==
          "template placeholder `L?` left in; replace it with what happened in this session");
  }
  SECTION("text that merely ends in an ellipsis is not filler") {
    CHECK_BODY(edit(kSession, "* **Fact:** vLLM allocates the KV cache in fixed-size blocks.",
                    "* **Fact:** vLLM allocates the KV cache in blocks, and then…"));
  }
}

TEST_CASE("empty-field", "[body][empty-field]") {
  SECTION("a labelled bullet with nothing after it: its label") {
    CHECK_BODY(edit(kSession, "* **Task:** Measure memory waste for two block sizes.",
                    "* $empty_field[[**Task:**]]"));
  }
  SECTION("nested items fill a bullet") {
    CHECK_BODY(edit(kSession, "* **Task:** Measure memory waste for two block sizes.",
                    "* **Task:**\n  * Measure memory waste for two block sizes."));
  }
  SECTION("an empty body enum says what to choose") {
    auto checked =
        check(edit(edit(kSession, "* **Status:** Passed", "* $empty_field[[**Status:**]]"),
                   "level_after: L2", "level_after: $unverified_claim[[L2]]"));
    CHECK(checked.actual == checked.expected);
    CHECK(only(checked, "empty-field").message ==
          "`Status` is empty; choose `Not started`, `Passed` or `Failed`");
    auto verdict = check(edit(kSession, "* **Verdict:** Strong", "* $empty_field[[**Verdict:**]]"));
    CHECK(verdict.actual == verdict.expected);
    CHECK(only(verdict, "empty-field").message ==
          "`Verdict` is empty; choose `Strong`, `Partial` or `Weak`");
  }
  SECTION("text on the following lines fills a bullet") {
    CHECK_BODY(edit(kSession,
                    "* **What we actually did:** Walked through the block manager and ran a small "
                    "benchmark.",
                    "* **What we actually did:**\n  Walked through the allocator."));
    CHECK_BODY(edit(kSession, "* **Task:** Measure memory waste for two block sizes.",
                    "* **Task:**\n\n  Run the bench with block sizes 16 and 32."));
    CHECK_BODY(edit(kSession, "* **Task:** Measure memory waste for two block sizes.",
                    "* **Task:**\n\n  ```sh\n  python bench.py\n  ```"));
  }
  SECTION("an HTML comment is not text") {
    CHECK_BODY(edit(kSession, "* **Task:** Measure memory waste for two block sizes.",
                    "* $empty_field[[**Task:**]] <!-- TODO -->"));
    CHECK_BODY(edit(kSession, "* **Task:** Measure memory waste for two block sizes.",
                    "* $empty_field[[**Task:**]]\n  <!-- TODO: which block sizes? -->"));
  }
  SECTION("an (If Any) section may stay empty") {
    std::string empty = kSession;
    for (std::string_view line :
         {"* **Lab path(s):** `lab/vllm/paged_attention_bench.py`",
          "* **How to run (one-liner):** `python bench.py --model Qwen/Qwen2.5-7B`",
          "* **Environment notes (GPU/driver/libs):** CUDA 12.4, vLLM 0.6.3",
          "* **Metrics collected:** waste %, tokens/sec", "* **RESULTS.md updated?** Yes"}) {
      std::string label(line.substr(0, line.find("** ") + 2));
      empty = edit(empty, line, label);
    }
    CHECK_BODY(empty);
  }
  SECTION("`(if needed)` labels may stay empty; `If failed, why` is left to its own rule") {
    CHECK_BODY(kSession); // both stand empty in the complete session
  }
}

TEST_CASE("failed-without-reason", "[body][failed-without-reason]") {
  std::string noGain = edit(kSession, "level_after: L2", "level_after: L1");
  SECTION("Status Failed and an empty reason: the reason's line") {
    CHECK_BODY(edit(edit(noGain, "* **Status:** Passed", "* **Status:** Failed — OOM"),
                    "* **If failed, why:**", "$failed_without_reason[[* **If failed, why:**]]"));
  }
  SECTION("no reason bullet at all: the Status bullet's line") {
    CHECK_BODY(
        edit(edit(noGain, "* **Status:** Passed", "$failed_without_reason[[* **Status:** Failed]]"),
             "* **If failed, why:**\n", ""));
  }
  SECTION("a reason given") {
    CHECK_BODY(edit(edit(noGain, "* **Status:** Passed", "* **Status:** Failed"),
                    "* **If failed, why:**", "* **If failed, why:** the batch was too large"));
  }
  SECTION("a reason on the next line") {
    CHECK_BODY(edit(edit(noGain, "* **Status:** Passed", "* **Status:** Failed"),
                    "* **If failed, why:**", "* **If failed, why:**\n  the batch was too large"));
  }
  SECTION("a comment is no reason") {
    CHECK_BODY(edit(edit(noGain, "* **Status:** Passed", "* **Status:** Failed"),
                    "* **If failed, why:**",
                    "$failed_without_reason[[* **If failed, why:** <!-- later -->]]"));
  }
  SECTION("a reason in nested items") {
    CHECK_BODY(edit(edit(noGain, "* **Status:** Passed", "* **Status:** Failed"),
                    "* **If failed, why:**", "* **If failed, why:**\n  * the batch was too large"));
  }
}

TEST_CASE("unverified-claim", "[body][unverified-claim]") {
  SECTION("a level gain without Passed: the level_after value") {
    CHECK_BODY(edit(edit(kSession, "* **Status:** Passed", "* **Status:** Not started"),
                    "level_after: L2", "level_after: $unverified_claim[[L2]]"));
  }
  SECTION("status mastered wins, one per file") {
    std::string text = edit(kSession, "* **Status:** Passed", "* **Status:** Not started");
    CHECK_BODY(edit(text, "status: ok", "status: $unverified_claim[[mastered]]"));
  }
  SECTION("a failure with its reason still does not verify a gain") {
    CHECK_BODY(edit(edit(edit(kSession, "* **Status:** Passed", "* **Status:** Failed"),
                         "* **If failed, why:**", "* **If failed, why:** too slow"),
                    "level_after: L2", "level_after: $unverified_claim[[L2]]"));
  }
  SECTION("Passed verifies the claim") {
    CHECK_BODY(edit(kSession, "status: ok", "status: mastered"));
  }
  SECTION("no gain, or a level that is not valid, is not judged") {
    std::string notStarted = edit(kSession, "* **Status:** Passed", "* **Status:** Not started");
    CHECK_BODY(edit(notStarted, "level_after: L2", "level_after: L1"));
    CHECK_BODY(edit(notStarted, "level_after: L2", "level_after: L9"));
  }
}

TEST_CASE("broken-link", "[body][broken-link]") {
  SECTION("Lab path(s): code spans and bare tokens") {
    CHECK_BODY(edit(kSession, "* **Lab path(s):** `lab/vllm/paged_attention_bench.py`",
                    "* **Lab path(s):** `$broken_link1[[lab/vllm/missing.py]]`, "
                    "lab/vllm/paged_attention_bench.py, $broken_link2[[lab/other.py]]"));
  }
  SECTION("Lab path(s) in nested items") {
    CHECK_BODY(edit(kSession, "* **Lab path(s):** `lab/vllm/paged_attention_bench.py`",
                    "* **Lab path(s):**\n  * `lab/vllm/paged_attention_bench.py`\n"
                    "  * `$broken_link[[lab/vllm/gone.py]]`"));
  }
  SECTION("evidence cells and markdown links anywhere in the body") {
    CHECK_BODY(edit(edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                         "[bench]($broken_link1[[../lab/vllm/gone.py]])"),
                    "* **Verdict:** Strong",
                    "* **Verdict:** Strong, see [notes]($broken_link2[[notes/forks.md]])"));
  }
  SECTION("a path that climbs out of the workspace") {
    auto checked = check(edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                              "[bench]($broken_link[[../../../etc/passwd]])"));
    CHECK(checked.actual == checked.expected);
    CHECK(only(checked, "broken-link").message.find("outside the workspace") != std::string::npos);
  }
  SECTION("words that are not paths, URLs, anchors and non-evidence places") {
    std::string text = edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                            "none |\n| Swap cost | L | - | - | - | 없음 |\n| Prefill | H | a | "
                            "b | c | N/A |\n| Decode | M | a | b | c | session / lab / track link");
    text = edit(text, "* **Verdict:** Strong",
                "* **Verdict:** Strong ([paper](https://arxiv.org/abs/2309.06180), [above](#q1))");
    CHECK_BODY(text);
  }
  SECTION("bare prose in evidence cells is not a path unless it looks like one") {
    CHECK_BODY(edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                    "e.g. 1/2 of blocks, I/O bound |\n| Swap | L | a | b | c | swap/recompute, see "
                    "p50/p95 |\n| Speed | L | a | b | c | RESULTS.md row 3, e.g. 2.1x speed-up |\n"
                    "| Other | L | a | b | c | $broken_link[[NOTES.md]] row 3, i.e. not written"));
    CHECK_BODY(edit(kSession, "| `tracks/02-Infra-System/vLLM/paged-attention.md` |",
                    "| tracks/02-Infra-System/vLLM/paged-attention.md, see p50/p95, I/O |"));
  }
  SECTION("bare tokens that are paths: rooted, relative, an existing first folder, a file name") {
    CHECK_BODY(edit(kSession, "* **Lab path(s):** `lab/vllm/paged_attention_bench.py`",
                    "* **Lab path(s):** /lab/vllm/paged_attention_bench.py, RESULTS.md, "
                    "$broken_link1[[../lab/a.py]], $broken_link2[[/tracks/x/INDEX.md]], "
                    "$broken_link3[[lab/vllm/bench]], $broken_link4[[./notes]], "
                    "$broken_link5[[tmp/bench.py]], tokens/sec"));
  }
  SECTION("code spans keep the looser rule") {
    CHECK_BODY(edit(kSession, "* **Lab path(s):** `lab/vllm/paged_attention_bench.py`",
                    "* **Lab path(s):** `$broken_link[[p50/p95]]`"));
  }
  SECTION("percent-encoded link targets are decoded") {
    CHECK_BODY(edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                    "[bench](../lab/my%20notes/a%20b.md)"));
    auto checked = check(edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                              "[bench]($broken_link[[../lab/my%20notes/gone.md]])"));
    CHECK(checked.actual == checked.expected);
    CHECK(only(checked, "broken-link").message.starts_with("`../lab/my%20notes/gone.md`"));
  }
  SECTION("not checked without a file system") {
    Options noFiles;
    noFiles.checkLinks = false;
    auto checked = check(edit(kSession, "[bench](../lab/vllm/paged_attention_bench.py)",
                              "[bench](../lab/vllm/gone.py)"),
                         noFiles);
    CHECK(checked.actual.empty());
  }
}

TEST_CASE("CRLF line endings keep exact ranges", "[body]") {
  std::string marked =
      edit(edit(kSession, "* **Verdict:** Strong", "* **Verdict:** $invalid_body_enum[[Maybe]]"),
           "* **Task:** Measure memory waste for two block sizes.", "* $empty_field[[**Task:**]]");
  marked = edit(marked, "* [ ] **Next #3:** Compare with the radix cache of SGLang.",
                "* [ ] **Next #3:** Compare with the radix cache of SGLang.\n"
                "$too_many_items[[* [ ] **Next #4:** More.]]");
  CHECK_BODY(withCrlf(marked));
}

TEST_CASE("Korean text and emoji keep exact byte ranges", "[body]") {
  std::string marked = edit(kSession, "### Q1 — How does vLLM map tokens to KV blocks?",
                            "### Q1 — 페이지 테이블 🧠 $0[Question / Topic]");
  marked =
      edit(marked, "| Copy-on-write cost | M |", "| 블록 복사 비용 🐢 | $invalid_body_enum[[X]] |");
  marked = edit(marked, "* **My answer:** The blocks are shared and copied on write.",
                "* **My answer:** 블록은 공유되고 🙂 쓰기 시 복사된다\n"
                "* **검증 메모 ✅:** $placeholder[[…]]");
  auto checked = checkWithFillerAtCursor(marked);
  CHECK(checked.actual == checked.expected);
}
