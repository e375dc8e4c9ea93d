#include "server/features/DocumentSymbols.h"

#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <string_view>

namespace session::features {

using core::ByteRange;
using core::Document;
using core::Heading;
using core::LabelledBullet;
using core::LineIndex;
using core::Section;
using core::YamlNode;

namespace {

/// Details are shown on one line beside the name: longer text is cut.
constexpr size_t kMaxDetailBytes = 80;
/// Nested mappings deeper than this get no children (hostile YAML must not recurse for long).
constexpr int kMaxFieldDepth = 16;

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}

bool isBlankLine(std::string_view line) {
  return std::all_of(line.begin(), line.end(), isBlank);
}

/// One line, whitespace runs collapsed, at most kMaxDetailBytes (cut at a UTF-8 boundary).
std::string shortText(std::string_view text) {
  std::string result;
  bool pendingSpace = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pendingSpace = !result.empty();
      continue;
    }
    if (pendingSpace)
      result += ' ';
    pendingSpace = false;
    result += c;
  }
  if (result.size() <= kMaxDetailBytes)
    return result;
  size_t cut = kMaxDetailBytes;
  while (cut > 0 && (static_cast<unsigned char>(result[cut]) & 0xC0) == 0x80)
    --cut; // do not split a multi-byte character
  result.resize(cut);
  return result + "…";
}

/// "[a, b]" for a list value: scalars as they are, nested collections abbreviated.
std::string listText(const YamlNode& list) {
  std::string text = "[";
  for (size_t i = 0; i < list.items.size(); ++i) {
    if (i > 0)
      text += ", ";
    const YamlNode& item = list.items[i];
    if (item.kind == YamlNode::Kind::Scalar)
      text += item.scalar;
    else if (item.kind == YamlNode::Kind::Mapping)
      text += "{…}";
    else if (item.kind == YamlNode::Kind::Sequence)
      text += "[…]";
    if (text.size() > kMaxDetailBytes)
      break; // shortText cuts it anyway
  }
  return shortText(text + "]");
}

std::string fieldDetail(const YamlNode& value) {
  switch (value.kind) {
  case YamlNode::Kind::Scalar:
    return shortText(value.scalar);
  case YamlNode::Kind::Sequence:
    return listText(value);
  case YamlNode::Kind::Mapping:
  case YamlNode::Kind::Null:
    break;
  }
  return "";
}

OutlineSymbol fieldSymbol(const YamlNode::Entry& entry, int depth) {
  OutlineSymbol symbol;
  symbol.name = entry.key.empty() ? "\"\"" : entry.key;
  symbol.kind = OutlineKind::Field;
  symbol.detail = fieldDetail(entry.value);
  symbol.selectionRange = entry.keyRange;
  symbol.range = {entry.keyRange.begin, std::max(entry.keyRange.end, entry.value.range.end)};
  if (entry.value.kind == YamlNode::Kind::Mapping && depth < kMaxFieldDepth)
    for (const YamlNode::Entry& child : entry.value.entries)
      symbol.children.push_back(fieldSymbol(child, depth + 1));
  return symbol;
}

OutlineSymbol metadataSymbol(const core::Metadata& metadata) {
  OutlineSymbol symbol;
  symbol.name = "Metadata";
  symbol.kind = OutlineKind::Metadata;
  symbol.range = metadata.blockRange;
  // The first line lies inside the block; clamp anyway so the LSP invariant always holds.
  symbol.selectionRange = {
      std::clamp(metadata.firstLine.begin, symbol.range.begin, symbol.range.end),
      std::clamp(metadata.firstLine.end, symbol.range.begin, symbol.range.end)};
  if (metadata.parsed)
    for (const YamlNode::Entry& entry : metadata.entries)
      symbol.children.push_back(fieldSymbol(entry, 1));
  return symbol;
}

/// The last line that holds a byte of \p range (a range that ends at a line start does not
/// reach into that line).
uint32_t lastLineOf(const LineIndex& lines, ByteRange range) {
  uint32_t line = lines.lineOf(range.end);
  if (line > 0 && range.end > range.begin && lines.lineStart(line) == range.end)
    --line;
  return line;
}

/// A heading's symbol over \p extent (its line start to the next heading that closes it),
/// trimmed to its last body line that is neither blank nor a thematic break.
OutlineSymbol headingSymbol(const Document& document, const Heading& heading, ByteRange extent,
                            OutlineKind kind) {
  const LineIndex& lines = document.lines();
  OutlineSymbol symbol;
  symbol.name = heading.text.empty() ? "(empty heading)" : heading.text;
  symbol.kind = kind;
  symbol.selectionRange = heading.textRange;
  uint32_t headingLastLine = lines.lineOf(heading.lineRange.end);
  uint32_t end = heading.lineRange.end;
  for (uint32_t line = lastLineOf(lines, extent); line > headingLastLine; --line) {
    std::string_view content = lines.lineText(line);
    if (!isBlankLine(content) && !core::isThematicBreak(content)) {
      end = lines.lineEnd(line);
      break;
    }
  }
  symbol.range = {extent.begin, std::max(end, heading.lineRange.end)};
  return symbol;
}

