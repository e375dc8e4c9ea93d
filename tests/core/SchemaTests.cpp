// The schema derived from the session template (SPEC §2, §3.1).
#include "server/core/Schema.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace session::core;

namespace {

std::vector<std::string> names(const std::vector<FieldSpec>& fields) {
  std::vector<std::string> out;
  for (const FieldSpec& field : fields)
    out.push_back(field.name);
  return out;
}

std::vector<std::string> keys(const std::vector<SectionSpec>& sections) {
  std::vector<std::string> out;
  for (const SectionSpec& section : sections)
    out.push_back(section.key);
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

const Schema& seed() {
  return *builtinSchema();
}

} // namespace

TEST_CASE("the seed template gives its metadata fields in order", "[schema]") {
  const std::vector<std::string> expected = {
      "date",      "start_time", "duration_min", "track",       "module",           "topic",
      "goal_type", "status",     "level_before", "level_after", "evidence_targets", "refs",
      "tags"};
  CHECK(names(seed().fields) == expected);
  for (size_t i = 0; i < seed().fields.size(); ++i)
    CHECK(seed().fields[i].order == i);
  CHECK(seed().warnings.empty());
}

TEST_CASE("seed field kinds", "[schema]") {
  auto kindOf = [](const char* name) {
    const FieldSpec* field = seed().field(name);
    REQUIRE(field);
    return field->kind;
  };
  CHECK(kindOf("date") == FieldKind::Date);
  CHECK(kindOf("start_time") == FieldKind::Time);
  CHECK(kindOf("duration_min") == FieldKind::Integer);
  CHECK(kindOf("track") == FieldKind::ClosedEnum);
  CHECK(kindOf("module") == FieldKind::OpenEnum);
  CHECK(kindOf("topic") == FieldKind::String);
  CHECK(kindOf("goal_type") == FieldKind::ClosedEnum);
  CHECK(kindOf("status") == FieldKind::ClosedEnum);
  CHECK(kindOf("level_before") == FieldKind::ClosedEnum);
  CHECK(kindOf("level_after") == FieldKind::ClosedEnum);
  CHECK(kindOf("evidence_targets") == FieldKind::Mapping);
  CHECK(kindOf("refs") == FieldKind::MappingList);
  CHECK(kindOf("tags") == FieldKind::StringList);
  CHECK(seed().field("nope") == nullptr);
}

TEST_CASE("seed field details: optional, documentation, values, children", "[schema]") {
  const Schema& schema = seed();
  CHECK(schema.field("start_time")->optional);
  CHECK(schema.field("start_time")->templateValue == "\"HH:MM\"");
  CHECK_FALSE(schema.field("date")->optional);
  CHECK_FALSE(schema.field("duration_min")->optional);
  CHECK(schema.field("duration_min")->documentation == "estimate is fine");
  CHECK(schema.field("refs")->documentation == "primary sources only if possible");
  CHECK(schema.field("topic")->templateValue == "Short, specific title");
  CHECK(schema.field("tags")->templateValue == "[tag1, tag2]");

  CHECK(schema.field("track")->values ==
        std::vector<std::string>{"01-Frameworks", "02-Infra-System", "03-Theory-Paper",
                                 "04-Interview"});
  CHECK_FALSE(schema.field("track")->ordered);
  CHECK(schema.field("module")->values ==
        std::vector<std::string>{"LangChain-v1.0", "DeepSpeed", "vLLM", "Attention"});
  CHECK(schema.field("goal_type")->values ==
        std::vector<std::string>{"production", "research", "interview"});

  const std::vector<std::string> levels = {"L0", "L1", "L2", "L3", "L4", "L5"};
  CHECK(schema.field("level_before")->values == levels);
  CHECK(schema.field("level_before")->ordered);
  CHECK(schema.field("level_after")->ordered);
  CHECK(schema.levels() == levels);

  const FieldSpec* evidence = schema.field("evidence_targets");
  CHECK(names(evidence->children) == std::vector<std::string>{"sessions", "tracks", "lab"});
  for (const FieldSpec& child : evidence->children)
    CHECK(child.kind == FieldKind::StringList);
  CHECK(evidence->children[0].documentation == "keep this file path after saving");

  const FieldSpec* refs = schema.field("refs");
  CHECK(names(refs->children) == std::vector<std::string>{"title", "link"});
  CHECK(refs->children[0].kind == FieldKind::String);
  CHECK(refs->children[0].templateValue == "\"\"");

  REQUIRE(schema.fieldAtPath("evidence_targets.sessions"));
  CHECK(schema.fieldAtPath("evidence_targets.sessions")->name == "sessions");
  CHECK(schema.fieldAtPath("refs.link")->name == "link");
  CHECK(schema.fieldAtPath("refs.nope") == nullptr);
  CHECK(schema.fieldAtPath("date")->kind == FieldKind::Date);
}

TEST_CASE("seed sections in order with numbers and hints", "[schema]") {
  const Schema& schema = seed();
  CHECK(keys(schema.sections) ==
        std::vector<std::string>{
            "yaml metadata", "1 session summary", "2 baseline", "3 dialogue log", "4 key concepts",
            "5 verification", "6 lab artifacts", "7 knowledge gaps & risk register",
            "8 what i can now do", "9 updates required", "10 next session plan", "11 meta notes"});

  const SectionSpec& yaml = schema.sections[0];
  CHECK(yaml.number.empty());
  CHECK(yaml.title == "YAML Metadata");
  CHECK_FALSE(yaml.optional);

  const SectionSpec* summary = schema.findSection("1) Session Summary (10 lines max)");
  REQUIRE(summary);
  CHECK(summary->number == "1");
  CHECK(summary->title == "Session Summary");
  CHECK(summary->maxLines == 10u);
  CHECK_FALSE(summary->maxItems);

  const SectionSpec* verification = schema.findSection("5) Verification");
  REQUIRE(verification);
  CHECK(verification->mandatory);
  CHECK_FALSE(verification->optional);
  CHECK(keys(verification->subsections) ==
        std::vector<std::string>{"5.1 verification task", "5.2 result"});
  CHECK(verification->subsections[0].number == "5.1");
  CHECK(verification->subsections[0].level == 3u);
  CHECK(verification->subsections[0].title == "Verification task");

  CHECK(schema.findSection("6) Lab Artifacts")->mayBeEmpty);
  CHECK_FALSE(schema.findSection("6) Lab Artifacts")->optional);
  CHECK(schema.findSection("11) Meta Notes")->optional);
  CHECK(schema.findSection("10) Next Session Plan")->maxItems == 3u);
  CHECK(schema.findSection("9.2 Distillation targets")->optional);
  CHECK_FALSE(schema.findSection("9.1 Progress updates")->optional);
  CHECK(schema.findSection("2.3 constraints / assumptions"));
  CHECK(schema.findSection("12) Not in the template") == nullptr);
}

TEST_CASE("the Q block is one repeatable subsection", "[schema]") {
  const SectionSpec* dialogue = seed().findSection("3) Dialogue Log");
  REQUIRE(dialogue);
  REQUIRE(dialogue->subsections.size() == 1);
  const SectionSpec& question = dialogue->subsections[0];
  CHECK(question.repeatable);
  CHECK(question.key == "q");
  CHECK(question.headingText == "Q1 — [Question / Topic]");
  CHECK(question.skeleton.starts_with("### Q1 — [Question / Topic]\n"));
  CHECK(question.skeleton.find("Q2") == std::string::npos);
  CHECK(seed().findSection("Q7 — Why paged attention?") == &question);
}

TEST_CASE("skeletons run to the next heading of the same level, without trailing rules",
          "[schema]") {
  const SectionSpec* result = seed().findSection("5.2 Result");
  REQUIRE(result);
  CHECK(result->skeleton == "### 5.2 Result\n\n"
                            "* **Status:** Not started / Passed / Failed\n"
                            "* **If failed, why:**\n"
                            "* **Next fix:**\n");
  const SectionSpec* verification = seed().findSection("5) Verification (MANDATORY)");
  CHECK(verification->skeleton.starts_with("## 5) Verification (MANDATORY)\n\n### 5.1"));
  CHECK(verification->skeleton.ends_with("* **Next fix:**\n"));
  const SectionSpec* last = seed().findSection("11) Meta Notes");
  CHECK(last->skeleton.ends_with("next time:\n"));
}

TEST_CASE("seed body enums", "[schema]") {
  const Schema& schema = seed();
  REQUIRE(schema.bulletEnum("Verdict"));
  CHECK(schema.bulletEnum("verdict")->values ==
        std::vector<std::string>{"Strong", "Partial", "Weak"});
  CHECK(schema.bulletEnum("Status")->values ==
        std::vector<std::string>{"Not started", "Passed", "Failed"});
  REQUIRE(schema.bulletEnum("RESULTS.md updated"));
  CHECK(schema.bulletEnum("RESULTS.md updated")->label == "RESULTS.md updated");
  CHECK(schema.bulletEnum("results.md updated?")->values == std::vector<std::string>{"Yes", "No"});
  CHECK(schema.bulletEnums.size() == 3);
  CHECK(schema.bulletEnum("Metrics collected") == nullptr);

  const TableColumnEnumSpec* severity = schema.tableColumnEnum("Severity (H/M/L)");
  REQUIRE(severity);
  CHECK(severity->header == "Severity");
  CHECK(severity->values == std::vector<std::string>{"H", "M", "L"});
  CHECK_FALSE(severity->levels);
  CHECK(schema.tableColumnEnum("severity") == severity);

  const TableColumnEnumSpec* level = schema.tableColumnEnum("level reached");
  REQUIRE(level);
  CHECK(level->header == "Level reached");
  CHECK(level->levels);
  CHECK(level->values == schema.levels());
  CHECK(schema.tableColumnEnums.size() == 2);
  CHECK(schema.tableColumnEnum("Proof") == nullptr);
}

TEST_CASE("seed placeholders", "[schema]") {
  const auto& placeholders = seed().placeholders;
  for (const char* expected :
       {"YYYY-MM-DD", "HH:MM", "\"\"", "…", "...", "L?", "Short, specific title", "tag1", "tag2",
        "[Question / Topic]", "I can …"})
    CHECK(contains(placeholders, expected));
  CHECK_FALSE(contains(placeholders, "\"HH:MM\""));
  CHECK_FALSE(contains(placeholders, "0"));
  CHECK_FALSE(contains(placeholders, "vLLM"));
  auto sorted = placeholders;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

TEST_CASE("level meanings are the built-in ones", "[schema]") {
  const auto& meanings = seed().levelMeanings;
  REQUIRE(meanings.size() == 6);
  CHECK(meanings.at("L0") == "never met it");
  CHECK(meanings.at("L5") == "can extend them: design, research, contribute upstream");
}

TEST_CASE("sectionKey drops every parenthesised hint, nested or unclosed, and keeps a stray `)`",
          "[schema]") {
  CHECK(sectionKey("## 9.2 Next Session Plan (optional (but) recommended)") ==
        "9.2 next session plan");
  CHECK(sectionKey("7) Risks (If Any") == "7 risks");
  CHECK(sectionKey("A) Appendix :) smile") == "a appendix :) smile");
  CHECK(sectionKey("6)\tLab\t\tArtifacts  (If Any)  ") == "6 lab artifacts");
  CHECK(sectionKey("Q3 — anything") == "q");
  CHECK(sectionKey("(Optional)") == "");
}

TEST_CASE("sectionKey normalises number, case, spacing and hints", "[schema]") {
  CHECK(sectionKey("5) Verification (MANDATORY)") == "5 verification");
  CHECK(sectionKey("5)  verification") == "5 verification");
  CHECK(sectionKey("  5 ) VERIFICATION  ") == "5 verification");
  CHECK(sectionKey("5. Verification") == "5 verification");
  CHECK(sectionKey("5.1 Verification task") == "5.1 verification task");
  CHECK(sectionKey("YAML Metadata (Required)") == "yaml metadata");
  CHECK(sectionKey("9.2 Distillation targets (optional but recommended)") ==
        "9.2 distillation targets");
  CHECK(sectionKey("Q1 — [Question / Topic]") == "q");
  CHECK(sectionKey("q12 - anything") == "q");
  CHECK(sectionKey("Quality notes") == "quality notes");
  CHECK(sectionKey("## 6) Lab Artifacts (If Any)") == "6 lab artifacts");
  CHECK(sectionKey("") == "");
  CHECK(sectionKey("5) Verification") != sectionKey("6) Verification"));
}

TEST_CASE("a new track in the template is a new allowed value", "[schema]") {
  std::string edited =
      replaced(std::string(seedTemplateText()), "04-Interview\n", "04-Interview | 05-Agents\n");
  Schema schema = parseSchema(edited);
  REQUIRE(schema.field("track"));
  CHECK(contains(schema.field("track")->values, "05-Agents"));
  CHECK(schema.field("track")->values.size() == 5);
  CHECK_FALSE(contains(seed().field("track")->values, "05-Agents"));
}

TEST_CASE("a new section in the template is a new section spec", "[schema]") {
  std::string edited = replaced(std::string(seedTemplateText()), "## 11) Meta Notes (Optional)",
                                "## 11) Reading List (Optional)\n\n* …\n\n## 12) Meta Notes");
  Schema schema = parseSchema(edited);
  CHECK(schema.sections.size() == seed().sections.size() + 1);
  REQUIRE(schema.findSection("12) Meta Notes"));
  CHECK_FALSE(schema.findSection("12) Meta Notes")->optional);
  CHECK(schema.findSection("11) Reading List")->optional);
}

TEST_CASE("metadata as real front matter", "[schema]") {
  Schema schema = parseSchema("---\n"
                              "date: YYYY-MM-DD\n"
                              "track: A | B  # the area\n"
                              "mood: happy | sad | ...   # Optional, free\n"
                              "count: 3\n"
                              "links:\n"
                              "- title: x\n"
                              "  url: y\n"
                              "- title: z\n"
                              "  note: w\n"
                              "---\n"
                              "\n"
                              "# Title\n"
                              "\n"
                              "## 1) First\n"
                              "\n"
                              "text\n"
                              "\n"
                              "---\n"
                              "\n"
                              "## 2) Second (optional)\n");
  CHECK(names(schema.fields) ==
        std::vector<std::string>{"date", "track", "mood", "count", "links"});
  CHECK(schema.field("track")->values == std::vector<std::string>{"A", "B"});
  CHECK(schema.field("track")->documentation == "the area");
  CHECK_FALSE(schema.field("track")->optional);
  CHECK(schema.field("mood")->kind == FieldKind::OpenEnum);
  CHECK(schema.field("mood")->optional);
  CHECK(schema.field("count")->kind == FieldKind::Integer);
  CHECK(schema.field("links")->kind == FieldKind::MappingList);
  CHECK(names(schema.field("links")->children) == std::vector<std::string>{"title", "url", "note"});
  CHECK(keys(schema.sections) == std::vector<std::string>{"1 first", "2 second"});
  CHECK(schema.sections[0].skeleton == "## 1) First\n\ntext\n");
  CHECK(schema.sections[1].optional);
  CHECK(schema.levels().empty());
}

TEST_CASE("front matter with CRLF line ends and a BOM", "[schema]") {
  Schema schema = parseSchema("\xEF\xBB\xBF---\r\ndate: YYYY-MM-DD\r\nat: HH:MM # Optional\r\n"
                              "---\r\n## 1) One\r\nbody\r\n");
  CHECK(names(schema.fields) == std::vector<std::string>{"date", "at"});
  CHECK(schema.field("at")->kind == FieldKind::Time);
  CHECK(schema.field("at")->optional);
  REQUIRE(schema.sections.size() == 1);
  CHECK(schema.sections[0].skeleton == "## 1) One\nbody\n");
}

TEST_CASE("the seed with CRLF line ends gives the same schema", "[schema]") {
  std::string crlf;
  for (char c : seedTemplateText()) {
    if (c == '\n')
      crlf += '\r';
    crlf += c;
  }
  Schema schema = parseSchema(crlf);
  CHECK(names(schema.fields) == names(seed().fields));
  CHECK(keys(schema.sections) == keys(seed().sections));
  CHECK(schema.bulletEnums.size() == seed().bulletEnums.size());
  CHECK(schema.tableColumnEnums.size() == seed().tableColumnEnums.size());
}

TEST_CASE("headings and bullets inside code fences are not part of the schema", "[schema]") {
  Schema schema = parseSchema("```yaml\nkind: a | b\n```\n"
                              "## 1) Real\n"
                              "~~~\n## 2) Fake\n* **Verdict:** A / B\n~~~\n"
                              "* **Mode:** Fast / Slow\n"
                              "* **Note:** see (a) / b\n");
  CHECK(keys(schema.sections) == std::vector<std::string>{"1 real"});
  CHECK(schema.bulletEnum("Verdict") == nullptr);
  REQUIRE(schema.bulletEnum("Mode"));
  CHECK(schema.bulletEnum("Note") == nullptr);
  CHECK(schema.field("kind")->kind == FieldKind::ClosedEnum);
}

TEST_CASE("garbage templates give an empty schema", "[schema]") {
  static constexpr char kBinary[] = "\x00\xff\xfe---\n\x01```yaml\n:\n - -\n## \x80\n|\n|-|\n";
  const std::string binary(kBinary, sizeof(kBinary) - 1);
  for (const std::string& text :
       {std::string(), binary, std::string("---\nno: close"), std::string("```yaml\n")}) {
    Schema schema = parseSchema(text);
    CHECK(schema.fields.empty());
    CHECK(schema.bulletEnums.empty());
    CHECK(schema.tableColumnEnums.empty());
    CHECK(schema.levels().empty());
    CHECK(schema.findSection("1) Anything") == nullptr);
    CHECK_FALSE(schema.warnings.empty());
  }
  CHECK(parseSchema("").sections.empty());
}
