// Byte offsets and lines over a document's exact bytes.
//
// The core works in UTF-8 byte offsets only. Conversion to the client's position encoding
// (UTF-16 or UTF-8 columns) happens at the LSP edge (protocol/PositionEncoding.h), so no
// feature ever sees a UTF-16 column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::core {

/// A half-open byte range [begin, end) in a document's text.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool empty() const { return begin == end; }
  bool contains(uint32_t offset) const { return begin <= offset && offset < end; }
  bool operator==(const ByteRange&) const = default;
};

/// A line (0-based) and a column counted in UTF-8 bytes from the line start (0-based).
struct LineColumn {
  uint32_t line = 0;
  uint32_t column = 0;
  bool operator==(const LineColumn&) const = default;
};

/// Line starts of a text. Recognises `\n`, `\r\n` and a lone `\r` as line ends, as LSP does.
/// The text is not copied: the index must not outlive it.
class LineIndex {
public:
  LineIndex() : LineIndex(std::string_view{}) {}
  explicit LineIndex(std::string_view text);

  uint32_t lineCount() const { return static_cast<uint32_t>(lineStarts_.size()); }
  // The accessors below are defined inline: the markdown model asks them millions of times
  // per workspace index, and a call each time was 4% of the index's instructions.

  /// Offset of the first byte of \p line (clamped to the last line).
  uint32_t lineStart(uint32_t line) const {
    return lineStarts_[line < lineStarts_.size() ? line : lineStarts_.size() - 1];
  }
  /// Offset just past the line's content, before its line ending.
  uint32_t lineEnd(uint32_t line) const {
    if (line >= lineCount())
      line = lineCount() - 1;
    uint32_t start = lineStarts_[line];
    uint32_t end =
        line + 1 < lineCount() ? lineStarts_[line + 1] : static_cast<uint32_t>(text_.size());
    if (end > start && text_[end - 1] == '\n')
      --end;
    if (end > start && text_[end - 1] == '\r')
      --end;
    return end;
  }
  /// The line's content without its line ending.
  std::string_view lineText(uint32_t line) const {
    uint32_t start = lineStart(line);
    return text_.substr(start, lineEnd(line) - start);
  }
  /// The line that holds \p offset (offsets past the end map to the last line).
  uint32_t lineOf(uint32_t offset) const;
  LineColumn toLineColumn(uint32_t offset) const;
  /// The offset of a line and byte column; a column past the line's end is clamped to it, a
  /// line past the last one maps to the end of the text.
  uint32_t toOffset(LineColumn position) const;
  std::string_view text() const { return text_; }

private:
  std::string_view text_;
  std::vector<uint32_t> lineStarts_;
};

/// The offset of the first byte that does not start a valid UTF-8 sequence (overlongs,
/// surrogates and code points past U+10FFFF are invalid), or nullopt when all of it is valid.
std::optional<uint32_t> firstInvalidUtf8(std::string_view text);
/// A real calendar date written `YYYY-MM-DD` (leap years included). The one definition the
/// index, the rules and the new-session command share.
bool isCalendarDate(std::string_view text);

/// A markdown thematic break (`---`, `* * *`, `___`: three or more of one of `-*_`, blanks
/// between), which closes a section's text in the template's layout.
bool isThematicBreak(std::string_view line);

/// UTF-16 code units of \p text (a 4-byte UTF-8 sequence counts 2; invalid bytes count 1).
/// For positions stored without their text (the workspace index); the LSP edge converts
/// live positions with protocol/PositionEncoding.
uint32_t utf16Length(std::string_view text);

inline bool isValidUtf8(std::string_view text) {
  return !firstInvalidUtf8(text);
}

} // namespace session::core
