// "Nothing lost" (issue 5): valid sessions with random planted defects, and for every text fix
// offered, and for fix-all:
//   (a) the bytes a fix removes lie inside its diagnostic's range (insertions remove nothing),
//       so user text outside it stays byte-identical, and no metadata key or heading is lost;
//   (b) the diagnostic it targets is gone afterwards;
//   (c) metadata that parsed still parses, with no new `yaml-syntax`;
//   (d) edits start and end on UTF-8 character boundaries, never split a CRLF, and bring line
//       breaks in the document's own style.
// Seeds are fixed, so a failure names a document that can be rebuilt and read.
#include "server/features/CodeActions.h"
#include "server/features/Diagnostics.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace session;
using core::Diagnostic;
using features::CodeAction;
using features::TextEdit;

constexpr const char* kPath = "sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md";

// ---- generated sessions ------------------------------------------------------------------------

using Random = std::mt19937;

size_t pick(Random& random, size_t count) {
  return std::uniform_int_distribution<size_t>(0, count - 1)(random);
}

std::string pickFrom(Random& random, const std::vector<std::string>& values) {
  return values[pick(random, values.size())];
}

bool chance(Random& random, int percent) {
  return static_cast<int>(pick(random, 100)) < percent;
}

const std::vector<std::string> kPhrases = {
    "KV cache 관리 방식을 배웠다", "블록 테이블 😀 works",
    "throughput 측정 🚀 done",      "plain ASCII words only",
    "메모리 fragmentation 이해 ✅", "émigré café naïve text",
    "数据并行 and ZeRO stages",    "emoji in the middle 👩‍💻 here",
    "한국어 문장만 있는 줄",
};

/// One metadata field as a line (or lines) of YAML, so a defect can remove or change it.
struct Field {
  std::string name;
  std::string text; // the whole line(s), each ending in '\n'
};

std::vector<Field> validFields(Random& random) {
  std::string own = std::string("/") + kPath;
  std::vector<Field> fields = {
      {"date", "date: 2026-11-20\n"},
      {"start_time", "start_time: \"19:30\"          # optional\n"},
      {"duration_min", "duration_min: " + std::to_string(30 + pick(random, 200)) + "\n"},
      {"track", "track: 02-Infra-System\n"},
      {"module", "module: vLLM\n"},
      {"topic", chance(random, 20) ? "topic: >-\n  " + pickFrom(random, kPhrases) + "\n  " +
                                         pickFrom(random, kPhrases) + "\n"
                                   : "topic: " + pickFrom(random, kPhrases) + "\n"},
      {"goal_type",
       "goal_type: " + pickFrom(random, {"production", "research", "interview"}) + "\n"},
      {"status", "status: " + pickFrom(random, {"weak", "ok", "mastered"}) +
                     (chance(random, 30) ? "   # 오늘 😀\n" : "\n")},
      {"level_before", "level_before: L1\n"},
      {"level_after", "level_after: L" + std::to_string(1 + pick(random, 5)) + "\n"},
  };
  std::string sessions =
      chance(random, 50) ? "  sessions: [" + own + "]\n" : "  sessions:\n    - " + own + "\n";
  fields.push_back({"evidence_targets", "evidence_targets:\n" + sessions +
                                            "  tracks: []\n  lab: []          # code\n"});
  fields.push_back({"refs", "refs:\n  - title: \"" + pickFrom(random, kPhrases) +
                                "\"\n    link: \"https://arxiv.org/abs/2309.06180\"\n"});
  fields.push_back({"tags", "tags: [vllm, 메모리]\n"});
  // A note of the user's own between two fields.
  if (chance(random, 30)) {
    Field& field = fields[pick(random, fields.size())];
    field.text = "# 메모: " + pickFrom(random, kPhrases) + "\n" + field.text;
  }
  return fields;
}

/// One `##` section of the body as text, with its heading.
struct BodySection {
  std::string heading;
  std::string text;
};

