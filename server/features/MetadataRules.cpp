// The metadata rules of SPEC §3: every front-matter field checked against the schema derived
// from the template (presence, type, enum, date, time, placeholders), plus the rules that
// compare the metadata with the file itself (self-evidence, evidence links, file name).
//
// The schema is used generically through FieldSpec kinds; the only names written here are the
// ones SPEC names (`level_before`/`level_after`, `evidence_targets`, `sessions`, and the
// `date`/`track`/`module`/`topic` parts of the file name convention).
#include "server/features/Diagnostics.h"
#include "server/features/Evidence.h"
#include "server/features/EvidencePaths.h"
#include "server/features/FileNames.h"
#include "server/features/TextMatch.h"

#include <algorithm>

namespace session::features {

namespace {

using core::ByteRange;
using core::Diagnostic;
using core::FieldKind;
using core::FieldSpec;
using core::ScalarStyle;
using core::Severity;
using core::YamlNode;

// ---- Small text helpers -----------------------------------------------------------------

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

int toNumber(std::string_view digits) {
  int number = 0;
  for (char c : digits)
    number = number * 10 + (c - '0');
  return number;
}

/// "`a`, `b` and `c`": for lists where every item applies (keys of a mapping).
std::string listAll(const std::vector<std::string>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0)
      text += i + 1 == values.size() ? " and " : ", ";
    text += code(values[i]);
  }
  return text;
}

std::vector<std::string> namesOf(const std::vector<FieldSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs)
    names.push_back(spec.name);
  return names;
}

const char* describeNode(const YamlNode& node) {
  switch (node.kind) {
  case YamlNode::Kind::Sequence:
    return "a list";
  case YamlNode::Kind::Mapping:
    return "a mapping";
  case YamlNode::Kind::Scalar:
    return "a single value";
  case YamlNode::Kind::Null:
    return "empty";
  }
  return "a value";
}

/// What a field's value should look like, for messages ("a date `YYYY-MM-DD`").
std::string expectedForm(const FieldSpec& spec) {
  switch (spec.kind) {
  case FieldKind::String:
    return "free text";
  case FieldKind::Date:
    return "a date `YYYY-MM-DD`";
  case FieldKind::Time:
    return "a 24-hour time `HH:MM`";
  case FieldKind::Integer:
    return "a non-negative integer";
  case FieldKind::ClosedEnum:
    return listForMessage(spec.values);
  case FieldKind::OpenEnum:
    return spec.values.empty() ? "free text" : "e.g. " + listForMessage(spec.values);
  case FieldKind::StringList:
    return "a list of strings, e.g. `[a, b]`";
  case FieldKind::Mapping:
    return "a mapping with " + listAll(namesOf(spec.children));
  case FieldKind::MappingList:
    return "a list of items with " + listAll(namesOf(spec.children));
  }
  return "a value";
}

// ---- Dates and times --------------------------------------------------------------------

bool isLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool isRealDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1)
    return false;
  int days = kDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
  return day <= days;
}

/// \p number (0–99) with a leading zero.
std::string twoDigits(int number) {
  return {static_cast<char>('0' + number / 10 % 10), static_cast<char>('0' + number % 10)};
}

/// A year is always written with four digits here (the callers parse exactly four).
std::string formatDate(int year, int month, int day) {
  return twoDigits(year / 100) + twoDigits(year % 100) + "-" + twoDigits(month) + "-" +
         twoDigits(day);
}

bool hasDateShape(std::string_view text) {
  return text.size() == 10 && allDigits(text.substr(0, 4)) && text[4] == '-' &&
         allDigits(text.substr(5, 2)) && text[7] == '-' && allDigits(text.substr(8, 2));
}

/// The date in `YYYY-MM-DD` when \p text is a recognisable real date written another way
/// (`2026/11/20`, `2026.11.20`, `20261120`, `2026-1-5`).
std::optional<std::string> normaliseDate(std::string_view text) {
  text = trim(text);
  if (text.size() == 8 && allDigits(text)) {
    int year = toNumber(text.substr(0, 4)), month = toNumber(text.substr(4, 2)),
        day = toNumber(text.substr(6, 2));
    if (isRealDate(year, month, day))
      return formatDate(year, month, day);
    return std::nullopt;
  }
  for (char separator : {'-', '/', '.'}) {
    auto first = text.find(separator);
    if (first == std::string_view::npos)
      continue;
    auto second = text.find(separator, first + 1);
    if (second == std::string_view::npos || text.find(separator, second + 1) != text.npos)
      continue;
    auto year = text.substr(0, first), month = text.substr(first + 1, second - first - 1),
         day = text.substr(second + 1);
    if (year.size() != 4 || !allDigits(year) || !allDigits(month) || month.size() > 2 ||
        !allDigits(day) || day.size() > 2)
      continue;
    if (isRealDate(toNumber(year), toNumber(month), toNumber(day)))
      return formatDate(toNumber(year), toNumber(month), toNumber(day));
  }
  return std::nullopt;
}

