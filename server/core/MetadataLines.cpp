// A lexical reading of the metadata's lines. The YAML parser gives exact nodes only when the
// block parses, but while the user types (`tags: [`, `goa`) it usually does not: completion
// and hover still need to know which key a line holds and where its value is.
#include "server/core/Metadata.h"

#include <cctype>

namespace session::core::detail {
namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}

bool isKeyCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

/// The end of a value: the start of a ` #` comment outside quotes, or the line end; then
/// trailing blanks removed.
uint32_t valueEnd(std::string_view text, uint32_t begin, uint32_t end, bool& hasComment) {
  char quote = 0;
  uint32_t stop = end;
  for (uint32_t i = begin; i < end; ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote)
        quote = 0;
    } else if ((c == '"' || c == '\'') && (i == begin || !isKeyCharacter(text[i - 1]))) {
      quote = c;
    } else if (c == '#' && (i == begin || isBlank(text[i - 1]))) {
      stop = i;
      hasComment = true;
      break;
    }
  }
  while (stop > begin && isBlank(text[stop - 1]))
    --stop;
  return stop;
}

MetadataLine readLine(std::string_view text, ByteRange range) {
  MetadataLine line;
  line.range = range;
  uint32_t pos = range.begin;
  while (pos < range.end && isBlank(text[pos]))
    ++pos;
  line.indent = pos - range.begin;
  if (pos < range.end && text[pos] == '-' && (pos + 1 == range.end || isBlank(text[pos + 1]))) {
    line.listItem = true;
    ++pos;
    while (pos < range.end && isBlank(text[pos]))
      ++pos;
  }
  uint32_t keyEnd = pos;
  while (keyEnd < range.end && isKeyCharacter(text[keyEnd]))
    ++keyEnd;
  bool isKey = keyEnd > pos && keyEnd < range.end && text[keyEnd] == ':' &&
               (keyEnd + 1 == range.end || isBlank(text[keyEnd + 1]));
  uint32_t valueBegin = pos;
  if (isKey) {
    line.key = std::string(text.substr(pos, keyEnd - pos));
    line.keyRange = {pos, keyEnd};
    valueBegin = keyEnd + 1;
    while (valueBegin < range.end && isBlank(text[valueBegin]))
      ++valueBegin;
  }
  line.valueRange = {valueBegin, valueEnd(text, valueBegin, range.end, line.hasComment)};
  return line;
}

} // namespace

void scanMetadataLines(std::string_view text, const LineIndex& lines, Metadata& metadata) {
  ByteRange content = metadata.contentRange;
  if (content.empty())
    return;
  // An unclosed block runs to the end of the text: its last, empty line (where the next key
  // will be typed) starts at content.end and still belongs to it.
  bool runsToEnd = content.end == text.size();
  uint32_t first = lines.lineOf(content.begin);
  uint32_t last = lines.lineOf(runsToEnd ? content.end : content.end - 1);
  for (uint32_t line = first; line <= last && line < lines.lineCount(); ++line) {
    ByteRange range{lines.lineStart(line), lines.lineEnd(line)};
    bool inside = range.begin >= content.begin &&
                  (range.begin < content.end || (runsToEnd && range.begin == content.end));
    if (!inside)
      continue;
    metadata.lines.push_back(readLine(text, range));
  }
}

} // namespace session::core::detail