std::vector<BodySection> validBody(Random& random) {
  auto phrase = [&] {
    return pickFrom(random, kPhrases);
  };
  auto bullet = [&](const std::string& label) {
    return "* **" + label + ":** " + phrase() + "\n";
  };
  std::vector<BodySection> body;
  body.push_back({"1) Session Summary (10 lines max)",
                  bullet("Why today (context)") + bullet("What I wanted (success definition)") +
                      bullet("What we actually did") + bullet("Outcome (pass/fail vs goal)") +
                      bullet("One sentence takeaway")});
  body.push_back({"2) Baseline (Before Teaching)",
                  "### 2.1 What I thought I knew\n\n* " + phrase() +
                      "\n\n### 2.2 What I was confused about\n\n* " + phrase() +
                      "\n\n### 2.3 Constraints / assumptions\n\n* Hardware: RTX 4090 😀\n"});
  body.push_back({"3) Dialogue Log (Socratic Record)",
                  "### Q1 — " + phrase() + "\n\n" + bullet("My question (verbatim)") +
                      bullet("My initial answer / mental model") +
                      bullet("Mentor’s key guidance (concepts + reasoning)") +
                      bullet("Common pitfalls / failure modes mentioned") +
                      "\n**Comprehension check**\n\n" + bullet("Check question") +
                      bullet("My answer") + "* **Verdict:** " +
                      pickFrom(random, {"Strong", "Partial", "Weak", "**Partial** — 한국어 note"}) +
                      "\n" + bullet("Fix / clarification (if needed)")});
  body.push_back({"4) Key Concepts (Distilled, Evidence-Friendly)",
                  "### 4.1 Facts (with sources)\n\n* **Fact:** " + phrase() +
                      "\n\n  * Source: paper 😀\n\n### 4.2 Inferences (based on facts above)\n\n"
                      "* **Inference:** " +
                      phrase() +
                      "\n\n  * Depends on: the fact\n\n### 4.3 Hypotheses (need verification)\n\n"
                      "* **Hypothesis:** " +
                      phrase() + "\n\n  * Verification plan: profile it\n"});
  body.push_back(
      {"5) Verification (MANDATORY)",
       "### 5.1 Verification task\n\n" + bullet("Task") + bullet("Pass criteria") +
           bullet("Expected failure cases") + "\n### 5.2 Result\n\n* **Status:** " +
           pickFrom(random, {"Passed", "Passed (re-ran twice 😀)", "**Passed** — 한국어"}) +
           "\n* **If failed, why:**\n" + bullet("Next fix")});
  body.push_back({"6) Lab Artifacts (If Any)", bullet("Lab path(s)") +
                                                   "* **RESULTS.md updated?** " +
                                                   pickFrom(random, {"Yes", "No"}) + "\n"});
  body.push_back({"7) Knowledge Gaps & Risk Register",
                  "| Gap / Risk | Severity (H/M/L) | Symptom | Likely cause | Fix plan | Evidence "
                  "link |\n| --- | --- | --- | --- | --- | --- |\n| " +
                      phrase() + " | " + pickFrom(random, {"H", "M", "L"}) +
                      " | slow 🐢 | unknown | read | none |\n"});
  body.push_back({"8) What I Can Now Do (Evidence-Based)",
                  "| Capability | Level reached | Proof (links) |\n| ---------- | ------------: | "
                  "------------- |\n| " +
                      phrase() + " | L" + std::to_string(pick(random, 6)) + " | notes |\n"});
  body.push_back({"9) Updates Required (SSOT Workflow)",
                  "### 9.1 Progress updates (must do after session)\n\n* [x] Update the tracker\n\n"
                  "### 9.2 Distillation targets (optional but recommended)\n\n* [ ] " +
                      phrase() + "\n"});
  body.push_back({"10) Next Session Plan (Max 3 items)", "* [ ] **Next #1:** " + phrase() + "\n"});
  return body;
}

struct Session {
  bool fencedBlock = false;
  bool crlf = false;
  bool finalNewline = true;
  std::vector<Field> fields;
  std::vector<BodySection> body;