bool isValidDate(std::string_view text) {
  return core::isCalendarDate(text);
}

bool isValidTime(std::string_view text) {
  return text.size() == 5 && allDigits(text.substr(0, 2)) && text[2] == ':' &&
         allDigits(text.substr(3, 2)) && toNumber(text.substr(0, 2)) <= 23 &&
         toNumber(text.substr(3, 2)) <= 59;
}

/// `HH:MM` when \p text is a recognisable time written another way (`7:05`, `07.05`,
/// `07:05:00`).
std::optional<std::string> normaliseTime(std::string_view text) {
  text = trim(text);
  auto separator = text.find_first_of(":.");
  if (separator == std::string_view::npos)
    return std::nullopt;
  auto hours = text.substr(0, separator);
  auto rest = text.substr(separator + 1);
  auto minutes = rest.substr(0, 2);
  rest.remove_prefix(minutes.size());
  if (!rest.empty() && !(rest.size() == 3 && rest[0] == ':' && allDigits(rest.substr(1))))
    return std::nullopt;
  if (!allDigits(hours) || hours.size() > 2 || minutes.size() != 2 || !allDigits(minutes))
    return std::nullopt;
  int hour = toNumber(hours), minute = toNumber(minutes);
  if (hour > 23 || minute > 59)
    return std::nullopt;
  return twoDigits(hour) + ":" + twoDigits(minute);
}

/// A non-negative integer close to \p text (`1.5` → `2`, `30 min` → `30`), for suggestions.
std::optional<std::string> integerNear(std::string_view text) {
  text = trim(text);
  size_t digits = 0;
  while (digits < text.size() && isDigit(text[digits]))
    ++digits;
  if (digits == 0)
    return std::nullopt;
  auto whole = std::string(text.substr(0, digits));
  if (digits + 1 < text.size() && text[digits] == '.' && isDigit(text[digits + 1]) &&
      text[digits + 1] >= '5' && whole.size() < 9)
    return std::to_string(std::stol(whole) + 1);
  return whole;
}

// ---- File names -------------------------------------------------------------------------

struct FileNameParts {
  enum class Shape { None, Preferred, Fallback };
  Shape shape = Shape::None;
  std::string date, track, module, topic;
};

/// Judges a base name by shape alone: `YYYY-MM-DD__A__B__C.md` or `YYYY-MM-DD-C.md`.
FileNameParts splitFileName(std::string_view baseName) {
  FileNameParts parts;
  if (baseName.size() < 3 || !equalsIgnoreCase(baseName.substr(baseName.size() - 3), ".md"))
    return parts;
  auto stem = baseName.substr(0, baseName.size() - 3);
  if (stem.size() < 11 || !hasDateShape(stem.substr(0, 10)))
    return parts;
  parts.date = std::string(stem.substr(0, 10));
  auto rest = stem.substr(10);
  if (rest.starts_with("__")) {
    rest.remove_prefix(2);
    auto first = rest.find("__");
    if (first == std::string_view::npos)
      return parts;
    auto second = rest.find("__", first + 2);
    if (second == std::string_view::npos)
      return parts;
    parts.track = std::string(rest.substr(0, first));
    parts.module = std::string(rest.substr(first + 2, second - first - 2));
    parts.topic = std::string(rest.substr(second + 2));
    if (!parts.track.empty() && !parts.module.empty() && !parts.topic.empty())
      parts.shape = FileNameParts::Shape::Preferred;
    return parts;
  }
  if (rest.size() > 1 && rest[0] == '-') {
    parts.topic = std::string(rest.substr(1));
    parts.shape = FileNameParts::Shape::Fallback;
  }
  return parts;
}

// ---- The checker ------------------------------------------------------------------------

