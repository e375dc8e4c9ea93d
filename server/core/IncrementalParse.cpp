// The body of an edited file from its previous parse (see IncrementalParse.h). Typing re-checks
// the file on every keystroke, and md4c with the body model is most of a parse: parsing only
// the `##` section that changed makes a keystroke's parse a fraction of the whole.
#include "server/core/IncrementalParse.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace session::core::detail {
namespace {

bool isLineStart(const LineIndex& lines, uint32_t offset) {
  return lines.lineStart(lines.lineOf(offset)) == offset;
}

/// Moves offsets and line numbers by a fixed amount.
struct Shift {
  int64_t offsets = 0;
  int64_t lines = 0;

  bool none() const { return offsets == 0 && lines == 0; }
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
  void apply(FencedCode& code) const {
    code.openLine = line(code.openLine);
    if (code.closeLine)
      code.closeLine = line(*code.closeLine);
  }
  void apply(ListItem& item) const { apply(item.range); }
};

// Where each kind of block starts, to split a sequence at the edited section.
uint32_t startOf(const Heading& heading) {
  return heading.lineRange.begin;
}
uint32_t startOf(const LabelledBullet& bullet) {
  return bullet.lineRange.begin;
}
uint32_t startOf(const Table& table) {
  return table.range.begin;
}
uint32_t startOf(const HtmlComment& comment) {
  return comment.range.begin;
}
uint32_t startOf(const InlineReference& reference) {
  return reference.range.begin;
}
uint32_t startOf(const ListItem& item) {
  return item.range.begin;
}

/// previous[, before) + part + previous[from the first at or after `after`, shifted).
/// \p keyOf gives the position the split is made at (an offset, or a line for fenced code).
template <typename T, typename Key>
std::vector<T> splice(const std::vector<T>& previous, std::vector<T> part, uint32_t before,
                      uint32_t after, const Shift& shift, Key keyOf) {
  auto firstInside = std::partition_point(previous.begin(), previous.end(),
                                          [&](const T& value) { return keyOf(value) < before; });
  auto firstAfter = std::partition_point(firstInside, previous.end(),
                                         [&](const T& value) { return keyOf(value) < after; });
  std::vector<T> result;
  result.reserve(static_cast<size_t>(firstInside - previous.begin()) + part.size() +
                 static_cast<size_t>(previous.end() - firstAfter));
  result.insert(result.end(), previous.begin(), firstInside);
  std::move(part.begin(), part.end(), std::back_inserter(result));
  for (auto it = firstAfter; it != previous.end(); ++it) {
    result.push_back(*it);
    shift.apply(result.back());
  }
  return result;
}

/// A link reference definition (`[label]: destination`) is global to the document, so parts
/// of a body that holds one cannot be parsed alone. Any `]:` is treated as one.
bool mayDefineLinkReferences(std::string_view text) {
  return text.find("]:") != std::string_view::npos;
}

/// The whole previous body, shifted: for an edit that left the body's bytes alone.
MarkdownBody shiftedBody(const Document& previous, const Shift& shift) {
  MarkdownBody body;
  body.headings = previous.headings;
  body.headingInContainer = previous.bodyLayout->headingInContainer;
  body.fencedCode = previous.bodyLayout->fencedCode;
  body.items = previous.bodyLayout->items;
  body.bullets = previous.bullets;
  body.tables = previous.tables;
  body.comments = previous.comments;
  body.references = previous.references;
  if (!shift.none()) {
    auto applyAll = [&](auto& values) {
      for (auto& value : values)
        shift.apply(value);
    };
    applyAll(body.headings);
    applyAll(body.fencedCode);
    applyAll(body.items);
    applyAll(body.bullets);
    applyAll(body.tables);
    applyAll(body.comments);
    applyAll(body.references);
  }
  return body;
}

/// Some comment or reference starts before \p boundary and ends after it.
template <typename T> bool crossesBoundary(const std::vector<T>& values, uint32_t boundary) {
  return std::any_of(values.begin(), values.end(), [&](const T& value) {
    return value.range.begin < boundary && value.range.end > boundary;
  });
}

/// The part's values from \p partEnd on equal previous's values in [after, afterLineEnd),
/// shifted.
template <typename T>
bool sameTail(const std::vector<T>& part, const std::vector<T>& previous, uint32_t partEnd,
              uint32_t after, uint32_t afterLineEnd, const Shift& shift) {
  auto partTail = std::partition_point(part.begin(), part.end(),
                                       [&](const T& value) { return startOf(value) < partEnd; });
  auto oldTail = std::partition_point(previous.begin(), previous.end(),
                                      [&](const T& value) { return startOf(value) < after; });
  for (; partTail != part.end(); ++partTail, ++oldTail) {
    if (oldTail == previous.end() || startOf(*oldTail) >= afterLineEnd)
      return false;
    T shifted = *oldTail;
    shift.apply(shifted);
    if (!(shifted == *partTail))
      return false;
  }
  return oldTail == previous.end() || startOf(*oldTail) >= afterLineEnd;
}

// Blocks of bytes compared with memcmp (vectorised), then the differing block byte by byte: a
// keystroke's diff reads the whole text twice, and a byte loop was a tenth of its parse.
constexpr size_t kCompareBlock = 64;

size_t commonPrefix(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  size_t at = 0;
  while (at + kCompareBlock <= common &&
         std::memcmp(a.data() + at, b.data() + at, kCompareBlock) == 0)
    at += kCompareBlock;
  while (at < common && a[at] == b[at])
    ++at;
  return at;
}

size_t commonSuffix(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  size_t length = 0;
  while (length + kCompareBlock <= common &&
         std::memcmp(a.data() + a.size() - length - kCompareBlock,
                     b.data() + b.size() - length - kCompareBlock, kCompareBlock) == 0)
    length += kCompareBlock;
  while (length < common && a[a.size() - 1 - length] == b[b.size() - 1 - length])
    ++length;
  return length;
}

/// The line starting at \p lineStart is an ATX heading's (`## Title`, not a setext heading's
/// first line such as `#B`, which joins the text above it).
bool startsAtxHeadingLine(std::string_view text, const LineIndex& lines, uint32_t lineStart) {
  if (lineStart >= text.size())
    return false;
  uint32_t line = lines.lineOf(lineStart);
  return lines.lineStart(line) == lineStart && isAtxHeadingLine(lines.lineText(line));
}

} // namespace