  std::string text() const {
    std::string metadata = "---\n";
    for (const auto& field : fields)
      metadata += field.text;
    metadata += "---\n";
    std::string out;
    if (fencedBlock)
      out = "# 2026-11-20 — 세션 😀\n\n> " + kPhrases[0] +
            "\n\n---\n\n## YAML Metadata (Required)\n\n```yaml\n" + metadata + "````\n";
    else
      out = metadata + "\n# 2026-11-20 — 세션 😀\n";
    for (const auto& section : body)
      out += "\n---\n\n## " + section.heading + "\n\n" + section.text;
    if (!finalNewline)
      out.pop_back();
    if (!crlf)
      return out;
    std::string converted;
    for (char c : out) {
      if (c == '\n')
        converted += '\r';
      converted += c;
    }
    return converted;
  }
};

// ---- planted defects ---------------------------------------------------------------------------

Field* fieldNamed(Session& session, std::string_view name) {
  for (auto& field : session.fields)
    if (field.name == name)
      return &field;
  return nullptr;
}

/// Sets a field's value; a field an earlier defect removed stays removed.
void setValue(Field* field, const std::string& value) {
  if (field)
    field->text = field->name + ":" + (value.empty() ? "" : " " + value) + "\n";
}

/// \p text with its first \p from replaced by \p to (unchanged when absent).
std::string swapped(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

/// A value one keystroke away from \p value: a dropped, doubled or swapped character.
std::string typo(Random& random, std::string value) {
  size_t at = pick(random, value.size());
  switch (pick(random, 3)) {
  case 0:
    if (value.size() > 1)
      value.erase(at, 1);
    break;
  case 1:
    value.insert(at, 1, value[at]);
    break;
  default:
    if (at + 1 < value.size())
      std::swap(value[at], value[at + 1]);
    else
      value += 'x';
  }
  return value;
}

void plantDefect(Random& random, Session& session) {
  switch (pick(random, 7)) {
  case 0: { // a bad metadata enum: a case slip, a typo, an impossible level, or junk
    const std::string name =
        pickFrom(random, {"status", "goal_type", "level_before", "level_after", "track"});
    Field* field = fieldNamed(session, name);
    if (!field)
      break;
    std::string value = field->text.substr(name.size() + 2);
    value.pop_back();
    std::vector<std::string> bad = {"L9",     "Maybe",        "한국어",    typo(random, value),
                                    "\"OK\"", "'Production'", "mastered!", "Ok"};
    if (chance(random, 20)) // emptied, perhaps with a comment left behind
      setValue(field, "");
    else
      setValue(field, pickFrom(random, bad) + (chance(random, 25) ? "   # 메모 😀" : ""));
    break;
  }
  case 1: // a date written another way, or not a date at all
    setValue(fieldNamed(session, "date"),
             pickFrom(random, {"2026/11/20", "20261120", "2026-1-5", "2026.11.20", "\"2026/11/20\"",
                               "2026-13-45", "tomorrow"}));
    break;
  case 2: { // a removed field or nested key
    size_t index = pick(random, session.fields.size());
    if (session.fields[index].name == "evidence_targets" && chance(random, 75)) {
      Field& targets = session.fields[index];
      if (chance(random, 35)) { // all its keys gone: `evidence_targets:` or `{}`
        targets.text = pickFrom(random, {"evidence_targets:\n", "evidence_targets:   # 비어 있음\n",
                                         "evidence_targets: {}\n"});
      } else {
        std::string key = pickFrom(random, {"  tracks: []\n", "  lab: []          # code\n"});
        targets.text = swapped(targets.text, key, "");
      }
    } else {
      session.fields.erase(session.fields.begin() + static_cast<std::ptrdiff_t>(index));
    }
    break;
  }
  case 3: { // a removed `##` section, or a removed `###` subsection
    size_t index = pick(random, session.body.size());
    std::string& text = session.body[index].text;
    size_t subsection = text.find("### ");
    if (subsection != std::string::npos && chance(random, 50)) {
      size_t next = text.find("\n### ", subsection);
      text.erase(subsection, next == std::string::npos ? std::string::npos : next + 1 - subsection);
    } else {
      session.body.erase(session.body.begin() + static_cast<std::ptrdiff_t>(index));
    }
    break;
  }
  case 4: { // this file no longer in evidence_targets.sessions
    Field* targets = fieldNamed(session, "evidence_targets");
    if (!targets)
      break;
    std::string rest = "  tracks: []\n  lab: []          # code\n";
    std::string sessions =
        pickFrom(random, {"  sessions: []\n", "  sessions:\n", "  sessions: [/sessions/a.md]\n",
                          "  sessions:   # keep this file path after saving\n",
                          "  sessions:\n    - /sessions/a.md\n", "  sessions: [ ]\n"});
    targets->text = "evidence_targets:\n" + sessions + rest;
    break;
  }
  case 5: // a module one keystroke from a known one
    setValue(fieldNamed(session, "module"), pickFrom(random, {"vLMM", "vllm", "VLLM", "DeepSpeeed",
                                                              "Attentoin", typo(random, "vLLM")}));
    break;
  default: { // a bad body enum: a bullet or a table cell
    size_t which = pick(random, 4);
    for (auto& section : session.body) {
      std::string& text = section.text;
      if (which == 0 && text.find("**Verdict:** ") != std::string::npos) {
        size_t at = text.find("**Verdict:** ") + 13;
        size_t end = text.find('\n', at);
        text.replace(at, end - at,
                     pickFrom(random, {"Strnog", "Meh — 한국어", "보통", "Wek, so-so"}));
      } else if (which == 1 && text.find("**Status:** ") != std::string::npos) {
        size_t at = text.find("**Status:** ") + 12;
        size_t end = text.find('\n', at);
        text.replace(at, end - at, pickFrom(random, {"Pased", "Done 😀", "Failled — OOM"}));
      } else if (which == 2 && section.heading.starts_with("8)")) {
        size_t at = text.rfind(" | L");
        text.replace(at + 3, 2, pickFrom(random, {"L9", "L7", "Lx", "5"}));
      } else if (which == 3 && section.heading.starts_with("7)")) {
        size_t row = text.rfind("\n| ");
        size_t cell = text.find(" | ", row + 3);
        text.replace(cell + 3, 1, pickFrom(random, {"Huge", "X", "high-ish"}));
      }
    }
    break;
  }
  }
}

Session generate(Random& random) {
  Session session;
  session.fencedBlock = chance(random, 40);
  session.crlf = chance(random, 25);
  session.finalNewline = chance(random, 85);
  session.fields = validFields(random);
  session.body = validBody(random);
  return session;
}

// ---- checking ----------------------------------------------------------------------------------

/// Applies edits from the last to the first; edits at one offset keep their list order.
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

bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Whether \p offset is a place an edit may start or end: inside the text, not inside a UTF-8
/// sequence, not between the CR and LF of a line break.
bool isCleanBoundary(const std::string& text, uint32_t offset) {
  if (offset > text.size())
    return false;
  if (offset == text.size())
    return true;
  if (isContinuationByte(text[offset]))
    return false;
  return !(offset > 0 && text[offset - 1] == '\r' && text[offset] == '\n');
}

bool isValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > text.size())
      return false;
    for (size_t k = 1; k < length; ++k)
      if (!isContinuationByte(text[i + k]))
        return false;
    i += length;
  }
  return true;
}