class MetadataChecker {
public:
  MetadataChecker(const core::Document& document, const CheckContext& context,
                  const core::Schema& schema, std::vector<Diagnostic>& out)
      : document_(document), context_(context), schema_(schema), out_(out),
        metadata_(document.metadata) {}

  void run() {
    if (metadata_.placement == core::MetadataPlacement::None) {
      report(firstLineOfFile(), Severity::Error, "missing-metadata",
             startsWithRule()
                 ? "no metadata: the `---` on the first line is not followed by `key: value` "
                   "fields; put the fields after it and close them with `---`, or add a fenced "
                   "`yaml` block under the `YAML Metadata` section"
                 : "no metadata: add front matter (`---` on the first line) or a fenced `yaml` "
                   "block under the `YAML Metadata` section");
      return;
    }
    if (!metadata_.parsed) {
      // The yaml-syntax problem is already reported; only the file name's shape is judged.
      checkFileName();
      return;
    }
    checkEntries(metadata_.entries, schema_.fields, "");
    checkLevelRegression();
    checkSelfEvidence();
    checkEvidenceLinks();
    checkFileName();
  }

private:
  void report(ByteRange range, Severity severity, std::string_view diagnosticCode,
              std::string message, std::vector<std::string> suggestions = {}) {
    Diagnostic diagnostic;
    diagnostic.range = range;
    diagnostic.severity = severity;
    diagnostic.code = std::string(diagnosticCode);
    diagnostic.message = std::move(message);
    diagnostic.suggestions = std::move(suggestions);
    out_.push_back(std::move(diagnostic));
  }

  ByteRange firstLineOfFile() const { return {0, document_.lines().lineEnd(0)}; }

  /// Whether the first line (after a BOM) is `---`, which did not open front matter.
  bool startsWithRule() const {
    std::string_view first = document_.lines().lineText(0);
    if (document_.hasBom)
      first.remove_prefix(std::min<size_t>(3, first.size()));
    return trim(first) == "---";
  }

  const YamlNode::Entry* topLevel(std::string_view key) const { return metadata_.find(key); }

  // -- Presence, unknown keys, duplicates

  /// Checks the keys of one mapping (the metadata, a Mapping field, or a MappingList item)
  /// against \p specs. Missing required keys are reported at the block's first line (SPEC
  /// §3.1, nested keys too); \p missingWhere, when set, says which list item lacks them.
  void checkEntries(const std::vector<YamlNode::Entry>& entries,
                    const std::vector<FieldSpec>& specs, const std::string& prefix,
                    const std::string& missingWhere = {}) {
    // A mapping has a few dozen keys at most: a flat list beats a tree of copied strings.
    std::vector<std::string_view> seen;
    seen.reserve(entries.size());
    auto wasSeen = [&seen](std::string_view key) {
      return std::find(seen.begin(), seen.end(), key) != seen.end();
    };
    for (const auto& entry : entries) {
      std::string name = prefix + entry.key;
      if (wasSeen(entry.key)) {
        report(entry.keyRange, Severity::Warning, "unknown-field",
               "duplicate field " + code(name) + "; only the first is used");
        continue;
      }
      seen.push_back(entry.key);
      if (const FieldSpec* spec = core::findField(specs, entry.key))
        checkValue(*spec, entry, name);
      else
        reportUnknownKey(entry, specs, name);
    }
    for (const auto& spec : specs) {
      if (spec.optional || wasSeen(spec.name))
        continue;
      std::string insertion = spec.name + ":";
      if (!spec.templateValue.empty())
        insertion += " " + spec.templateValue;
      std::string expected = expectedForm(spec);
      if (!missingWhere.empty())
        expected = missingWhere + "; " + expected;
      // Suggestions: the line to insert, and the field's dotted path (for the quick fix).
      report(metadata_.firstLine, Severity::Error, "missing-field",
             "missing field " + code(prefix + spec.name) + " (" + expected + ")",
             {insertion, prefix + spec.name});
    }
  }

