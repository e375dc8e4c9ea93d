// The rules a session must follow, derived from a session template (SPEC §2).
//
// Nothing about LLM-Study is hard-coded here: tracks, levels, sections and body enums all come
// from the template text, so editing the template changes what is valid.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::core {

enum class FieldKind {
  String,      // free text (`topic: Short, specific title`)
  Date,        // `YYYY-MM-DD`
  Time,        // `"HH:MM"`
  Integer,     // a non-negative integer (`duration_min: 0`)
  ClosedEnum,  // `A | B | C`
  OpenEnum,    // `A | B | ...`: values are suggestions
  StringList,  // `[]` or `[a, b]`
  Mapping,     // a nested mapping (`evidence_targets`), children are its keys
  MappingList, // a list of mappings (`refs`), children are the item's keys
};

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::String;
  /// Enum values in template order (closed or open enums), without the trailing `...`.
  std::vector<std::string> values;
  /// True when every value is `L<digit>`: values are ordered and "closest" is numeric.
  bool ordered = false;
  bool optional = false;
  /// The comment after the key in the template (hover documentation), without `#`.
  std::string documentation;
  /// The value as the template writes it (`YYYY-MM-DD`, `"HH:MM"`, `[tag1, tag2]`).
  std::string templateValue;
  /// Keys of a Mapping, or of a MappingList's items.
  std::vector<FieldSpec> children;
  /// 0-based position among the template's top-level keys (insertion order for fixes).
  uint32_t order = 0;
};

/// A bullet `* **Label:** A / B / C` in the template: the label's value is a closed enum.
struct BulletEnumSpec {
  std::string label; // as written, without `**` and the trailing `:` or `?` (e.g. "Verdict")
  std::vector<std::string> values;
};

/// A table column whose header names its values (`Severity (H/M/L)`) or whose template cell
/// holds a level placeholder (`Level reached` with `L?`).
struct TableColumnEnumSpec {
  std::string header; // the header text without its parenthesised values ("Severity")
  std::vector<std::string> values;
  bool levels = false; // values are the level enum (ordered)
};

struct SectionSpec {
  uint32_t level = 2;               // 2 for `##`, 3 for `###`
  std::string headingText;          // the heading as written after the `#`s
  std::string number;               // "5", "5.1", or "" (e.g. `YAML Metadata`)
  std::string title;                // without the number and the parenthesised hints
  std::string key;                  // normalised number + title, for matching (sectionKey())
  bool optional = false;            // `(Optional)` / `(optional…)` in any case
  bool mandatory = false;           // `(MANDATORY)`: missing is an error, not a warning
  bool mayBeEmpty = false;          // `(If Any)`: required heading, empty body allowed
  bool repeatable = false;          // `### Q1 — [Question / Topic]`: one or more Q blocks
  std::optional<uint32_t> maxLines; // `(N lines max)`
  std::optional<uint32_t> maxItems; // `(Max N items)`
  /// The template's text for this section, from its heading line to the next section of the
  /// same or a higher level (for "insert section" fixes and completion).
  std::string skeleton;
  std::vector<SectionSpec> subsections;
};

struct Schema {
  std::vector<FieldSpec> fields;     // top-level metadata keys, template order
  std::vector<SectionSpec> sections; // `##` sections, template order
  std::vector<BulletEnumSpec> bulletEnums;
  std::vector<TableColumnEnumSpec> tableColumnEnums;
  /// Template filler tokens that a finished session should not keep (SPEC §3.1), e.g.
  /// `YYYY-MM-DD`, `HH:MM`, `""`, `…`, `...`, `L?`, `Short, specific title`, `tag1`, `tag2`.
  std::vector<std::string> placeholders;
  /// Level meanings (L0 → "never met it" …): the built-in ones unless settings override.
  std::map<std::string, std::string> levelMeanings;
  /// Problems found while reading the template itself (never fatal).
  std::vector<std::string> warnings;

  const FieldSpec* field(std::string_view name) const;
  /// A field by dotted path into Mapping / MappingList children (`evidence_targets.sessions`,
  /// `refs.link`), or null.
  const FieldSpec* fieldAtPath(std::string_view dottedPath) const;
  /// The section (any level) whose key matches \p headingText's key, or null.
  const SectionSpec* findSection(std::string_view headingText) const;
  const BulletEnumSpec* bulletEnum(std::string_view label) const; // case-insensitive
  const TableColumnEnumSpec* tableColumnEnum(std::string_view header) const;
  /// The level enum's values (from the first ordered field), e.g. L0…L5.
  std::vector<std::string> levels() const;
};

/// The field named \p name among \p fields (a template's top-level fields or a field's
/// children), or null.
const FieldSpec* findField(const std::vector<FieldSpec>& fields, std::string_view name);

/// Builds a schema from a template's text. Never fails: odd template parts are skipped and
/// noted in Schema::warnings.
Schema parseSchema(std::string_view templateText);

/// The seed template compiled into the binary, and the schema derived from it (built once).
std::string_view seedTemplateText();
std::shared_ptr<const Schema> builtinSchema();

/// The matching key of a heading: its number and title, lower-cased, spacing collapsed,
/// parenthesised hints and a trailing `)`/`.` after the number removed. So
/// `5) Verification (MANDATORY)` and `5)  verification` both give "5 verification".
std::string sectionKey(std::string_view headingText);

} // namespace session::core