EditWindow editWindow(std::string_view text, std::string_view previousText) {
  EditWindow edit;
  edit.prefix = commonPrefix(text, previousText);
  edit.suffix = commonSuffix(text.substr(edit.prefix), previousText.substr(edit.prefix));
  return edit;
}

bool validUtf8AfterEdit(std::string_view text, const EditWindow& edit) {
  auto isContinuation = [&](size_t at) {
    return (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
  };
  // Widen the edited bytes to whole characters: from the lead byte of the character before
  // them (it may now run into them), on past the continuation bytes after them (they may now
  // follow a different lead byte). A sequence is at most 4 bytes. Everything outside was valid
  // and is unchanged, and so are its neighbours.
  size_t prefix = std::min(edit.prefix, text.size());
  size_t begin = prefix;
  if (begin > 0) {
    --begin;
    for (int step = 0; step < 3 && begin > 0 && isContinuation(begin); ++step)
      --begin;
  }
  size_t end = text.size() - std::min(edit.suffix, text.size() - prefix);
  for (int step = 0; step < 4 && end < text.size() && isContinuation(end); ++step)
    ++end;
  return !firstInvalidUtf8(text.substr(begin, end - begin));
}

std::optional<ReusedBody> reparseBody(const Document& document, const Document& previous,
                                      const EditWindow& edit) {
  if (!previous.bodyLayout)
    return std::nullopt; // previous was not analysed (binary, too large) or failed midway
  std::string_view text = document.text();
  std::string_view previousText = previous.text();
  const LineIndex& lines = document.lines();
  const LineIndex& previousLines = previous.lines();

  // 1. The body's bytes unchanged: an edit in the front matter.
  if (document.metadata.placement == MetadataPlacement::FrontMatter &&
      previous.metadata.placement == MetadataPlacement::FrontMatter &&
      document.bodyStart < text.size() && previous.bodyStart < previousText.size() &&
      text.substr(document.bodyStart) == previousText.substr(previous.bodyStart) &&
      isLineStart(lines, document.bodyStart) && isLineStart(previousLines, previous.bodyStart)) {
    Shift shift;
    shift.offsets = int64_t{document.bodyStart} - int64_t{previous.bodyStart};
    shift.lines = int64_t{lines.lineOf(document.bodyStart)} -
                  int64_t{previousLines.lineOf(previous.bodyStart)};
    ReusedBody reused{shiftedBody(previous, shift), previous.sections};
    if (!shift.none())
      for (Section& section : *reused.sections)
        shift.apply(section);
    return reused;
  }

  // 2. An edit inside one top-level `##` section of the body.
  bool frontMatter = document.metadata.placement == MetadataPlacement::FrontMatter;
  bool previousFrontMatter = previous.metadata.placement == MetadataPlacement::FrontMatter;
  if (document.bodyStart != previous.bodyStart || frontMatter != previousFrontMatter)
    return std::nullopt;
  // The changed bytes: previousText[prefix, previousText.size() - suffix) became
  // text[prefix, text.size() - suffix).
  size_t prefix = edit.prefix;
  size_t suffix = edit.suffix;
  if (prefix < document.bodyStart)
    return std::nullopt;
  size_t changedEnd = previousText.size() - suffix; // in previous's offsets
  const Section* edited = nullptr;
  for (const Section& section : previous.sections) {
    bool last = section.range.end == previousText.size();
    if (section.range.begin <= prefix && (prefix < section.range.end || last) &&
        changedEnd <= section.range.end) {
      edited = &section;
      break;
    }
  }
  if (!edited || mayDefineLinkReferences(text))
    return std::nullopt;
  // Both ends must be column-0 ATX headings (a setext or indented heading's line could join
  // the text above it).
  uint32_t partBegin = edited->range.begin;
  bool lastPart = edited->range.end == previousText.size();
  if (!startsAtxHeadingLine(previousText, previousLines, partBegin) ||
      !startsAtxHeadingLine(text, lines, partBegin))
    return std::nullopt;
  if (!lastPart && !startsAtxHeadingLine(previousText, previousLines, edited->range.end))
    return std::nullopt;

  // Comments and link targets are found by scanning ahead in the text: one that runs across a
  // boundary of the part ties its two sides together.
  uint32_t before = partBegin;
  uint32_t after = edited->range.end; // previous's offsets
  if (crossesBoundary(previous.comments, before) || crossesBoundary(previous.comments, after) ||
      crossesBoundary(previous.references, before) || crossesBoundary(previous.references, after))
    return std::nullopt;

  Shift shift;
  shift.offsets = int64_t(text.size()) - int64_t(previousText.size());
  shift.lines = int64_t{lines.lineCount()} - int64_t{previousLines.lineCount()};
  auto partEnd = static_cast<uint32_t>(edited->range.end + shift.offsets); // the next heading
  // Parse the part with the next heading's line: that md4c still sees a top-level heading
  // there proves nothing in the part (an unclosed fence, an HTML block) runs past it.
  uint32_t parseEnd =
      lastPart ? static_cast<uint32_t>(text.size()) : lines.lineEnd(lines.lineOf(partEnd));
  MarkdownBody part = parseMarkdownPart(text, lines, document.bodyStart, partBegin, parseEnd);

  // The part must open with its `##` heading, and (unless it is the last) end at the next one.
  if (part.headings.empty() || part.headings.front().lineRange.begin != partBegin ||
      part.headings.front().level != 2 || part.headingInContainer.front())
    return std::nullopt;
  if (crossesBoundary(part.comments, partEnd) || crossesBoundary(part.references, partEnd))
    return std::nullopt;
  if (!lastPart) {
    if (part.headings.size() < 2 || part.headings.back().lineRange.begin != partEnd ||
        part.headings.back().level > 2 || part.headingInContainer.back())
      return std::nullopt;
    // The next heading and whatever sits on its line belong to the blocks after the part.
    part.headings.pop_back();
    part.headingInContainer.pop_back();
    auto dropFrom = [&](auto& values) {
      values.erase(
          std::partition_point(values.begin(), values.end(),
                               [&](const auto& value) { return startOf(value) < partEnd; }),
          values.end());
    };
    // What lies on the next heading's line was parsed with it before: it must come out the
    // same (a comment or a link target found past the part would differ), and is dropped.
    uint32_t previousLineEnd = previousLines.lineEnd(previousLines.lineOf(edited->range.end));
    if (!sameTail(part.references, previous.references, partEnd, after, previousLineEnd, shift) ||
        !sameTail(part.comments, previous.comments, partEnd, after, previousLineEnd, shift))
      return std::nullopt;
    dropFrom(part.references);
    dropFrom(part.comments);
    if (!part.bullets.empty() && startOf(part.bullets.back()) >= partEnd)
      return std::nullopt; // cannot happen after a heading; be safe
    if (!part.tables.empty() && startOf(part.tables.back()) >= partEnd)
      return std::nullopt;
    if (!part.items.empty() && startOf(part.items.back()) >= partEnd)
      return std::nullopt;
    if (!part.fencedCode.empty() && part.fencedCode.back().openLine >= lines.lineOf(partEnd))
      return std::nullopt;
  }

  MarkdownBody body;
  auto byStart = [](const auto& value) {
    return startOf(value);
  };
  // headingInContainer runs parallel to headings: split it at the same indices.
  {
    const auto& headings = previous.headings;
    auto firstInside = std::partition_point(headings.begin(), headings.end(),
                                            [&](const Heading& h) { return startOf(h) < before; });
    auto firstAfter = std::partition_point(firstInside, headings.end(),
                                           [&](const Heading& h) { return startOf(h) < after; });
    const auto& flags = previous.bodyLayout->headingInContainer;
    auto insideIndex = firstInside - headings.begin();
    auto afterIndex = firstAfter - headings.begin();
    body.headingInContainer.assign(flags.begin(), flags.begin() + insideIndex);
    body.headingInContainer.insert(body.headingInContainer.end(), part.headingInContainer.begin(),
                                   part.headingInContainer.end());
    body.headingInContainer.insert(body.headingInContainer.end(), flags.begin() + afterIndex,
                                   flags.end());
  }
  body.headings =
      splice(previous.headings, std::move(part.headings), before, after, shift, byStart);
  body.bullets = splice(previous.bullets, std::move(part.bullets), before, after, shift, byStart);
  body.tables = splice(previous.tables, std::move(part.tables), before, after, shift, byStart);
  body.comments =
      splice(previous.comments, std::move(part.comments), before, after, shift, byStart);
  body.references =
      splice(previous.references, std::move(part.references), before, after, shift, byStart);
  body.items =
      splice(previous.bodyLayout->items, std::move(part.items), before, after, shift, byStart);
  uint32_t beforeLine = previousLines.lineOf(before);
  uint32_t afterLine = lastPart ? previousLines.lineCount() : previousLines.lineOf(after);
  body.fencedCode = splice(previous.bodyLayout->fencedCode, std::move(part.fencedCode), beforeLine,
                           afterLine, shift, [](const FencedCode& code) { return code.openLine; });
  return ReusedBody{std::move(body), std::nullopt};
}

} // namespace session::core::detail