  void reportUnknownKey(const YamlNode::Entry& entry, const std::vector<FieldSpec>& specs,
                        const std::string& name) {
    const FieldSpec* closest = nullptr;
    size_t closestDistance = 3; // "did you mean" only within two edits
    std::string lowerKey = toLower(entry.key);
    for (const auto& spec : specs) {
      // The distance is at least the difference in length: skip names that cannot be closer.
      size_t lengthGap = spec.name.size() > lowerKey.size() ? spec.name.size() - lowerKey.size()
                                                            : lowerKey.size() - spec.name.size();
      if (lengthGap >= closestDistance)
        continue;
      size_t distance = editDistance(lowerKey, toLower(spec.name));
      if (distance < closestDistance) {
        closestDistance = distance;
        closest = &spec;
      }
    }
    if (closest) {
      report(entry.keyRange, Severity::Warning, "unknown-field",
             "unknown field " + code(name) + "; did you mean " + code(closest->name) + "?",
             {closest->name});
      return;
    }
    report(entry.keyRange, Severity::Warning, "unknown-field",
           "unknown field " + code(name) + "; the template's fields are " +
               listAll(namesOf(specs)));
  }

  // -- Values

  bool isPlaceholder(const YamlNode& node) const {
    if (node.kind != YamlNode::Kind::Scalar)
      return false;
    bool quoted =
        node.style == ScalarStyle::DoubleQuoted || node.style == ScalarStyle::SingleQuoted;
    for (std::string_view placeholder : schema_.placeholders) {
      if (placeholder == "\"\"" || placeholder == "''") {
        if (node.scalar.empty() && quoted)
          return true;
        continue;
      }
      // The template writes some placeholders quoted (`"HH:MM"`); compare the unquoted text.
      if (placeholder.size() > 2 && (placeholder.front() == '"' || placeholder.front() == '\'') &&
          placeholder.back() == placeholder.front())
        placeholder = placeholder.substr(1, placeholder.size() - 2);
      if (!placeholder.empty() && node.scalar == placeholder)
        return true;
    }
    return false;
  }

  void reportPlaceholder(const YamlNode& node, const FieldSpec& spec, const std::string& name,
                         bool listItem) {
    std::string shown = node.scalar.empty() ? std::string("\"\"") : node.scalar;
    std::string message = "placeholder " + code(shown) + " left from the template in " + code(name);
    if (listItem)
      message += "; replace it with a real entry or remove it";
    else if (spec.kind == FieldKind::String)
      message += "; replace it with your own text";
    else
      message += "; replace it with " + expectedForm(spec);
    report(node.range, Severity::Warning, "placeholder", std::move(message));
  }

  void reportWrongType(const YamlNode& node, const FieldSpec& spec, const std::string& name) {
    report(node.range, Severity::Error, "invalid-type",
           code(name) + " is " + describeNode(node) + "; expected " + expectedForm(spec));
  }

  void checkValue(const FieldSpec& spec, const YamlNode::Entry& entry, const std::string& name) {
    const YamlNode& node = entry.value;
    if (node.kind == YamlNode::Kind::Null) {
      checkEmptyValue(spec, entry, name);
      return;
    }
    if (isPlaceholder(node)) {
      reportPlaceholder(node, spec, name, false);
      return;
    }
    bool scalar = node.kind == YamlNode::Kind::Scalar;
    switch (spec.kind) {
    case FieldKind::String:
      if (!scalar)
        reportWrongType(node, spec, name);
      return;
    case FieldKind::Date:
      scalar ? checkDate(node, name) : reportWrongType(node, spec, name);
      return;
    case FieldKind::Time:
      scalar ? checkTime(node, name) : reportWrongType(node, spec, name);
      return;
    case FieldKind::Integer:
      scalar ? checkInteger(node, spec, name) : reportWrongType(node, spec, name);
      return;
    case FieldKind::ClosedEnum:
      scalar ? checkClosedEnum(node, spec, name) : reportWrongType(node, spec, name);
      return;
    case FieldKind::OpenEnum:
      scalar ? checkOpenEnum(node, spec) : reportWrongType(node, spec, name);
      return;
    case FieldKind::StringList:
      checkStringList(node, spec, name);
      return;
    case FieldKind::Mapping:
      if (node.kind == YamlNode::Kind::Mapping)
        checkEntries(node.entries, spec.children, name + ".");
      else
        reportWrongType(node, spec, name);
      return;
    case FieldKind::MappingList:
      checkMappingList(node, spec, name);
      return;
    }
  }

