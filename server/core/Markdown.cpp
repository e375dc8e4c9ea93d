// The markdown body through md4c. md4c decides the structure (which lines are headings, list
// items, tables, code and HTML); it reports no positions, so each block is located by mapping
// md4c's `text` pointers back into our buffer (with a range check: soft breaks, NUL replacements,
// folded spaces and unusual attributes point elsewhere), and exact ranges come from our own scan
// of the lines found that way.
#include "server/core/Markdown.h"
#include "server/core/Schema.h"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <functional>

namespace session::core::detail {
namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}
bool isSpace(char c) {
  return isBlank(c) || c == '\n' || c == '\r';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

/// Lines searched forward for a block md4c gave no text for (an empty item or heading).
constexpr uint32_t kFallbackSearchLines = 64;

/// The line without its block-quote markers and indentation.
std::string_view stripContainerPrefix(std::string_view line) {
  size_t pos = 0;
  while (pos < line.size() && (isBlank(line[pos]) || line[pos] == '>'))
    ++pos;
  return line.substr(pos);
}

/// A line that starts (after indentation and `>`) with a list marker followed by a blank or the
/// line end; returns the marker's offset within the line.
std::optional<size_t> leadingListMarker(std::string_view line) {
  size_t pos = 0;
  while (pos < line.size() && (isBlank(line[pos]) || line[pos] == '>'))
    ++pos;
  size_t marker = pos;
  if (pos < line.size() && (line[pos] == '*' || line[pos] == '-' || line[pos] == '+')) {
    ++pos;
  } else {
    while (pos < line.size() && isDigit(line[pos]))
      ++pos;
    if (pos == marker || pos >= line.size() || (line[pos] != '.' && line[pos] != ')'))
      return std::nullopt;
    ++pos;
  }
  if (pos < line.size() && !isBlank(line[pos]))
    return std::nullopt;
  return marker;
}

class BodyParser {
public:
  /// md4c reads text[parseBegin, parseEnd); the line searches that locate blocks md4c gave no
  /// text for read the whole text, but never above the body's first line (bodyStart's) and
  /// never across a column-0 ATX heading (searchForward, markerAbove).
  BodyParser(std::string_view text, const LineIndex& lines, uint32_t bodyStart, uint32_t parseBegin,
             uint32_t parseEnd)
      : text_(text), lines_(lines), parseBegin_(parseBegin), parseEnd_(parseEnd),
        bodyStartLine_(lines.lineOf(bodyStart)), parseBeginLine_(lines.lineOf(parseBegin)) {}

  MarkdownBody run() {
    if (parseBegin_ >= parseEnd_)
      return std::move(out_);
    MD_PARSER parser{};
    parser.abi_version = 0;
    // GFM tables, task lists and strikethrough; raw HTML stays on so comments are seen.
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;
    parser.enter_block = &BodyParser::enterBlock;
    parser.leave_block = &BodyParser::leaveBlock;
    parser.enter_span = &BodyParser::enterSpan;
    parser.leave_span = &BodyParser::leaveSpan;
    parser.text = &BodyParser::onText;
    md_parse(text_.data() + parseBegin_, static_cast<MD_SIZE>(parseEnd_ - parseBegin_), &parser,
             this);
    std::stable_sort(
        out_.items.begin(), out_.items.end(),
        [](const ListItem& a, const ListItem& b) { return a.range.begin < b.range.begin; });
    return std::move(out_);
  }

private:
  enum class LabelState { Awaiting, InStrong, Done };

  struct OpenItem {
    std::optional<uint32_t> marker;
    std::optional<uint32_t> taskMark; // offset of `[`
    uint32_t lastLine = 0;
    bool hasLastLine = false;
    bool hasNested = false;
    bool hasMoreText = false; // text past the labelled bullet's first line
    uint32_t searchFrom = 0;
    LabelState label = LabelState::Awaiting;
    uint32_t labelLine = 0; // of the labelled bullet's label, once there is one
    int strongNesting = 0;
    std::string strongText;
    std::optional<uint32_t> strongFirst;
    std::optional<size_t> bullet;
  };

  struct OpenHeading {
    uint32_t level = 0;
    bool inContainer = false;
    uint32_t searchFrom = 0;
    std::optional<uint32_t> first, lastEnd;
  };

  struct OpenCode {
    bool fenced = false;
    char fenceChar = '`';
    std::string lang;
    std::optional<uint32_t> info;
    std::optional<uint32_t> firstLine, lastLine;
    uint32_t searchFrom = 0;
  };

  struct OpenTable {
    bool inHead = false;
    bool quoted = false;
    uint32_t columns = 0;
    uint32_t rows = 0;
    std::optional<uint32_t> headerLine;
    uint32_t searchFrom = 0;
  };

  struct OpenLink {
    std::optional<std::string> pendingTarget; // href not in the buffer: find it at the end
  };

  struct OpenCodeSpan {
    std::string text;
    std::optional<uint32_t> begin, end;
  };

  // ---- md4c callbacks (never throw through C) ----

  static int enterBlock(MD_BLOCKTYPE type, void* detail, void* self) {
    return static_cast<BodyParser*>(self)->guard([&] { self_(self).onEnterBlock(type, detail); });
  }
  static int leaveBlock(MD_BLOCKTYPE type, void* detail, void* self) {
    return static_cast<BodyParser*>(self)->guard([&] { self_(self).onLeaveBlock(type, detail); });
  }
  static int enterSpan(MD_SPANTYPE type, void* detail, void* self) {
    return static_cast<BodyParser*>(self)->guard([&] { self_(self).onEnterSpan(type, detail); });
  }
  static int leaveSpan(MD_SPANTYPE type, void* /*detail*/, void* self) {
    return static_cast<BodyParser*>(self)->guard([&] { self_(self).onLeaveSpan(type); });
  }
  static int onText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
    return static_cast<BodyParser*>(self)->guard(
        [&] { self_(self).onTextEvent(type, text, size); });
  }
  static BodyParser& self_(void* self) { return *static_cast<BodyParser*>(self); }

  template <typename F> int guard(F&& body) {
    try {
      body();
      return 0;
    } catch (...) {
      return 1; // abort the parse; what was seen so far is kept
    }
  }

  // ---- positions ----

  /// The document offset of an md4c string, when it lies in our buffer.
  std::optional<uint32_t> inBuffer(const MD_CHAR* pointer, MD_SIZE size) const {
    const char* begin = text_.data() + parseBegin_;
    const char* end = text_.data() + parseEnd_;
    if (size == 0 || pointer < begin || pointer >= end || static_cast<size_t>(end - pointer) < size)
      return std::nullopt;
    return static_cast<uint32_t>(pointer - text_.data());
  }

  uint32_t nextSearchLine() const { return haveCursor_ ? cursorLine_ + 1 : parseBeginLine_; }

  std::string_view lineAt(uint32_t line) const { return lines_.lineText(line); }

  /// The first line in [from, from + kFallbackSearchLines) that satisfies \p predicate.
  /// Stops at a column-0 ATX heading that does not satisfy \p predicate: a block never runs past
  /// one, and stopping there keeps what is found on one side of a heading independent of the
  /// other (IncrementalParse.cpp parses the text between two such headings on its own).
  std::optional<uint32_t> searchForward(uint32_t from,
                                        const std::function<bool(std::string_view)>& predicate) {
    for (uint32_t line = from; line < lines_.lineCount() && line < from + kFallbackSearchLines;
         ++line) {
      std::string_view text = lineAt(line);
      if (predicate(text))
        return line;
      if (isAtxHeadingLine(text))
        return std::nullopt;
    }
    return std::nullopt;
  }

  void noteLine(uint32_t line) {
    cursorLine_ = haveCursor_ ? std::max(cursorLine_, line) : line;
    haveCursor_ = true;
    if (!items_.empty()) {
      OpenItem& item = items_.back();
      item.lastLine = item.hasLastLine ? std::max(item.lastLine, line) : line;
      item.hasLastLine = true;
    }
  }

  /// lineOf for offsets that mostly move forward a little (md4c reports text in order): a few
  /// steps from the last answer before a binary search. Most of the parser's line lookups go
  /// through here.
  uint32_t lineOfNearby(uint32_t offset) const {
    constexpr uint32_t kForwardSteps = 8;
    uint32_t count = lines_.lineCount();
    uint32_t line = nearbyLine_;
    if (offset >= lines_.lineStart(line)) {
      for (uint32_t step = 0; step <= kForwardSteps; ++step, ++line) {
        if (line + 1 >= count || offset < lines_.lineStart(line + 1))
          return nearbyLine_ = line;
      }
    } else if (line > 0 && offset >= lines_.lineStart(line - 1)) {
      return nearbyLine_ = line - 1;
    }
    return nearbyLine_ = lines_.lineOf(offset);
  }

  /// Returns the line of \p begin.
  uint32_t noteContent(uint32_t begin, uint32_t end) {
    uint32_t firstLine = lineOfNearby(begin);
    uint32_t lastLine = lineOfNearby(end - 1);
    resolveMarkers(begin);
    noteLine(lastLine);
    lastTextEnd_ = end;
    if (heading_) {
      if (!heading_->first)
        heading_->first = begin;
      heading_->lastEnd = end;
    }
    if (code_) {
      if (!code_->firstLine)
        code_->firstLine = firstLine;
      code_->lastLine = lastLine;
    }
    if (table_ && table_->inHead && !table_->headerLine)
      table_->headerLine = firstLine;
    return firstLine;
  }

  // ---- list items ----

  /// The list marker of an item whose content (or inner item's marker) starts at \p before:
  /// the last `*`, `-`, `+` or `1.` on that line before it that stands alone.
  std::optional<uint32_t> markerBefore(uint32_t before) const {
    uint32_t lineStart = lines_.lineStart(lineOfNearby(before));
    for (uint32_t pos = before; pos > lineStart; --pos) {
      uint32_t m = pos - 1;
      char c = text_[m];
      bool followedByBlank = m + 1 >= text_.size() || isSpace(text_[m + 1]);
      if (!followedByBlank)
        continue;
      uint32_t start = m;
      if (c == '.' || c == ')') {
        while (start > lineStart && isDigit(text_[start - 1]))
          --start;
        if (start == m)
          continue;
      } else if (c != '*' && c != '-' && c != '+') {
        continue;
      }
      if (start == lineStart || isBlank(text_[start - 1]) || text_[start - 1] == '>')
        return start;
    }
    return std::nullopt;
  }

  /// For an item whose content starts on a later line: the nearest line above that starts
  /// with a list marker.
  std::optional<uint32_t> markerAbove(uint32_t offset) const {
    uint32_t line = lineOfNearby(offset);
    for (uint32_t step = 0; step < 8 && line > bodyStartLine_; ++step) {
      --line;
      if (auto marker = leadingListMarker(lineAt(line)))
        return lines_.lineStart(line) + static_cast<uint32_t>(*marker);
      if (isAtxHeadingLine(lineAt(line)))
        break; // an item never starts above a heading (see searchForward)
    }
    return std::nullopt;
  }

  /// Gives every open item without a marker its marker, innermost first, now that the first
  /// text inside them is known to start at \p offset.
  void resolveMarkers(uint32_t offset) {
    if (pendingMarkers_ == 0)
      return;
    uint32_t before = offset;
    for (size_t i = items_.size(); i-- > 0;) {
      OpenItem& item = items_[i];
      if (!item.marker) {
        auto marker = markerBefore(before);
        if (!marker)
          marker = markerAbove(before);
        item.marker = marker ? *marker : before;
        --pendingMarkers_;
      }
      before = *item.marker;
      if (pendingMarkers_ == 0)
        break;
    }
  }

  void enterItem(const MD_BLOCK_LI_DETAIL* detail) {
    OpenItem item;
    item.searchFrom = nextSearchLine();
    if (detail && detail->is_task) {
      uint64_t mark = uint64_t{parseBegin_} + detail->task_mark_offset;
      if (mark >= 1 && mark < text_.size()) {
        item.taskMark = static_cast<uint32_t>(mark - 1);
        item.marker = markerBefore(*item.taskMark);
      }
    }
    if (!item.marker)
      ++pendingMarkers_;
    items_.push_back(std::move(item));
  }

  void leaveItem() {
    if (items_.empty())
      return;
    OpenItem item = std::move(items_.back());
    items_.pop_back();
    if (!item.marker) {
      --pendingMarkers_;
      auto line = searchForward(item.searchFrom, [](std::string_view text) {
        return leadingListMarker(text).has_value();
      });
      uint32_t at = line ? *line : std::min(item.searchFrom, lines_.lineCount() - 1);
      uint32_t column = line ? static_cast<uint32_t>(*leadingListMarker(lineAt(at))) : 0;
      item.marker = lines_.lineStart(at) + column;
    }
    uint32_t markerLine = lineOfNearby(*item.marker);
    uint32_t lastLine = item.hasLastLine ? std::max(item.lastLine, markerLine) : markerLine;
    out_.items.push_back(
        {{*item.marker, lines_.lineEnd(lastLine)}, static_cast<uint32_t>(items_.size())});
    if (item.bullet) {
      out_.bullets[*item.bullet].hasNestedItems = item.hasNested;
      out_.bullets[*item.bullet].hasMoreText = item.hasMoreText;
    }
    noteLine(lastLine);
  }

  /// The item's first inline content was a bold span: a labelled bullet when it ends in `:`/`?`.
  void finishLabel(OpenItem& item) {
    item.label = LabelState::Done;
    std::string_view label = trim(item.strongText);
    if (label.empty() || (label.back() != ':' && label.back() != '?') || !item.strongFirst)
      return;
    uint32_t first = *item.strongFirst;
    uint32_t line = lineOfNearby(first);
    uint32_t lineStart = lines_.lineStart(line);
    uint32_t lineEnd = lines_.lineEnd(line);
    std::optional<uint32_t> open;
    for (uint32_t pos = first; pos >= lineStart + 2; --pos) {
      if (text_[pos - 2] == '*' && text_[pos - 1] == '*') {
        open = pos - 2;
        break;
      }
    }
    std::optional<uint32_t> close;
    for (uint32_t pos = first; pos + 1 < lineEnd; ++pos) {
      if (text_[pos] == '*' && text_[pos + 1] == '*') {
        if (pos > first && (text_[pos - 1] == ':' || text_[pos - 1] == '?'))
          close = pos;
        break;
      }
    }
    if (!open || !close)
      return;
    LabelledBullet bullet;
    label.remove_suffix(1);
    bullet.label = std::string(trim(label));
    bullet.labelRange = {*open, *close + 2};
    uint32_t valueBegin = *close + 2;
    uint32_t valueEnd = lineEnd;
    while (valueBegin < valueEnd && isBlank(text_[valueBegin]))
      ++valueBegin;
    while (valueEnd > valueBegin && isBlank(text_[valueEnd - 1]))
      --valueEnd;
    if (valueBegin == valueEnd)
      valueBegin = valueEnd = *close + 2;
    bullet.value = std::string(text_.substr(valueBegin, valueEnd - valueBegin));
    bullet.valueRange = {valueBegin, valueEnd};
    uint32_t markerLine = item.marker ? lineOfNearby(*item.marker) : line;
    bullet.lineRange = {lines_.lineStart(markerLine), lines_.lineEnd(markerLine)};
    bullet.depth = static_cast<uint32_t>(items_.size() - 1);
    item.bullet = out_.bullets.size();
    item.labelLine = line;
    out_.bullets.push_back(std::move(bullet));
  }

  /// Text of a labelled bullet's item on a later line than its label (SPEC §3.1: such a
  /// bullet is not empty). Blanks and HTML comments are not text.
  void noteMoreText(OpenItem& item, MD_TEXTTYPE type, uint32_t begin, uint32_t beginLine,
                    uint32_t end) {
    if (beginLine <= item.labelLine)
      return;
    if (type == MD_TEXT_HTML ? onlyCommentsIn(begin, end)
                             : trim(text_.substr(begin, end - begin)).empty())
      return;
    item.hasMoreText = true;
  }

  /// True when text[begin, end) holds nothing but blanks and the comments scanned so far.
  bool onlyCommentsIn(uint32_t begin, uint32_t end) const {
    const std::vector<HtmlComment>& comments = out_.comments;
    for (uint32_t pos = begin; pos < end;) {
      if (isSpace(text_[pos])) {
        ++pos;
        continue;
      }
      auto comment = std::partition_point(comments.begin(), comments.end(),
                                          [&](const HtmlComment& c) { return c.range.end <= pos; });
      if (comment == comments.end() || comment->range.begin > pos)
        return false;
      pos = comment->range.end;
    }
    return true;
  }

  // ---- headings ----

  /// Finds the `#` run of \p level on \p line before \p before and the heading text after it.
  std::optional<ByteRange> atxText(uint32_t line, uint32_t level, uint32_t before) const {
    uint32_t lineStart = lines_.lineStart(line);
    uint32_t lineEnd = lines_.lineEnd(line);
    std::optional<uint32_t> run;
    for (uint32_t pos = lineStart; pos < lineEnd && pos < before; ++pos) {
      if (text_[pos] != '#' || (pos > lineStart && text_[pos - 1] == '#'))
        continue;
      uint32_t end = pos;
      while (end < lineEnd && text_[end] == '#')
        ++end;
      bool standsAlone = (pos == lineStart || isBlank(text_[pos - 1]) || text_[pos - 1] == '>') &&
                         (end == lineEnd || isBlank(text_[end]));
      if (standsAlone && end - pos == level)
        run = pos;
    }
    if (!run)
      return std::nullopt;
    uint32_t begin = *run + level;
    while (begin < lineEnd && isBlank(text_[begin]))
      ++begin;
    uint32_t end = lineEnd;
    while (end > begin && isBlank(text_[end - 1]))
      --end;
    uint32_t closing = end;
    while (closing > begin && text_[closing - 1] == '#')
      --closing;
    if (closing < end && (closing == begin || isBlank(text_[closing - 1]))) {
      end = closing;
      while (end > begin && isBlank(text_[end - 1]))
        --end;
    }
    return ByteRange{begin, end};
  }

  std::string collapsedText(ByteRange range) const {
    std::string_view raw = text_.substr(range.begin, range.end - range.begin);
    // (find_first_of would call memchr once per character.)
    if (std::none_of(raw.begin(), raw.end(), [](char c) { return c == '\n' || c == '\r'; }))
      return std::string(raw); // one line, the usual heading
    std::string result;
    result.reserve(raw.size());
    bool inBreak = false;
    for (uint32_t pos = range.begin; pos < range.end; ++pos) {
      char c = text_[pos];
      if (c == '\n' || c == '\r') {
        inBreak = true;
        continue;
      }
      if (inBreak && isBlank(c))
        continue;
      if (inBreak)
        result += ' ';
      inBreak = false;
      result += c;
    }
    return result;
  }

  void leaveHeading() {
    OpenHeading open = *heading_;
    heading_.reset();
    Heading heading;
    heading.level = open.level;
    if (!open.first) {
      // No text at all (`##` alone): look for the empty heading line.
      auto line = searchForward(open.searchFrom, [&](std::string_view text) {
        std::string_view rest = stripContainerPrefix(text);
        size_t hashes = 0;
        while (hashes < rest.size() && rest[hashes] == '#')
          ++hashes;
        return hashes == open.level &&
               trim(rest.substr(hashes)).find_first_not_of('#') == std::string_view::npos;
      });
      if (!line)
        return;
      auto textRange = atxText(*line, open.level, lines_.lineEnd(*line) + 1);
      heading.line = *line;
      heading.lineRange = {lines_.lineStart(*line), lines_.lineEnd(*line)};
      heading.textRange =
          textRange ? *textRange : ByteRange{heading.lineRange.end, heading.lineRange.end};
      heading.textRange.end = heading.textRange.begin; // nothing but `#`s
    } else {
      uint32_t line = lineOfNearby(*open.first);
      heading.line = line;
      if (auto textRange = atxText(line, open.level, *open.first)) {
        heading.lineRange = {lines_.lineStart(line), lines_.lineEnd(line)};
        heading.textRange = *textRange;
      } else {
        // Setext: text lines, then the `===` / `---` underline.
        uint32_t lastLine = lineOfNearby(std::max(*open.lastEnd, *open.first + 1) - 1);
        uint32_t underline = std::min(lastLine + 1, lines_.lineCount() - 1);
        uint32_t begin = lines_.lineStart(line);
        if (open.inContainer) {
          begin = *open.first;
        } else {
          while (begin < *open.first && isBlank(text_[begin]))
            ++begin;
        }
        uint32_t end = lines_.lineEnd(lastLine);
        while (end > begin && isBlank(text_[end - 1]))
          --end;
        heading.lineRange = {lines_.lineStart(line), lines_.lineEnd(underline)};
        heading.textRange = {begin, end};
        noteLine(underline);
      }
    }
    heading.text = collapsedText(heading.textRange);
    noteLine(lineOfNearby(heading.lineRange.end));
    out_.headings.push_back(std::move(heading));
    out_.headingInContainer.push_back(open.inContainer);
  }

  // ---- code blocks ----

  /// The run of \p fenceChar that opens a fence on \p line (0 when there is none).
  static size_t fenceRun(std::string_view line, char fenceChar) {
    line = stripContainerPrefix(line);
    size_t run = 0;
    while (run < line.size() && line[run] == fenceChar)
      ++run;
    return run >= 3 ? run : 0;
  }

  void leaveCode() {
    OpenCode code = std::move(*code_);
    code_.reset();
    if (!code.fenced) {
      return;
    }
    std::optional<uint32_t> openLine;
    if (code.info) {
      openLine = lineOfNearby(*code.info);
    } else if (code.firstLine) {
      uint32_t line = *code.firstLine;
      while (line > bodyStartLine_ && fenceRun(lineAt(line - 1), code.fenceChar) == 0 &&
             trim(lineAt(line - 1)).empty())
        --line;
      openLine = line > bodyStartLine_ ? line - 1 : line;
    } else {
      char fenceChar = code.fenceChar;
      openLine = searchForward(code.searchFrom, [fenceChar](std::string_view text) {
        return fenceRun(text, fenceChar) > 0;
      });
    }
    if (!openLine)
      return;
    size_t run = fenceRun(lineAt(*openLine), code.fenceChar);
    if (run == 0)
      run = 3;
    // The closing fence is the first non-blank line after the last content line.
    uint32_t line = std::max(*openLine, code.lastLine.value_or(*openLine)) + 1;
    while (line < lines_.lineCount() && trim(lineAt(line)).empty())
      ++line;
    std::optional<uint32_t> closeLine;
    if (line < lines_.lineCount()) {
      std::string_view rest = stripContainerPrefix(lineAt(line));
      size_t count = 0;
      while (count < rest.size() && rest[count] == code.fenceChar)
        ++count;
      if (count >= run && trim(rest.substr(count)).empty())
        closeLine = line;
    }
    noteLine(closeLine.value_or(std::max(*openLine, code.lastLine.value_or(*openLine))));
    out_.fencedCode.push_back({std::move(code.lang), *openLine, closeLine});
  }

  // ---- tables ----

  std::vector<TableCell> splitRow(uint32_t line, bool quoted, uint32_t columns) const {
    uint32_t pos = lines_.lineStart(line);
    uint32_t end = lines_.lineEnd(line);
    while (pos < end && (isBlank(text_[pos]) || (quoted && text_[pos] == '>')))
      ++pos;
    while (end > pos && isBlank(text_[end - 1]))
      --end;
    if (pos < end && text_[pos] == '|')
      ++pos;
    if (end > pos && text_[end - 1] == '|' && !(end - 1 > pos && text_[end - 2] == '\\'))
      --end;
    std::vector<TableCell> cells;
    auto addCell = [&](uint32_t begin, uint32_t stop) {
      uint32_t cellBegin = begin;
      uint32_t cellEnd = stop;
      while (cellBegin < cellEnd && isBlank(text_[cellBegin]))
        ++cellBegin;
      while (cellEnd > cellBegin && isBlank(text_[cellEnd - 1]))
        --cellEnd;
      if (cellBegin == cellEnd)
        cellBegin = cellEnd = begin + (stop - begin) / 2;
      cells.push_back({std::string(text_.substr(cellBegin, cellEnd - cellBegin)),
                       {cellBegin, cellEnd},
                       {begin, stop}});
    };
    uint32_t cellStart = pos;
    for (uint32_t i = pos; i < end; ++i) {
      if (text_[i] == '\\') {
        ++i;
      } else if (text_[i] == '|') {
        addCell(cellStart, i);
        cellStart = i + 1;
      }
    }
    addCell(cellStart, end);
    if (columns > 0) {
      while (cells.size() < columns)
        cells.push_back({"",
                         {lines_.lineEnd(line), lines_.lineEnd(line)},
                         {lines_.lineEnd(line), lines_.lineEnd(line)}});
      cells.resize(columns);
    }
    return cells;
  }

  void leaveTable() {
    OpenTable table = *table_;
    table_.reset();
    std::optional<uint32_t> header = table.headerLine;
    if (!header) {
      // Every header cell empty: find the delimiter row instead.
      auto delimiter = searchForward(table.searchFrom + 1, [](std::string_view text) {
        text = trim(stripContainerPrefix(text));
        return text.find('-') != std::string_view::npos &&
               text.find_first_not_of("|:- \t") == std::string_view::npos;
      });
      if (!delimiter)
        return;
      header = *delimiter - 1;
    }
    uint32_t lastLine = std::min(*header + 1 + table.rows, lines_.lineCount() - 1);
    Table result;
    result.header = splitRow(*header, table.quoted, table.columns);
    for (uint32_t row = 0; row < table.rows && *header + 2 + row < lines_.lineCount(); ++row)
      result.rows.push_back(splitRow(*header + 2 + row, table.quoted, table.columns));
    uint32_t begin = lines_.lineStart(*header);
    while (begin < lines_.lineEnd(*header) && isBlank(text_[begin]))
      ++begin;
    result.range = {begin, lines_.lineEnd(lastLine)};
    out_.tables.push_back(std::move(result));
    noteLine(lastLine);
  }

  // ---- comments and references ----

  void scanComments(uint32_t begin, uint32_t end) {
    uint32_t pos = std::max(begin, commentScanEnd_);
    while (pos < end) {
      size_t found = text_.substr(pos, end - pos).find("<!--");
      if (found == std::string_view::npos)
        return;
      uint32_t open = pos + static_cast<uint32_t>(found);
      size_t close = open + 2 < noCloseFrom_ ? text_.find("-->", open + 2) : std::string_view::npos;
      HtmlComment comment;
      if (close == std::string_view::npos) {
        noCloseFrom_ = std::min<size_t>(noCloseFrom_, open + 2);
        comment.range = {open, static_cast<uint32_t>(text_.size())};
        comment.text = std::string(trim(text_.substr(std::min<size_t>(open + 4, text_.size()))));
      } else {
        comment.range = {open, static_cast<uint32_t>(close + 3)};
        size_t inner = std::min<size_t>(open + 4, close);
        comment.text = std::string(trim(text_.substr(inner, close - inner)));
      }
      commentScanEnd_ = comment.range.end;
      pos = comment.range.end;
      out_.comments.push_back(std::move(comment));
    }
  }

  /// True when \p target (in the buffer) is the destination of an inline link `](target)`.
  bool isInlineDestination(uint32_t target) const {
    uint32_t pos = target;
    if (pos > 0 && text_[pos - 1] == '<')
      --pos;
    while (pos > 0 && isSpace(text_[pos - 1]))
      --pos;
    return pos >= 2 && text_[pos - 1] == '(' && text_[pos - 2] == ']';
  }

  void enterLink(const MD_ATTRIBUTE& href) {
    OpenLink link;
    if (href.size > 0) {
      if (auto offset = inBuffer(href.text, href.size)) {
        if (isInlineDestination(*offset))
          out_.references.push_back({InlineReference::Kind::Link,
                                     std::string(href.text, href.size),
                                     {*offset, *offset + href.size}});
      } else {
        link.pendingTarget = std::string(href.text, href.size);
      }
    }
    links_.push_back(std::move(link));
  }

  /// For a destination md4c had to copy (escapes, entities): scan for `](` after the link text.
  void leaveLink() {
    if (links_.empty())
      return;
    OpenLink link = std::move(links_.back());
    links_.pop_back();
    if (!link.pendingTarget)
      return;
    // Between the link text's last character and its `](` stand only the closing marks of
    // spans inside the text (`**`, `` ` ``, `~~`) and blanks. Anything else — the `>` of an
    // autolink, whose destination md4c also copies when it holds `&` — means there is no `](`
    // to find here; searching further would take another link's target.
    size_t pos = std::max<size_t>(lastTextEnd_, parseBegin_);
    while (pos < text_.size() && (text_[pos] == '*' || text_[pos] == '_' || text_[pos] == '`' ||
                                  text_[pos] == '~' || isSpace(text_[pos])))
      ++pos;
    if (pos + 1 >= text_.size() || text_[pos] != ']' || text_[pos + 1] != '(')
      return;
    pos += 2;
    while (pos < text_.size() && isSpace(text_[pos]))
      ++pos;
    size_t begin = pos;
    size_t end = pos;
    if (pos < text_.size() && text_[pos] == '<') {
      begin = pos + 1;
      end = text_.find('>', begin);
      if (end == std::string_view::npos)
        return;
    } else {
      int depth = 0;
      for (end = begin; end < text_.size() && !isSpace(text_[end]); ++end) {
        if (text_[end] == '\\') {
          ++end;
        } else if (text_[end] == '(') {
          ++depth;
        } else if (text_[end] == ')') {
          if (depth == 0)
            break;
          --depth;
        }
      }
      end = std::min(end, text_.size());
    }
    out_.references.push_back({InlineReference::Kind::Link,
                               std::move(*link.pendingTarget),
                               {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}});
  }

  // ---- event handlers ----

  void onEnterBlock(MD_BLOCKTYPE type, void* detail) {
    if (!items_.empty() && items_.back().label == LabelState::Awaiting && type != MD_BLOCK_P)
      items_.back().label = LabelState::Done;
    switch (type) {
    case MD_BLOCK_QUOTE:
      ++quoteDepth_;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (!items_.empty())
        items_.back().hasNested = true;
      break;
    case MD_BLOCK_LI:
      enterItem(static_cast<const MD_BLOCK_LI_DETAIL*>(detail));
      break;
    case MD_BLOCK_H: {
      OpenHeading heading;
      heading.level = static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level;
      heading.inContainer = quoteDepth_ > 0 || !items_.empty();
      heading.searchFrom = nextSearchLine();
      heading_ = heading;
      break;
    }
    case MD_BLOCK_CODE: {
      const auto* code = static_cast<const MD_BLOCK_CODE_DETAIL*>(detail);
      OpenCode open;
      open.fenced = code->fence_char != 0;
      open.fenceChar = code->fence_char;
      if (code->lang.text && code->lang.size > 0)
        open.lang.assign(code->lang.text, code->lang.size);
      if (code->info.text)
        open.info = inBuffer(code->info.text, code->info.size);
      open.searchFrom = nextSearchLine();
      code_ = std::move(open);
      break;
    }
    case MD_BLOCK_TABLE: {
      OpenTable table;
      table.quoted = quoteDepth_ > 0;
      table.searchFrom = nextSearchLine();
      table_ = table;
      break;
    }
    case MD_BLOCK_THEAD:
      if (table_)
        table_->inHead = true;
      break;
    case MD_BLOCK_TBODY:
      if (table_)
        table_->inHead = false;
      break;
    case MD_BLOCK_TR:
      if (table_ && !table_->inHead)
        ++table_->rows;
      break;
    case MD_BLOCK_TH:
      if (table_ && table_->inHead)
        ++table_->columns;
      break;
    default:
      break;
    }
  }

  void onLeaveBlock(MD_BLOCKTYPE type, void*) {
    switch (type) {
    case MD_BLOCK_QUOTE:
      --quoteDepth_;
      break;
    case MD_BLOCK_LI:
      leaveItem();
      break;
    case MD_BLOCK_H:
      if (heading_)
        leaveHeading();
      break;
    case MD_BLOCK_CODE:
      if (code_)
        leaveCode();
      break;
    case MD_BLOCK_TABLE:
      if (table_)
        leaveTable();
      break;
    default:
      break;
    }
  }

  void onEnterSpan(MD_SPANTYPE type, void* detail) {
    if (!items_.empty()) {
      OpenItem& item = items_.back();
      if (item.label == LabelState::Awaiting)
        item.label = type == MD_SPAN_STRONG ? LabelState::InStrong : LabelState::Done;
      if (item.label == LabelState::InStrong && type == MD_SPAN_STRONG)
        ++item.strongNesting;
    }
    switch (type) {
    case MD_SPAN_A:
      enterLink(static_cast<const MD_SPAN_A_DETAIL*>(detail)->href);
      break;
    case MD_SPAN_IMG:
      enterLink(static_cast<const MD_SPAN_IMG_DETAIL*>(detail)->src);
      break;
    case MD_SPAN_CODE:
      codeSpan_ = OpenCodeSpan{};
      break;
    default:
      break;
    }
  }

  void onLeaveSpan(MD_SPANTYPE type) {
    if (!items_.empty()) {
      OpenItem& item = items_.back();
      if (item.label == LabelState::InStrong && type == MD_SPAN_STRONG && --item.strongNesting == 0)
        finishLabel(item);
    }
    switch (type) {
    case MD_SPAN_A:
    case MD_SPAN_IMG:
      leaveLink();
      break;
    case MD_SPAN_CODE:
      if (codeSpan_ && codeSpan_->begin && !trim(codeSpan_->text).empty())
        out_.references.push_back({InlineReference::Kind::Code,
                                   std::move(codeSpan_->text),
                                   {*codeSpan_->begin, *codeSpan_->end}});
      codeSpan_.reset();
      break;
    default:
      break;
    }
  }

  void onTextEvent(MD_TEXTTYPE type, const MD_CHAR* pointer, MD_SIZE size) {
    std::optional<uint32_t> offset = inBuffer(pointer, size);
    uint32_t offsetLine = offset ? noteContent(*offset, *offset + size) : 0;
    if (codeSpan_) {
      codeSpan_->text.append(pointer, size);
      if (offset) {
        if (!codeSpan_->begin)
          codeSpan_->begin = *offset;
        codeSpan_->end = *offset + size;
      }
    }
    if (type == MD_TEXT_HTML && offset)
      scanComments(*offset, *offset + size);
    if (!items_.empty()) {
      OpenItem& item = items_.back();
      if (item.bullet && !item.hasMoreText && offset)
        noteMoreText(item, type, *offset, offsetLine, *offset + size);
      if (item.label == LabelState::Awaiting) {
        item.label = LabelState::Done;
      } else if (item.label == LabelState::InStrong) {
        item.strongText.append(pointer, size);
        if (offset && !item.strongFirst)
          item.strongFirst = *offset;
      }
    }
  }

  std::string_view text_;
  const LineIndex& lines_;
  uint32_t parseBegin_;
  uint32_t parseEnd_;
  uint32_t bodyStartLine_;
  uint32_t parseBeginLine_;
  MarkdownBody out_;

  bool haveCursor_ = false;
  uint32_t cursorLine_ = 0; // the last line known to hold content
  uint32_t lastTextEnd_ = 0;
  mutable uint32_t nearbyLine_ = 0; // lineOfNearby's last answer
  int quoteDepth_ = 0;
  size_t pendingMarkers_ = 0;
  std::vector<OpenItem> items_;
  std::optional<OpenHeading> heading_;
  std::optional<OpenCode> code_;
  std::optional<OpenTable> table_;
  std::vector<OpenLink> links_;
  std::optional<OpenCodeSpan> codeSpan_;
  uint32_t commentScanEnd_ = 0;
  size_t noCloseFrom_ = std::string_view::npos;
};

