#include "server/features/ProgressBlock.h"

namespace session::features {

namespace {

/// The line break a file uses: `\r\n` when its first line ends so, else `\n`.
std::string_view lineBreakOf(std::string_view text) {
  size_t newline = text.find('\n');
  return newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r' ? "\r\n"
                                                                                       : "\n";
}

std::string withLineBreaks(std::string_view text, std::string_view lineBreak) {
  std::string converted;
  converted.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '\r')
      continue;
    if (c == '\n')
      converted += lineBreak;
    else
      converted += c;
  }
  return converted;
}

/// What stands between the markers: a line break, the block, ending with a line break.
std::string blockContent(std::string_view generatedMarkdown, std::string_view lineBreak) {
  std::string content(lineBreak);
  content += withLineBreaks(generatedMarkdown, lineBreak);
  if (!generatedMarkdown.empty() && generatedMarkdown.back() != '\n')
    content += lineBreak;
  return content;
}

} // namespace

std::optional<ProgressBlockRange> findProgressBlock(std::string_view fileText) {
  size_t begin = fileText.find(kProgressBeginMarker);
  if (begin == std::string_view::npos)
    return std::nullopt;
  ProgressBlockRange range;
  range.begin = static_cast<uint32_t>(begin);
  range.contentBegin = static_cast<uint32_t>(begin + kProgressBeginMarker.size());
  size_t end = fileText.find(kProgressEndMarker, range.contentBegin);
  range.hasEndMarker = end != std::string_view::npos;
  range.contentEnd = static_cast<uint32_t>(range.hasEndMarker ? end : fileText.size());
  range.end = range.hasEndMarker ? static_cast<uint32_t>(end + kProgressEndMarker.size())
                                 : range.contentBegin;
  return range;
}

std::string spliceProgressBlock(std::string_view fileText, std::string_view generatedMarkdown) {
  std::string_view lineBreak = lineBreakOf(fileText);
  std::string content = blockContent(generatedMarkdown, lineBreak);
  std::string result;
  if (auto range = findProgressBlock(fileText)) {
    result.append(fileText.substr(0, range->contentBegin));
    result += content;
    if (range->hasEndMarker) {
      result.append(fileText.substr(range->contentEnd));
    } else {
      result += kProgressEndMarker;
      // What followed the lone begin marker stays, after the new end marker.
      std::string_view rest = fileText.substr(range->contentBegin);
      if (!rest.empty() && rest.front() != '\n' && !rest.starts_with("\r\n"))
        result += lineBreak;
      result.append(rest);
    }
    return result;
  }
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (fileText.empty() || fileText == kBom) {
    result.append(fileText); // a lone BOM stays
    result += "# Tech stack progress";
    result += lineBreak;
    result += lineBreak;
  } else {
    result.append(fileText);
    if (result.back() != '\n')
      result += lineBreak;
    // A blank line before the block, unless the text already ends with one.
    bool endsWithBlankLine = result.ends_with("\n\n") || result.ends_with("\n\r\n");
    if (!endsWithBlankLine)
      result += lineBreak;
  }
  result += kProgressBeginMarker;
  result += content;
  result += kProgressEndMarker;
  result += lineBreak;
  return result;
}

bool progressBlockIsCurrent(std::string_view fileText, std::string_view generatedMarkdown) {
  auto range = findProgressBlock(fileText);
  if (!range || !range->hasEndMarker)
    return false;
  std::string_view between =
      fileText.substr(range->contentBegin, range->contentEnd - range->contentBegin);
  return withLineBreaks(between, "\n") == blockContent(generatedMarkdown, "\n");
}

} // namespace session::features