  /// `key:` with nothing after it. Optional fields may stay empty; an empty list is a list.
  void checkEmptyValue(const FieldSpec& spec, const YamlNode::Entry& entry,
                       const std::string& name) {
    if (spec.kind == FieldKind::Mapping) {
      checkEntries({}, spec.children, name + ".");
      return;
    }
    if (spec.optional || spec.kind == FieldKind::StringList || spec.kind == FieldKind::MappingList)
      return;
    std::string message = code(name) + " is empty; expected " + expectedForm(spec);
    switch (spec.kind) {
    case FieldKind::ClosedEnum:
      report(entry.keyRange, Severity::Error, "invalid-enum",
             code(name) + " is empty; allowed: " + listForMessage(spec.values), spec.values);
      return;
    case FieldKind::Date:
      report(entry.keyRange, Severity::Error, "invalid-date", std::move(message));
      return;
    case FieldKind::Time:
      report(entry.keyRange, Severity::Error, "invalid-time", std::move(message));
      return;
    case FieldKind::Integer:
      report(entry.keyRange, Severity::Error, "invalid-type", std::move(message));
      return;
    default: // String, OpenEnum: an empty value is unfinished template filler.
      report(entry.keyRange, Severity::Warning, "placeholder", std::move(message));
      return;
    }
  }

  void checkDate(const YamlNode& node, const std::string& name) {
    if (isValidDate(node.scalar))
      return;
    if (hasDateShape(node.scalar)) {
      report(node.range, Severity::Error, "invalid-date",
             code(node.scalar) + " in " + code(name) + " is not a real calendar date");
      return;
    }
    auto normalised = normaliseDate(node.scalar);
    std::string message = code(node.scalar) + " in " + code(name) + " is not a date `YYYY-MM-DD`";
    if (normalised) {
      report(node.range, Severity::Error, "invalid-date",
             message + "; did you mean " + code(*normalised) + "?", {*normalised});
      return;
    }
    report(node.range, Severity::Error, "invalid-date", std::move(message));
  }

  void checkTime(const YamlNode& node, const std::string& name) {
    if (isValidTime(node.scalar))
      return;
    std::string message =
        code(node.scalar) + " in " + code(name) + " is not a 24-hour time `HH:MM` (00:00–23:59)";
    if (auto normalised = normaliseTime(node.scalar)) {
      report(node.range, Severity::Error, "invalid-time",
             message + "; did you mean " + code(*normalised) + "?", {*normalised});
      return;
    }
    report(node.range, Severity::Error, "invalid-time", std::move(message));
  }

  void checkInteger(const YamlNode& node, const FieldSpec& spec, const std::string& name) {
    // Quoting is forgiven: `"30"` still says thirty minutes.
    if (allDigits(node.scalar))
      return;
    std::vector<std::string> suggestions;
    if (auto near = integerNear(node.scalar))
      suggestions.push_back(*near);
    std::string message = code(node.scalar) + " in " + code(name) + " is not " + expectedForm(spec);
    if (!suggestions.empty())
      message += "; did you mean " + code(suggestions.front()) + "?";
    report(node.range, Severity::Error, "invalid-type", std::move(message), std::move(suggestions));
  }

  void checkClosedEnum(const YamlNode& node, const FieldSpec& spec, const std::string& name) {
    if (std::find(spec.values.begin(), spec.values.end(), node.scalar) != spec.values.end())
      return;
    auto closest = closestValue(node.scalar, spec.values, spec.ordered);
    std::vector<std::string> suggestions;
    if (closest)
      suggestions.push_back(*closest);
    for (const auto& value : spec.values)
      if (!closest || value != *closest)
        suggestions.push_back(value);
    std::string message = code(node.scalar) + " is not a valid " + code(name);
    if (closest && equalsIgnoreCase(*closest, node.scalar))
      message += " (values are case-sensitive)";
    message += "; allowed: " + listForMessage(spec.values);
    if (closest)
      message += "; closest: " + code(*closest);
    report(node.range, Severity::Error, "invalid-enum", std::move(message), std::move(suggestions));
  }