/// Line breaks of \p inserted match the document's: CRLF documents get CRLF, LF ones LF.
bool breaksMatch(std::string_view inserted, bool crlf) {
  for (size_t i = 0; i < inserted.size(); ++i) {
    if (inserted[i] == '\r' && (!crlf || i + 1 >= inserted.size() || inserted[i + 1] != '\n'))
      return false;
    if (inserted[i] == '\n' && crlf != (i > 0 && inserted[i - 1] == '\r'))
      return false;
  }
  return true;
}

struct Checked {
  std::string text;
  std::shared_ptr<const core::Document> document;
  std::vector<Diagnostic> diagnostics;
};

Checked diagnoseText(const std::string& text, const core::Schema& schema) {
  Checked checked{text, core::Document::parse(text), {}};
  features::CheckContext context;
  context.schema = &schema;
  context.workspacePath = kPath;
  checked.diagnostics = features::diagnose(*checked.document, context);
  return checked;
}

size_t countCode(const std::vector<Diagnostic>& diagnostics, std::string_view code) {
  return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                           [&](const auto& d) { return d.code == code; }));
}

/// Whether \p target (found in the text before a fix) is still reported after it. A fix that
/// replaced the diagnostic's own range is judged at that place; an insertion by the message,
/// which names the missing field or section.
bool stillReported(const Diagnostic& target, const std::vector<TextEdit>& edits,
                   const std::vector<Diagnostic>& after) {
  bool replacesTarget = std::any_of(
      edits.begin(), edits.end(), [&](const TextEdit& edit) { return edit.range == target.range; });
  for (const auto& d : after) {
    if (d.code != target.code)
      continue;
    if (replacesTarget ? d.range.begin == target.range.begin : d.message == target.message)
      return true;
  }
  return false;
}