// ---- sections ----

/// Which lines count toward `(N lines max)` (SPEC §3.1): not blank, not a `---` rule, not only
/// HTML comments. Computed once per document; sections overlap (a section holds its
/// subsections), so asking per section would read lines twice. Lines and comments are both in
/// source order, so one cursor walks the comments.
std::vector<bool> countableLines(std::string_view text, const LineIndex& lines,
                                 const MarkdownBody& body) {
  std::vector<bool> countable(lines.lineCount());
  auto comment = body.comments.begin();
  const auto commentsEnd = body.comments.end();
  for (uint32_t line = 0; line < lines.lineCount(); ++line) {
    uint32_t pos = lines.lineStart(line);
    uint32_t lineEnd = lines.lineEnd(line);
    while (pos < lineEnd && isBlank(text[pos]))
      ++pos;
    if (pos == lineEnd)
      continue; // blank
    char first = text[pos];
    if ((first == '-' || first == '*' || first == '_') &&
        isThematicBreak(text.substr(pos, lineEnd - pos)))
      continue;
    // Only comments (and blanks) on the line?
    bool onlyComments = true;
    while (pos < lineEnd) {
      if (isBlank(text[pos])) {
        ++pos;
        continue;
      }
      while (comment != commentsEnd && comment->range.end <= pos)
        ++comment;
      if (comment == commentsEnd || comment->range.begin > pos) {
        onlyComments = false;
        break;
      }
      pos = comment->range.end;
    }
    countable[line] = !onlyComments;
  }
  return countable;
}