  void checkOpenEnum(const YamlNode& node, const FieldSpec& spec) {
    // A known module (the common case) needs no list: known holds the non-empty values.
    if (!node.scalar.empty())
      for (const auto* source : {&spec.values, &context_.knownModules})
        if (std::find(source->begin(), source->end(), node.scalar) != source->end())
          return;
    std::vector<std::string> known;
    for (const auto* source : {&spec.values, &context_.knownModules})
      for (const auto& value : *source)
        if (!value.empty() && std::find(known.begin(), known.end(), value) == known.end())
          known.push_back(value);
    if (std::find(known.begin(), known.end(), node.scalar) != known.end())
      return;
    std::string lowerValue = toLower(node.scalar);
    const std::string* nearest = nullptr;
    size_t nearestDistance = 2; // a warning only within one edit (SPEC §3.1)
    for (const auto& candidate : known) {
      // The distance is at least the difference in length: too far without computing it.
      if (candidate.size() > lowerValue.size() + 1 || lowerValue.size() > candidate.size() + 1)
        continue;
      size_t distance = editDistance(lowerValue, toLower(candidate));
      if (distance < nearestDistance) {
        nearestDistance = distance;
        nearest = &candidate;
      }
    }
    if (nearest) {
      report(node.range, Severity::Warning, "unknown-module",
             code(node.scalar) + " is not a known module; did you mean " + code(*nearest) + "?",
             {*nearest});
      return;
    }
    std::vector<std::string> suggestions;
    if (auto closest = closestValue(node.scalar, known, false))
      suggestions.push_back(*closest);
    report(node.range, Severity::Hint, "unknown-module",
           "new module " + code(node.scalar) + " (known: " + shortList(known) + ")",
           std::move(suggestions));
  }

  static std::string shortList(const std::vector<std::string>& values) {
    constexpr size_t kShown = 6;
    if (values.empty())
      return "none yet";
    std::string text;
    for (size_t i = 0; i < values.size() && i < kShown; ++i)
      text += (i > 0 ? ", " : "") + code(values[i]);
    if (values.size() > kShown)
      text += " and " + std::to_string(values.size() - kShown) + " more";
    return text;
  }

  void checkStringList(const YamlNode& node, const FieldSpec& spec, const std::string& name) {
    if (node.kind != YamlNode::Kind::Sequence) {
      std::vector<std::string> suggestions;
      if (node.kind == YamlNode::Kind::Scalar)
        suggestions.push_back("[" + node.scalar + "]");
      report(node.range, Severity::Error, "invalid-type",
             code(name) + " is " + describeNode(node) + "; expected " + expectedForm(spec),
             std::move(suggestions));
      return;
    }
    for (const auto& item : node.items) {
      if (item.kind == YamlNode::Kind::Null)
        continue;
      if (item.kind != YamlNode::Kind::Scalar)
        report(item.range, Severity::Error, "invalid-type",
               "an item of " + code(name) + " is " + describeNode(item) +
                   "; expected a plain string");
      else if (isPlaceholder(item))
        reportPlaceholder(item, spec, name, true);
    }
  }

  void checkMappingList(const YamlNode& node, const FieldSpec& spec, const std::string& name) {
    if (node.kind != YamlNode::Kind::Sequence) {
      reportWrongType(node, spec, name);
      return;
    }
    for (size_t index = 0; index < node.items.size(); ++index) {
      const YamlNode& item = node.items[index];
      // Items are numbered from 1 in messages (`refs[1].link`), as a reader counts them. An
      // item key the template does not mark `# optional` is required, as at the top level.
      std::string number = std::to_string(index + 1);
      if (item.kind == YamlNode::Kind::Mapping)
        checkEntries(item.entries, spec.children, name + "[" + number + "].",
                     "item " + number + " of " + code(name));
      else if (isPlaceholder(item))
        reportPlaceholder(item, spec, name, true);
      else if (item.kind != YamlNode::Kind::Null)
        report(item.range, Severity::Error, "invalid-type",
               "an item of " + code(name) + " is " + describeNode(item) +
                   "; expected a mapping with " + listAll(namesOf(spec.children)));
    }
  }

  // -- Rules across fields

  void checkLevelRegression() {
    const FieldSpec* before = schema_.field("level_before");
    const FieldSpec* after = schema_.field("level_after");
    if (!before || !after || before->kind != FieldKind::ClosedEnum ||
        after->kind != FieldKind::ClosedEnum || !before->ordered || !after->ordered)
      return;
    const auto* beforeEntry = topLevel(before->name);
    const auto* afterEntry = topLevel(after->name);
    if (!beforeEntry || !afterEntry || beforeEntry->value.kind != YamlNode::Kind::Scalar ||
        afterEntry->value.kind != YamlNode::Kind::Scalar)
      return;
    auto rank = [](const FieldSpec& spec, const std::string& value) -> std::optional<size_t> {
      auto found = std::find(spec.values.begin(), spec.values.end(), value);
      if (found == spec.values.end())
        return std::nullopt;
      return static_cast<size_t>(found - spec.values.begin());
    };
    auto beforeRank = rank(*before, beforeEntry->value.scalar);
    auto afterRank = rank(*after, afterEntry->value.scalar);
    if (!beforeRank || !afterRank || *afterRank >= *beforeRank)
      return;
    report(afterEntry->value.range, Severity::Information, "level-regression",
           code(after->name) + " " + code(afterEntry->value.scalar) + " is below " +
               code(before->name) + " " + code(beforeEntry->value.scalar) +
               "; keep it if you really lost ground, else raise it to at least " +
               code(beforeEntry->value.scalar),
           {beforeEntry->value.scalar});
  }

