// Reuse of an unchanged markdown body between two parses of one file (see IncrementalParse.h).
// Typing in the front matter (`level_after`, `tags`) is the common edit the editor re-checks
// on every keystroke; md4c and the body model are most of a parse, the YAML a small part.
#include "server/core/IncrementalParse.h"

#include <cstdint>

namespace session::core::detail {
namespace {

bool isLineStart(const LineIndex& lines, uint32_t offset) {
  return lines.lineStart(lines.lineOf(offset)) == offset;
}

/// Moves offsets and line numbers by a fixed amount (the change in the body's start).
struct Shift {
  int64_t offsets = 0;
  int64_t lines = 0;

  uint32_t offset(uint32_t value) const { return static_cast<uint32_t>(value + offsets); }
  uint32_t line(uint32_t value) const { return static_cast<uint32_t>(value + lines); }
  void apply(ByteRange& range) const {
    range.begin = offset(range.begin);
    range.end = offset(range.end);
  }
  void apply(Heading& heading) const {
    apply(heading.lineRange);
    apply(heading.textRange);
    heading.line = line(heading.line);
  }
  void apply(Section& section) const {
    apply(section.heading);
    apply(section.range);
    apply(section.bodyRange);
    for (uint32_t& counted : section.countedLines)
      counted = line(counted);
    for (ByteRange& item : section.topLevelItems)
      apply(item);
    for (Section& subsection : section.subsections)
      apply(subsection);
  }
  void apply(LabelledBullet& bullet) const {
    apply(bullet.labelRange);
    apply(bullet.valueRange);
    apply(bullet.lineRange);
  }
  void apply(TableCell& cell) const {
    apply(cell.range);
    apply(cell.span);
  }
  void apply(Table& table) const {
    for (TableCell& cell : table.header)
      apply(cell);
    for (auto& row : table.rows)
      for (TableCell& cell : row)
        apply(cell);
    apply(table.range);
  }
  void apply(HtmlComment& comment) const { apply(comment.range); }
  void apply(InlineReference& reference) const { apply(reference.range); }

  template <typename T> void applyAll(std::vector<T>& values) const {
    for (T& value : values)
      apply(value);
  }
};

} // namespace

bool canReuseBody(const Document& document, const Document& previous) {
  if (document.metadata.placement != MetadataPlacement::FrontMatter ||
      previous.metadata.placement != MetadataPlacement::FrontMatter)
    return false;
  std::string_view text = document.text();
  std::string_view previousText = previous.text();
  uint32_t bodyStart = document.bodyStart;
  uint32_t previousBodyStart = previous.bodyStart;
  if (bodyStart >= text.size() || previousBodyStart >= previousText.size() ||
      text.substr(bodyStart) != previousText.substr(previousBodyStart))
    return false;
  return isLineStart(document.lines(), bodyStart) &&
         isLineStart(previous.lines(), previousBodyStart);
}

bool reuseBody(Document& document, const Document& previous) {
  if (!canReuseBody(document, previous))
    return false;
  uint32_t bodyStart = document.bodyStart;
  uint32_t previousBodyStart = previous.bodyStart;
  Shift shift;
  shift.offsets = int64_t{bodyStart} - int64_t{previousBodyStart};
  shift.lines = int64_t{document.lines().lineOf(bodyStart)} -
                int64_t{previous.lines().lineOf(previousBodyStart)};
  document.headings = previous.headings;
  document.sections = previous.sections;
  document.bullets = previous.bullets;
  document.tables = previous.tables;
  document.comments = previous.comments;
  document.references = previous.references;
  if (shift.offsets != 0 || shift.lines != 0) {
    shift.applyAll(document.headings);
    shift.applyAll(document.sections);
    shift.applyAll(document.bullets);
    shift.applyAll(document.tables);
    shift.applyAll(document.comments);
    shift.applyAll(document.references);
  }
  return true;
}

} // namespace session::core::detail