/// A level-1 heading opens a top-level entry only outside block quotes and list items: nothing
/// but blanks and `#`s stands before its text on its line. (The model keeps container
/// headings in Document::headings without a flag; an indented heading continuing a list item
/// is taken for a top-level one.)
bool standsAtTopLevel(const Document& document, const Heading& heading) {
  if (heading.textRange.begin < heading.lineRange.begin)
    return false;
  std::string_view prefix =
      std::string_view(document.text())
          .substr(heading.lineRange.begin, heading.textRange.begin - heading.lineRange.begin);
  return std::all_of(prefix.begin(), prefix.end(), [](char c) { return isBlank(c) || c == '#'; });
}

/// The `My question (verbatim)` bullets, by position, to give each Q block its question.
class QuestionBullets {
public:
  explicit QuestionBullets(const Document& document) {
    for (const LabelledBullet& bullet : document.bullets)
      if (toLower(bullet.label).starts_with("my question") && !bullet.value.empty())
        bullets_.push_back(&bullet);
    std::sort(bullets_.begin(), bullets_.end(),
              [](const LabelledBullet* a, const LabelledBullet* b) {
                return a->lineRange.begin < b->lineRange.begin;
              });
  }

  /// The value of the first such bullet in \p range, or "".
  std::string questionIn(ByteRange range) const {
    auto first = std::lower_bound(bullets_.begin(), bullets_.end(), range.begin,
                                  [](const LabelledBullet* bullet, uint32_t offset) {
                                    return bullet->lineRange.begin < offset;
                                  });
    if (first == bullets_.end() || (*first)->lineRange.begin >= range.end)
      return "";
    return shortText((*first)->value);
  }

private:
  std::vector<const LabelledBullet*> bullets_;
};

OutlineSymbol sectionSymbol(const Document& document, const Section& section,
                            const QuestionBullets& questions) {
  OutlineSymbol symbol =
      headingSymbol(document, section.heading, section.range, OutlineKind::Section);
  for (const Section& subsection : section.subsections) {
    bool question = isQuestionHeading(subsection.heading.text);
    OutlineSymbol child = headingSymbol(document, subsection.heading, subsection.range,
                                        question ? OutlineKind::Question : OutlineKind::Subsection);
    if (question)
      child.detail = questions.questionIn(subsection.bodyRange);
    symbol.children.push_back(std::move(child));
  }
  return symbol;
}

/// Level-1 headings: each reaches to the next level-1 heading or `##` section.
void addTitles(const Document& document, std::vector<OutlineSymbol>& outline) {
  const LineIndex& lines = document.lines();
  std::vector<const Heading*> titles;
  for (const Heading& heading : document.headings)
    if (heading.level == 1 && standsAtTopLevel(document, heading))
      titles.push_back(&heading);
  auto textEnd = static_cast<uint32_t>(document.text().size());
  for (size_t i = 0; i < titles.size(); ++i) {
    uint32_t begin = lines.lineStart(lines.lineOf(titles[i]->lineRange.begin));
    uint32_t end = i + 1 < titles.size()
                       ? lines.lineStart(lines.lineOf(titles[i + 1]->lineRange.begin))
                       : textEnd;
    auto next = std::upper_bound(
        document.sections.begin(), document.sections.end(), begin,
        [](uint32_t offset, const Section& section) { return offset < section.range.begin; });
    if (next != document.sections.end())
      end = std::min(end, next->range.begin);
    outline.push_back(
        headingSymbol(document, *titles[i], {begin, std::max(begin, end)}, OutlineKind::Section));
  }
}

/// Puts \p symbol into the innermost heading entry that holds its start (widening the entries
/// that hold it when it reaches past them, as an unclosed fence does), else at \p level, in
/// position order.
void insertByPosition(std::vector<OutlineSymbol>& level, OutlineSymbol symbol) {
  for (OutlineSymbol& parent : level) {
    if (parent.kind != OutlineKind::Field && parent.kind != OutlineKind::Metadata &&
        parent.range.begin <= symbol.range.begin && symbol.range.begin < parent.range.end) {
      parent.range.end = std::max(parent.range.end, symbol.range.end);
      insertByPosition(parent.children, std::move(symbol));
      return;
    }
  }
  auto at = std::upper_bound(
      level.begin(), level.end(), symbol.range.begin,
      [](uint32_t offset, const OutlineSymbol& sibling) { return offset < sibling.range.begin; });
  level.insert(at, std::move(symbol));
}

} // namespace

std::vector<OutlineSymbol> documentSymbols(const Document& document) {
  std::vector<OutlineSymbol> outline;
  QuestionBullets questions(document);
  for (const Section& section : document.sections)
    outline.push_back(sectionSymbol(document, section, questions));
  addTitles(document, outline);
  std::stable_sort(
      outline.begin(), outline.end(),
      [](const OutlineSymbol& a, const OutlineSymbol& b) { return a.range.begin < b.range.begin; });
  if (document.metadata.placement != core::MetadataPlacement::None)
    insertByPosition(outline, metadataSymbol(document.metadata));
  return outline;
}

} // namespace session::features