  /// The file's own workspace path, normalised; empty when the buffer is not in the workspace.
  std::string selfPath() const {
    bool escaped = false;
    return normaliseWorkspacePath(context_.workspacePath, escaped);
  }

  /// Whether \p target, written in this file, names this file.
  bool namesSelf(std::string_view target) const {
    std::string self = selfPath();
    auto path = withoutAnchor(target);
    if (self.empty() || path.empty())
      return false;
    bool escaped = false;
    if (path.starts_with('/'))
      return normaliseWorkspacePath(path.substr(1), escaped) == self && !escaped;
    auto slash = self.rfind('/');
    std::string folder = slash == std::string::npos ? "" : self.substr(0, slash + 1);
    if (normaliseWorkspacePath(folder + std::string(path), escaped) == self && !escaped)
      return true;
    return normaliseWorkspacePath(path, escaped) == self && !escaped;
  }

  void checkSelfEvidence() {
    if (context_.workspacePath.empty())
      return;
    const auto* targets = topLevel("evidence_targets");
    if (!targets)
      return; // missing-field covers it
    const YamlNode& mapping = targets->value;
    if (mapping.kind != YamlNode::Kind::Mapping && mapping.kind != YamlNode::Kind::Null)
      return; // invalid-type covers it
    const auto* sessions = findEntry(mapping.entries, "sessions");
    const FieldSpec* targetsSpec = schema_.field("evidence_targets");
    const FieldSpec* sessionsSpec =
        targetsSpec ? core::findField(targetsSpec->children, "sessions") : nullptr;
    if (!sessions && sessionsSpec && !sessionsSpec->optional)
      return; // missing-field covers it
    ByteRange range = sessions ? sessions->keyRange : targets->keyRange;
    if (sessions) {
      const YamlNode& list = sessions->value;
      if (list.kind != YamlNode::Kind::Sequence && list.kind != YamlNode::Kind::Null)
        return; // invalid-type covers it
      for (const auto& item : list.items)
        if (item.kind == YamlNode::Kind::Scalar && namesSelf(item.scalar))
          return;
    }
    std::string ownPath = "/" + selfPath();
    report(range, Severity::Warning, "missing-self-evidence",
           "`evidence_targets.sessions` does not list this file; add " + code(ownPath) +
               " (keep this file path after saving)",
           {ownPath});
  }

  void checkEvidencePath(const YamlNode& item) {
    if (item.kind != YamlNode::Kind::Scalar || isPlaceholder(item) || !looksLikePath(item.scalar))
      return;
    if (namesSelf(item.scalar))
      return; // this very file: it exists once saved
    auto resolved = resolveEvidencePath(selfPath(), item.scalar, context_.exists);
    if (resolved.outsideWorkspace) {
      report(item.range, Severity::Warning, "broken-link",
             code(item.scalar) + " points outside the workspace; evidence must be a file or "
                                 "folder inside it");
      return;
    }
    if (resolved.exists)
      return;
    // resolveEvidencePath names the folder-relative candidate; a path whose first folder
    // exists at the root (`tracks/…`) clearly means the root one, the file a fix would create.
    std::vector<std::string> tried{resolved.workspacePath};
    std::string intended = resolved.workspacePath;
    auto path = withoutAnchor(item.scalar);
    bool escaped = false;
    std::string fromRoot = path.starts_with('/') ? "" : normaliseWorkspacePath(path, escaped);
    if (!fromRoot.empty() && !escaped && fromRoot != resolved.workspacePath) {
      tried.push_back(fromRoot);
      auto slash = fromRoot.find('/');
      if (slash != std::string::npos && context_.exists(fromRoot.substr(0, slash)))
        intended = fromRoot;
    }
    report(item.range, Severity::Warning, "broken-link",
           code(item.scalar) + " does not resolve to a file or folder in the workspace (tried " +
               listAll(tried) + ")",
           {intended});
  }

