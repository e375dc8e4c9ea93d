#include "server/lsp/Positions.h"

#include <algorithm>

namespace session::lsp {

protocol::Position toLspPosition(const core::LineIndex& lines, uint32_t offset,
                                 protocol::PositionEncoding encoding) {
  auto byteColumn = lines.toLineColumn(offset);
  // An offset inside a CRLF pair lies past the line's text: report the line end.
  auto lineText = lines.lineText(byteColumn.line);
  uint32_t column = std::min<uint32_t>(byteColumn.column, static_cast<uint32_t>(lineText.size()));
  return {byteColumn.line, protocol::toClientColumn(lineText, column, encoding)};
}

protocol::Range toLspRange(const core::LineIndex& lines, core::ByteRange range,
                           protocol::PositionEncoding encoding) {
  return {toLspPosition(lines, range.begin, encoding), toLspPosition(lines, range.end, encoding)};
}

uint32_t toOffset(const core::LineIndex& lines, protocol::Position position,
                  protocol::PositionEncoding encoding) {
  if (position.line >= lines.lineCount())
    return static_cast<uint32_t>(lines.text().size());
  auto lineText = lines.lineText(position.line);
  return lines.lineStart(position.line) +
         protocol::toByteColumn(lineText, position.character, encoding);
}

} // namespace session::lsp
