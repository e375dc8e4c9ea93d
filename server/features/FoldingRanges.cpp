#include "server/features/FoldingRanges.h"

#include "server/features/DocumentSymbols.h"

#include <algorithm>

namespace session::features {

using core::ByteRange;
using core::LineIndex;

namespace {

/// The last line that holds a byte of \p range (an end at a line start stays on the line
/// before).
uint32_t lastLineOf(const LineIndex& lines, ByteRange range) {
  uint32_t line = lines.lineOf(range.end);
  if (line > 0 && range.end > range.begin && lines.lineStart(line) == range.end)
    --line;
  return line;
}

void addRegion(const LineIndex& lines, ByteRange range, FoldingRegion::Kind kind,
               std::vector<FoldingRegion>& out) {
  uint32_t startLine = lines.lineOf(range.begin);
  uint32_t endLine = lastLineOf(lines, range);
  if (endLine > startLine)
    out.push_back({startLine, endLine, kind});
}

/// Headings and the metadata block fold over their outline range; fields do not.
void addOutline(const LineIndex& lines, const std::vector<OutlineSymbol>& symbols,
                std::vector<FoldingRegion>& out) {
  for (const OutlineSymbol& symbol : symbols) {
    if (symbol.kind == OutlineKind::Field)
      continue;
    addRegion(lines, symbol.range, FoldingRegion::Kind::Region, out);
    addOutline(lines, symbol.children, out);
  }
}

} // namespace

std::vector<FoldingRegion> foldingRanges(const core::Document& document) {
  const LineIndex& lines = document.lines();
  std::vector<FoldingRegion> regions;
  addOutline(lines, documentSymbols(document), regions);
  for (const core::HtmlComment& comment : document.comments)
    addRegion(lines, comment.range, FoldingRegion::Kind::Comment, regions);
  for (const core::Table& table : document.tables)
    addRegion(lines, table.range, FoldingRegion::Kind::Region, regions);
  std::sort(regions.begin(), regions.end(), [](const FoldingRegion& a, const FoldingRegion& b) {
    if (a.startLine != b.startLine)
      return a.startLine < b.startLine;
    if (a.endLine != b.endLine)
      return a.endLine > b.endLine;
    return a.kind < b.kind;
  });
  regions.erase(std::unique(regions.begin(), regions.end(),
                            [](const FoldingRegion& a, const FoldingRegion& b) {
                              return a.startLine == b.startLine && a.endLine == b.endLine;
                            }),
                regions.end());
  return regions;
}

} // namespace session::features