Section makeSection(std::string_view text, const LineIndex& lines, const MarkdownBody& body,
                    const std::vector<bool>& countable, const Heading& heading, uint32_t end) {
  Section section;
  section.heading = heading;
  section.key = sectionKey(heading.text);
  uint32_t start = lines.lineStart(heading.line);
  uint32_t lastHeadingLine = heading.lineRange.end <= lines.lineEnd(heading.line)
                                 ? heading.line
                                 : lines.lineOf(heading.lineRange.end); // setext underline
  uint32_t bodyBegin = lastHeadingLine + 1 < lines.lineCount()
                           ? lines.lineStart(lastHeadingLine + 1)
                           : static_cast<uint32_t>(text.size());
  end = std::max(end, start);
  section.range = {start, end};
  section.bodyRange = {std::min(bodyBegin, end), end};
  if (!section.bodyRange.empty()) {
    // A section ends where a heading's line starts, or at the end of the text: its lines are
    // whole.
    uint32_t firstLine = lines.lineOf(section.bodyRange.begin);
    uint32_t stopLine = firstLine;
    while (stopLine < lines.lineCount() && lines.lineStart(stopLine) < end)
      ++stopLine;
    section.countedLines.reserve(stopLine - firstLine);
    for (uint32_t line = firstLine; line < stopLine; ++line)
      if (countable[line])
        section.countedLines.push_back(line);
  }
  auto item = std::partition_point(body.items.begin(), body.items.end(), [&](const ListItem& i) {
    return i.range.begin < section.bodyRange.begin;
  });
  for (; item != body.items.end() && item->range.begin < section.bodyRange.end; ++item)
    if (item->depth == 0)
      section.topLevelItems.push_back(item->range);
  return section;
}

} // namespace