/// Every key of the metadata as a dotted path (list items' keys under their list's path), and
/// every heading's text: what a fix must never take away.
void collectKeys(const std::vector<core::YamlNode::Entry>& entries, const std::string& prefix,
                 std::multiset<std::string>& out) {
  for (const auto& entry : entries) {
    out.insert(prefix + entry.key);
    collectKeys(entry.value.entries, prefix + entry.key + ".", out);
    for (const auto& item : entry.value.items)
      collectKeys(item.entries, prefix + entry.key + "[].", out);
  }
}

std::multiset<std::string> structureOf(const core::Document& document) {
  std::multiset<std::string> names;
  collectKeys(document.metadata.entries, "", names);
  for (const auto& heading : document.headings)
    names.insert(std::string(heading.level, '#') + " " + heading.text);
  return names;
}

bool includesAll(const std::multiset<std::string>& after,
                 const std::multiset<std::string>& before) {
  return std::includes(after.begin(), after.end(), before.begin(), before.end());
}

/// A description of the document for failure messages.
std::string describe(uint32_t seed, const std::string& text) {
  return "seed " + std::to_string(seed) + ", document:\n" + text;
}

struct Tally {
  size_t documents = 0;
  size_t actions = 0;
  std::map<std::string, size_t> byCode;
  /// Fixes that only insert, by code (an emptied enum field gets its value inserted).
  std::map<std::string, size_t> insertions;
  size_t safeEdits = 0;
};

void checkTextEdits(const std::string& text, bool crlf, const std::vector<TextEdit>& edits) {
  for (const auto& edit : edits) {
    INFO("edit [" << edit.range.begin << ", " << edit.range.end << ") → `" << edit.newText << "`");
    REQUIRE(edit.range.begin <= edit.range.end);
    CHECK(isCleanBoundary(text, edit.range.begin));
    CHECK(isCleanBoundary(text, edit.range.end));
    CHECK(isValidUtf8(edit.newText));
    CHECK(breaksMatch(edit.newText, crlf));
  }
}

/// (a) Every byte a fix removes is inside its diagnostic's range, and the rest of the text is
/// kept around the edit as it was.
void checkNothingLost(const std::string& text, const Diagnostic& target, const TextEdit& edit,
                      const std::string& after) {
  INFO("edit [" << edit.range.begin << ", " << edit.range.end << ") → `" << edit.newText << "`");
  if (edit.range.begin != edit.range.end) {
    CHECK(target.range.begin <= edit.range.begin);
    CHECK(edit.range.end <= target.range.end);
  }
  REQUIRE(after.size() == text.size() - (edit.range.end - edit.range.begin) + edit.newText.size());
  CHECK(after.compare(0, edit.range.begin, text, 0, edit.range.begin) == 0);
  size_t tail = text.size() - edit.range.end;
  CHECK(after.compare(after.size() - tail, tail, text, edit.range.end, tail) == 0);
}