  void checkEvidenceLinks() {
    if (!context_.exists)
      return;
    for (const YamlNode* item : metadataEvidenceItems(document_, schema_))
      checkEvidencePath(*item);
  }

  /// The metadata value of \p key as written, when it is a non-empty scalar.
  std::optional<std::string> scalarValue(std::string_view key) const {
    const auto* entry = topLevel(key);
    if (!entry || entry->value.kind != YamlNode::Kind::Scalar || entry->value.scalar.empty() ||
        isPlaceholder(entry->value))
      return std::nullopt;
    return entry->value.scalar;
  }

  /// `YYYY-MM-DD__track__module__topic.md` from the metadata, when it has all four parts.
  std::optional<std::string> preferredFileName() const {
    auto date = scalarValue("date");
    auto track = scalarValue("track");
    auto module = scalarValue("module");
    auto topic = scalarValue("topic");
    if (!date || !track || !module || !topic)
      return std::nullopt;
    std::string day = isValidDate(*date) ? *date : normaliseDate(*date).value_or("");
    std::string slug = fileNameSlug(*topic); // Korean topics keep their words
    if (day.empty() || slug.empty())
      return std::nullopt;
    return day + "__" + *track + "__" + *module + "__" + slug + ".md";
  }

  void checkFileName() {
    if (context_.workspacePath.empty())
      return;
    std::string_view path = context_.workspacePath;
    auto baseName = path.substr(path.rfind('/') == path.npos ? 0 : path.rfind('/') + 1);
    auto parts = splitFileName(baseName);
    if (parts.shape == FileNameParts::Shape::None) {
      std::string message = "file name " + code(baseName) +
                            " is neither `YYYY-MM-DD__track__module__topic.md` (preferred) nor "
                            "`YYYY-MM-DD-topic.md`";
      std::vector<std::string> suggestions;
      if (metadata_.parsed) {
        if (auto preferred = preferredFileName()) {
          message += "; e.g. " + code(*preferred);
          suggestions.push_back(*preferred);
        }
      }
      report(firstLineOfFile(), Severity::Hint, "filename-convention", std::move(message),
             std::move(suggestions));
      return;
    }
    if (!metadata_.parsed)
      return;
    std::vector<std::string> differences;
    FileNameParts corrected = parts;
    auto compare = [&](std::string_view key, std::string& namePart) {
      auto value = scalarValue(key);
      if (!value || *value == namePart)
        return;
      differences.push_back(std::string(key) + " " + code(namePart) +
                            " (metadata: " + code(*value) + ")");
      namePart = *value;
    };
    compare("date", corrected.date);
    if (parts.shape == FileNameParts::Shape::Preferred) {
      compare("track", corrected.track);
      compare("module", corrected.module);
    }
    if (differences.empty())
      return;
    std::string message = "file name " + code(baseName) + " disagrees with the metadata: ";
    for (size_t i = 0; i < differences.size(); ++i)
      message += (i > 0 ? ", " : "") + differences[i];
    // Renaming only helps when the metadata's parts make a sound name; an invalid date is
    // fixed in the metadata instead (invalid-date has that fix).
    auto safe = [](const std::string& part) {
      return !part.empty() && part.find_first_of("/\\ \t") == std::string::npos;
    };
    bool preferred = parts.shape == FileNameParts::Shape::Preferred;
    if (!isValidDate(corrected.date) ||
        (preferred && (!safe(corrected.track) || !safe(corrected.module)))) {
      report(firstLineOfFile(), Severity::Warning, "filename-mismatch", std::move(message));
      return;
    }
    std::string renamed = preferred ? corrected.date + "__" + corrected.track + "__" +
                                          corrected.module + "__" + corrected.topic + ".md"
                                    : corrected.date + "-" + corrected.topic + ".md";
    report(firstLineOfFile(), Severity::Warning, "filename-mismatch",
           message + "; rename it to " + code(renamed), {renamed});
  }

  const core::Document& document_;
  const CheckContext& context_;
  const core::Schema& schema_;
  std::vector<Diagnostic>& out_;
  const core::Metadata& metadata_;
};

} // namespace

void checkMetadata(const core::Document& document, const CheckContext& context,
                   std::vector<core::Diagnostic>& out) {
  std::shared_ptr<const core::Schema> fallback;
  const core::Schema* schema = context.schema;
  if (!schema) {
    fallback = core::builtinSchema();
    schema = fallback.get();
  }
  MetadataChecker(document, context, *schema, out).run();
}

} // namespace session::features
