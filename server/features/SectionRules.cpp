#include "server/features/SectionRules.h"

#include "server/features/TextMatch.h"

#include <algorithm>
#include <optional>
#include <string>

namespace session::features {

using core::ByteRange;
using core::Diagnostic;
using core::Document;
using core::Schema;
using core::Section;
using core::SectionSpec;
using core::Severity;

namespace {

bool isAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isAsciiAlnum(char c) {
  return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// A spec that stands for the repeatable question block. The schema collapses `Q2` into `Q1`,
/// but a user template may not mark it repeatable: any `Q<n>` spec belongs to the block.
bool isQuestionSpec(const SectionSpec& spec) {
  return spec.repeatable || isQuestionHeading(spec.headingText);
}

size_t firstQuestionSpec(const SectionSpec& parent) {
  for (size_t i = 0; i < parent.subsections.size(); ++i)
    if (isQuestionSpec(parent.subsections[i]))
      return i;
  return parent.subsections.size();
}

/// The metadata section of the template (`## YAML Metadata (Required)`): not required when the
/// session has real front matter.
bool isMetadataSection(const SectionSpec& spec) {
  return toLower(spec.key).find("metadata") != std::string::npos;
}

/// The first line of the file, after a BOM.
ByteRange firstLine(const Document& document) {
  uint32_t begin = document.text().starts_with("\xEF\xBB\xBF") ? 3 : 0;
  uint32_t end = document.lines().lineEnd(0);
  return {std::min(begin, end), end};
}

/// The end of the section's last counted line: its body without trailing blank lines, `---`
/// rules and comments.
uint32_t contentEnd(const Document& document, const Section& section) {
  if (section.countedLines.empty())
    return section.bodyRange.begin;
  uint32_t lastLine = *std::max_element(section.countedLines.begin(), section.countedLines.end());
  return std::max(section.bodyRange.begin, document.lines().lineEnd(lastLine));
}

/// The start of a line's text, after its indentation.
uint32_t lineTextStart(const Document& document, uint32_t line) {
  std::string_view text = document.lines().lineText(line);
  size_t indent = text.find_first_not_of(" \t");
  return document.lines().lineStart(line) +
         static_cast<uint32_t>(indent == std::string_view::npos ? 0 : indent);
}

Diagnostic makeDiagnostic(ByteRange range, Severity severity, std::string code,
                          std::string message) {
  Diagnostic diagnostic;
  diagnostic.range = range;
  diagnostic.severity = severity;
  diagnostic.code = std::move(code);
  diagnostic.message = std::move(message);
  return diagnostic;
}

std::string quoted(std::string_view text) {
  return "`" + std::string(text) + "`";
}

void checkLimits(const Document& document, const Section& section, const SectionSpec& spec,
                 std::vector<Diagnostic>& out) {
  uint32_t end = contentEnd(document, section);
  if (spec.maxLines && section.countedLines.size() > *spec.maxLines) {
    uint32_t begin = lineTextStart(document, section.countedLines[*spec.maxLines]);
    out.push_back(
        makeDiagnostic({begin, std::max(begin, end)}, Severity::Warning, "section-too-long",
                       "section " + quoted(section.heading.text) + " has " +
                           std::to_string(section.countedLines.size()) +
                           " lines; the template allows at most " + std::to_string(*spec.maxLines) +
                           " (blank lines, `---` rules and comments do not count)"));
  }
  if (spec.maxItems && section.topLevelItems.size() > *spec.maxItems) {
    uint32_t begin = section.topLevelItems[*spec.maxItems].begin;
    uint32_t itemsEnd = std::max(end, section.topLevelItems.back().end);
    out.push_back(makeDiagnostic(
        {begin, std::max(begin, itemsEnd)}, Severity::Warning, "too-many-items",
        "section " + quoted(section.heading.text) + " has " +
            std::to_string(section.topLevelItems.size()) + " items; the template allows at most " +
            std::to_string(*spec.maxItems) + " (nested items do not count)"));
  }
}

/// Subsection rules of the first copy of a known section: duplicates, order, missing ones.
void checkSubsections(const Section& section, const SectionSpec& spec,
                      std::vector<Diagnostic>& out) {
  size_t questionIndex = firstQuestionSpec(spec);
  std::vector<const Section*> present(spec.subsections.size(), nullptr);
  std::optional<size_t> latestIndex;
  const Section* latest = nullptr;
  for (const Section& subsection : section.subsections) {
    const SectionSpec* subsectionSpec = matchSubsection(spec, subsection);
    if (!subsectionSpec)
      continue;
    size_t index = static_cast<size_t>(subsectionSpec - spec.subsections.data());
    bool repeatable = index == questionIndex || subsectionSpec->repeatable;
    if (present[index] && !repeatable) {
      out.push_back(makeDiagnostic(
          subsection.heading.lineRange, Severity::Warning, "duplicate-section",
          "duplicate subsection " + quoted(subsection.heading.text) +
              ": it already stands at line " + std::to_string(present[index]->heading.line + 1)));
      continue;
    }
    if (!present[index])
      present[index] = &subsection;
    if (latestIndex && index < *latestIndex) {
      out.push_back(makeDiagnostic(subsection.heading.lineRange, Severity::Warning, "section-order",
                                   "subsection " + quoted(subsection.heading.text) +
                                       " should come before " + quoted(latest->heading.text) +
                                       " (template order)"));
      continue;
    }
    latestIndex = index;
    latest = &subsection;
  }
  for (size_t index = 0; index < spec.subsections.size(); ++index) {
    const SectionSpec& subsectionSpec = spec.subsections[index];
    if (present[index] || subsectionSpec.optional)
      continue;
    bool question = isQuestionSpec(subsectionSpec);
    if (question && index != questionIndex)
      continue; // the block is required once, through its first spec
    if (question && questionIndex < present.size() && present[questionIndex])
      continue;
    Diagnostic diagnostic = makeDiagnostic(
        section.heading.lineRange, subsectionSpec.mandatory ? Severity::Error : Severity::Warning,
        "missing-section",
        question ? "missing a question block in " + quoted(section.heading.text) +
                       ": add at least one `### " + subsectionSpec.headingText + "`"
                 : "missing subsection " + quoted(subsectionSpec.headingText) + " in " +
                       quoted(section.heading.text));
    diagnostic.suggestions.push_back(subsectionSpec.headingText);
    out.push_back(std::move(diagnostic));
  }
}

} // namespace

bool isQuestionHeading(std::string_view headingText) {
  headingText = trim(headingText);
  if (headingText.size() < 2 || (headingText[0] != 'Q' && headingText[0] != 'q') ||
      !isAsciiDigit(headingText[1]))
    return false;
  size_t end = 1;
  while (end < headingText.size() && isAsciiDigit(headingText[end]))
    ++end;
  return end == headingText.size() || !isAsciiAlnum(headingText[end]);
}

const SectionSpec* matchSection(const Schema& schema, const Section& section) {
  for (const SectionSpec& spec : schema.sections)
    if (spec.key == section.key)
      return &spec;
  return nullptr;
}

const SectionSpec* matchSubsection(const SectionSpec& parent, const Section& subsection) {
  if (isQuestionHeading(subsection.heading.text)) {
    size_t index = firstQuestionSpec(parent);
    return index < parent.subsections.size() ? &parent.subsections[index] : nullptr;
  }
  for (const SectionSpec& spec : parent.subsections)
    if (spec.key == subsection.key)
      return &spec;
  return nullptr;
}

SectionPlace locateSection(const Document& document, const Schema& schema, uint32_t offset) {
  SectionPlace place;
  for (const Section& section : document.sections) {
    if (!section.range.contains(offset))
      continue;
    place.section = &section;
    place.sectionSpec = matchSection(schema, section);
    for (const Section& subsection : section.subsections) {
      if (!subsection.range.contains(offset))
        continue;
      place.subsection = &subsection;
      if (place.sectionSpec)
        place.subsectionSpec = matchSubsection(*place.sectionSpec, subsection);
    }
    break;
  }
  return place;
}

std::vector<PresentSection> firstCopies(const Document& document, const Schema& schema) {
  std::vector<PresentSection> present;
  for (const Section& section : document.sections) {
    const SectionSpec* spec = matchSection(schema, section);
    if (!spec)
      continue;
    bool seen = std::any_of(present.begin(), present.end(),
                            [&](const PresentSection& earlier) { return earlier.spec == spec; });
    if (!seen)
      present.push_back({&section, spec});
  }
  return present;
}

void checkSectionStructure(const Document& document, const Schema& schema,
                           std::vector<Diagnostic>& out) {
  std::vector<const Section*> present(schema.sections.size(), nullptr);
  std::optional<size_t> latestIndex;
  const Section* latest = nullptr;
  for (const Section& section : document.sections) {
    const SectionSpec* spec = matchSection(schema, section);
    if (!spec)
      continue; // unknown sections take no part in order or duplicates
    checkLimits(document, section, *spec, out);
    for (const Section& subsection : section.subsections)
      if (const SectionSpec* subsectionSpec = matchSubsection(*spec, subsection))
        checkLimits(document, subsection, *subsectionSpec, out);

    size_t index = static_cast<size_t>(spec - schema.sections.data());
    if (present[index]) {
      out.push_back(makeDiagnostic(
          section.heading.lineRange, Severity::Warning, "duplicate-section",
          "duplicate section " + quoted(section.heading.text) + ": it already stands at line " +
              std::to_string(present[index]->heading.line + 1)));
      continue;
    }
    present[index] = &section;
    checkSubsections(section, *spec, out);
    if (latestIndex && index < *latestIndex) {
      out.push_back(makeDiagnostic(section.heading.lineRange, Severity::Warning, "section-order",
                                   "section " + quoted(section.heading.text) +
                                       " should come before " + quoted(latest->heading.text) +
                                       " (template order)"));
      continue;
    }
    latestIndex = index;
    latest = &section;
  }

  bool frontMatter = document.metadata.placement == core::MetadataPlacement::FrontMatter;
  for (size_t index = 0; index < schema.sections.size(); ++index) {
    const SectionSpec& spec = schema.sections[index];
    if (present[index] || spec.optional || (frontMatter && isMetadataSection(spec)))
      continue;
    // It belongs after the nearest present section that precedes it in the template.
    ByteRange range = firstLine(document);
    for (size_t before = index; before-- > 0;) {
      if (present[before]) {
        range = present[before]->heading.lineRange;
        break;
      }
    }
    Diagnostic diagnostic =
        makeDiagnostic(range, spec.mandatory ? Severity::Error : Severity::Warning,
                       "missing-section", "missing section " + quoted(spec.headingText));
    diagnostic.suggestions.push_back(spec.headingText);
    out.push_back(std::move(diagnostic));
  }
}

} // namespace session::features