void checkDocument(uint32_t seed, const core::Schema& schema, Tally& tally) {
  Random random(seed);
  Session session = generate(random);
  size_t defects = 1 + pick(random, 3);
  for (size_t i = 0; i < defects; ++i)
    plantDefect(random, session);
  const std::string text = session.text();
  INFO(describe(seed, text));
  Checked before = diagnoseText(text, schema);
  ++tally.documents;

  features::CodeActionContext context{before.document.get(), &schema, nullptr, kPath};
  auto actions = features::codeActions(context, before.diagnostics);
  size_t yamlErrors = countCode(before.diagnostics, "yaml-syntax");
  bool parsed = before.document->metadata.parsed;

  for (const auto& action : actions) {
    if (action.createFile || action.renameTo || action.edits.empty())
      continue;
    const Diagnostic& target = before.diagnostics[action.diagnostic];
    INFO("action `" << action.title << "` for " << target.code << " `" << target.message << "`");
    ++tally.actions;
    ++tally.byCode[target.code];
    if (action.edits.front().range.begin == action.edits.front().range.end)
      ++tally.insertions[target.code];
    REQUIRE(action.edits.size() == 1); // every text fix here is one edit
    checkTextEdits(text, session.crlf, action.edits);
    std::string fixed = applyEdits(text, action.edits);
    checkNothingLost(text, target, action.edits.front(), fixed);

    Checked after = diagnoseText(fixed, schema);
    INFO("after the fix:\n" << fixed);
    CHECK_FALSE(stillReported(target, action.edits, after.diagnostics));             // (b)
    CHECK(includesAll(structureOf(*after.document), structureOf(*before.document))); // (a)
    if (parsed) {                                                                    // (c)
      CHECK(after.document->metadata.parsed);
      CHECK(countCode(after.diagnostics, "yaml-syntax") <= yamlErrors);
    }
  }

  // Fix-all: every safe fix at once, non-overlapping and in order, and idempotent.
  auto edits = features::fixAll(context, before.diagnostics);
  tally.safeEdits += edits.size();
  checkTextEdits(text, session.crlf, edits);
  for (size_t i = 1; i < edits.size(); ++i)
    CHECK(edits[i - 1].range.end <= edits[i].range.begin);
  std::string fixed = applyEdits(text, edits);
  INFO("after fix-all:\n" << fixed);
  // Outside the edits the text is the same: walk both texts edit by edit.
  size_t from = 0, to = 0;
  for (const auto& edit : edits) {
    size_t kept = edit.range.begin - from;
    CHECK(fixed.compare(to, kept, text, from, kept) == 0);
    to += kept + edit.newText.size();
    from = edit.range.end;
  }
  CHECK(fixed.compare(to, std::string::npos, text, from, std::string::npos) == 0);

  Checked after = diagnoseText(fixed, schema);
  CHECK(includesAll(structureOf(*after.document), structureOf(*before.document)));
  for (const auto& action : actions)
    if (action.safe && !action.createFile && !action.renameTo) {
      const Diagnostic& target = before.diagnostics[action.diagnostic];
      INFO("safe action `" << action.title << "` for " << target.code);
      CHECK_FALSE(stillReported(target, action.edits, after.diagnostics));
    }
  if (parsed) {
    CHECK(after.document->metadata.parsed);
    CHECK(countCode(after.diagnostics, "yaml-syntax") <= yamlErrors);
  }
  features::CodeActionContext again{after.document.get(), &schema, nullptr, kPath};
  CHECK(features::fixAll(again, after.diagnostics).empty());
}

void checkSeeds(uint32_t first, uint32_t count, Tally& tally) {
  auto schema = core::builtinSchema();
  for (uint32_t seed = first; seed < first + count; ++seed)
    checkDocument(seed, *schema, tally);
}

} // namespace

TEST_CASE("the generated sessions are valid before defects are planted",
          "[codeActions][property]") {
  auto schema = core::builtinSchema();
  for (uint32_t seed = 0; seed < 40; ++seed) {
    Random random(seed);
    Session session = generate(random);
    std::string text = session.text();
    INFO(describe(seed, text));
    auto checked = diagnoseText(text, *schema);
    std::vector<std::string> codes;
    for (const auto& d : checked.diagnostics)
      codes.push_back(d.code + ": " + d.message);
    CHECK(codes == std::vector<std::string>{});
  }
}

TEST_CASE("every text fix keeps the user's text and removes its diagnostic",
          "[codeActions][property]") {
  Tally tally;
  checkSeeds(1000, 500, tally);
  CHECK(tally.documents == 500);
  // The defects reach every kind of text fix.
  for (std::string_view code :
       {"invalid-enum", "invalid-body-enum", "unknown-module", "invalid-date", "missing-field",
        "missing-section", "missing-self-evidence"}) {
    INFO(code);
    CHECK(tally.byCode[std::string(code)] > 5);
  }
  CHECK(tally.insertions["invalid-enum"] > 5);
  CHECK(tally.safeEdits > 100);
}