/// `#` to `######` at column 0, then a blank or the line's end: an ATX heading's line (unless
/// it stands in a fenced block or an HTML block, which the callers' searches never cross
/// anyway).
bool isAtxHeadingLine(std::string_view line) {
  size_t hashes = 0;
  while (hashes < line.size() && hashes < 7 && line[hashes] == '#')
    ++hashes;
  return hashes >= 1 && hashes <= 6 &&
         (hashes == line.size() || line[hashes] == ' ' || line[hashes] == '\t');
}

MarkdownBody parseMarkdown(std::string_view text, const LineIndex& lines, uint32_t bodyStart) {
  return BodyParser(text, lines, bodyStart, bodyStart, static_cast<uint32_t>(text.size())).run();
}

MarkdownBody parseMarkdownPart(std::string_view text, const LineIndex& lines, uint32_t bodyStart,
                               uint32_t parseBegin, uint32_t parseEnd) {
  return BodyParser(text, lines, bodyStart, parseBegin, parseEnd).run();
}

std::vector<Section> buildSections(std::string_view text, const LineIndex& lines,
                                   const MarkdownBody& body) {
  std::vector<const Heading*> outline; // headings that can open sections
  for (size_t i = 0; i < body.headings.size(); ++i)
    if (!body.headingInContainer[i])
      outline.push_back(&body.headings[i]);
  auto startOf = [&](const Heading* heading) {
    return lines.lineStart(heading->line);
  };
  // nextAtMost[level][i]: the first heading after i of that level or higher (2 and 3 needed).
  std::vector<size_t> nextAtMost2(outline.size(), outline.size());
  std::vector<size_t> nextAtMost3(outline.size(), outline.size());
  size_t next2 = outline.size(), next3 = outline.size();
  for (size_t i = outline.size(); i-- > 0;) {
    nextAtMost2[i] = next2;
    nextAtMost3[i] = next3;
    if (outline[i]->level <= 2)
      next2 = i;
    if (outline[i]->level <= 3)
      next3 = i;
  }
  auto endOf = [&](size_t index, uint32_t level, uint32_t limit) {
    size_t next = level <= 2 ? nextAtMost2[index] : nextAtMost3[index];
    return next < outline.size() ? std::min(startOf(outline[next]), limit) : limit;
  };
  std::vector<Section> sections;
  auto countable = countableLines(text, lines, body);
  auto textEnd = static_cast<uint32_t>(text.size());
  for (size_t i = 0; i < outline.size(); ++i) {
    if (outline[i]->level != 2)
      continue;
    uint32_t end = endOf(i, 2, textEnd);
    Section section = makeSection(text, lines, body, countable, *outline[i], end);
    for (size_t j = i + 1; j < outline.size() && startOf(outline[j]) < end; ++j)
      if (outline[j]->level == 3)
        section.subsections.push_back(
            makeSection(text, lines, body, countable, *outline[j], endOf(j, 3, end)));
    sections.push_back(std::move(section));
  }
  return sections;
}

} // namespace session::core::detail
