// The metadata block: where it stands (front matter or a fenced `yaml` block) and its YAML,
// read through yaml-cpp's event API so that duplicate keys survive and every key and value gets
// an exact source range. yaml-cpp marks only where a node starts; every end offset here comes
// from our own scan of the source.
#include "server/core/Metadata.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace session::core {

const YamlNode::Entry* findEntry(const std::vector<YamlNode::Entry>& entries,
                                 std::string_view key) {
  for (const YamlNode::Entry& entry : entries)
    if (entry.key == key)
      return &entry;
  return nullptr;
}

const YamlNode::Entry* Metadata::find(std::string_view key) const {
  return findEntry(entries, key);
}

namespace detail {
namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}
bool isLineEnd(char c) {
  return c == '\n' || c == '\r';
}
bool isSpace(char c) {
  return isBlank(c) || isLineEnd(c);
}
bool isFlowIndicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string_view trimRight(std::string_view text) {
  while (!text.empty() && isSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

/// The offset just past \p line's line ending (the end of the text for the last line).
uint32_t nextLineStart(const LineIndex& lines, uint32_t line) {
  return line + 1 < lines.lineCount() ? lines.lineStart(line + 1)
                                      : static_cast<uint32_t>(lines.text().size());
}

/// Builds YamlNode trees from parser events. Positions: marks are offsets into the YAML slice
/// [base, limit) of the document text.
class TreeBuilder final : public YAML::EventHandler {
public:
  TreeBuilder(std::string_view text, const LineIndex& lines, uint32_t base, uint32_t limit)
      : text_(text), lines_(lines), base_(base), limit_(limit) {}

  std::optional<YamlNode> root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { addNull(offsetOf(mark)); }
  // Aliases are not expanded: that keeps ranges honest and defeats "billion laughs".
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { addNull(offsetOf(mark)); }

  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    YamlNode node;
    node.kind = YamlNode::Kind::Scalar;
    node.scalar = value;
    uint32_t begin = skipProperties(offsetOf(mark));
    node.range.begin = begin;
    char first = at(begin);
    if (first == '"') {
      node.style = ScalarStyle::DoubleQuoted;
      node.range.end = scanDoubleQuoted(begin);
    } else if (first == '\'') {
      node.style = ScalarStyle::SingleQuoted;
      node.range.end = scanSingleQuoted(begin);
    } else if (first == '|' || first == '>') {
      node.style = first == '|' ? ScalarStyle::Literal : ScalarStyle::Folded;
      node.range.end = scanBlockScalar(begin);
    } else {
      node.range.end = scanPlain(begin, value.size());
    }
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value style) override {
    open(YamlNode::Kind::Sequence, mark, style);
  }
  void OnSequenceEnd() override { close(']'); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value style) override {
    open(YamlNode::Kind::Mapping, mark, style);
  }
  void OnMapEnd() override { close('}'); }

private:
  struct Frame {
    YamlNode node;
    std::optional<YamlNode> key; // a mapping's key still waiting for its value
    bool hasChild = false;
    uint32_t lastChildEnd = 0;
    int column = -1; // of the collection's first item; block scalars must indent past it
  };

  char at(uint32_t offset) const { return offset < limit_ ? text_[offset] : '\n'; }

  uint32_t offsetOf(const YAML::Mark& mark) const {
    if (mark.pos < 0)
      return base_;
    uint64_t offset = uint64_t{base_} + static_cast<uint64_t>(mark.pos);
    return static_cast<uint32_t>(std::min<uint64_t>(offset, limit_));
  }

  int columnOf(uint32_t offset) const {
    return static_cast<int>(offset - lines_.lineStart(lines_.lineOf(offset)));
  }

  uint32_t lineEndClamped(uint32_t offset) const {
    return std::min(lines_.lineEnd(lines_.lineOf(offset)), limit_);
  }

  /// Skips whitespace, line breaks and `#` comments.
  uint32_t skipSpaceAndComments(uint32_t pos) const {
    while (pos < limit_) {
      if (isSpace(text_[pos])) {
        ++pos;
      } else if (text_[pos] == '#') {
        while (pos < limit_ && !isLineEnd(text_[pos]))
          ++pos;
      } else {
        break;
      }
    }
    return pos;
  }

  /// yaml-cpp marks a node before its anchor (`&a`) and tag (`!t`); the node itself follows.
  uint32_t skipProperties(uint32_t pos) const {
    while (pos < limit_ && (text_[pos] == '&' || text_[pos] == '!')) {
      while (pos < limit_ && !isSpace(text_[pos]) && !isFlowIndicator(text_[pos]))
        ++pos;
      pos = skipSpaceAndComments(pos);
    }
    return pos;
  }

  uint32_t scanDoubleQuoted(uint32_t pos) const {
    for (++pos; pos < limit_; ++pos) {
      if (text_[pos] == '\\')
        ++pos;
      else if (text_[pos] == '"')
        return pos + 1;
    }
    return limit_;
  }

  uint32_t scanSingleQuoted(uint32_t pos) const {
    for (++pos; pos < limit_; ++pos) {
      if (text_[pos] != '\'')
        continue;
      if (pos + 1 < limit_ && text_[pos + 1] == '\'')
        ++pos;
      else
        return pos + 1;
    }
    return limit_;
  }

  /// A plain scalar ends at a line end, ` #`, `: ` and, in flow context, at `,[]{}`. It goes on
  /// over following lines only while the source seen so far is shorter than \p valueLength
  /// (folding never makes a value longer than its source).
  uint32_t scanPlain(uint32_t pos, size_t valueLength) const {
    bool flow = flowDepth_ > 0;
    uint32_t end = pos;
    size_t consumed = 0;
    while (pos < limit_) {
      uint32_t segmentBegin = pos;
      bool terminated = false;
      for (; pos < limit_ && !isLineEnd(text_[pos]); ++pos) {
        char c = text_[pos];
        if (c == '#' && pos > segmentBegin && isBlank(text_[pos - 1])) {
          terminated = true;
          break;
        }
        if (c == ':') {
          char next = at(pos + 1);
          if (isSpace(next) || (flow && isFlowIndicator(next))) {
            terminated = true;
            break;
          }
        }
        if (flow && isFlowIndicator(c)) {
          terminated = true;
          break;
        }
      }
      uint32_t segmentEnd = pos;
      while (segmentEnd > segmentBegin && isBlank(text_[segmentEnd - 1]))
        --segmentEnd;
      if (segmentEnd > segmentBegin) {
        consumed += (consumed ? 1 : 0) + (segmentEnd - segmentBegin);
        end = segmentEnd;
      }
      if (terminated || consumed >= valueLength)
        break;
      // Continue on the next non-blank line, unless it is a comment.
      while (pos < limit_ && isSpace(text_[pos]))
        ++pos;
      if (pos >= limit_ || text_[pos] == '#')
        break;
    }
    return end;
  }

  /// `|` / `>` scalars: from the indicator to the end of the last content line, i.e. the last
  /// non-blank line indented past the enclosing collection.
  uint32_t scanBlockScalar(uint32_t indicator) const {
    uint32_t headerEnd = indicator;
    while (headerEnd < limit_ && !isSpace(text_[headerEnd]))
      ++headerEnd;
    int parentColumn = stack_.empty() ? -1 : stack_.back().column;
    uint32_t end = headerEnd;
    int contentIndent = -1;
    for (uint32_t line = lines_.lineOf(indicator) + 1;
         line < lines_.lineCount() && lines_.lineStart(line) < limit_; ++line) {
      uint32_t start = lines_.lineStart(line);
      uint32_t lineEnd = std::min(lines_.lineEnd(line), limit_);
      uint32_t pos = start;
      while (pos < lineEnd && text_[pos] == ' ')
        ++pos;
      std::string_view rest = text_.substr(pos, lineEnd - pos);
      if (trim(rest).empty())
        continue;
      int indent = static_cast<int>(pos - start);
      if (indent <= parentColumn || (contentIndent >= 0 && indent < contentIndent))
        break;
      if (contentIndent < 0)
        contentIndent = indent;
      end = pos + static_cast<uint32_t>(trimRight(rest).size());
    }
    return end;
  }

  void open(YamlNode::Kind kind, const YAML::Mark& mark, YAML::EmitterStyle::value style) {
    Frame frame;
    frame.node.kind = kind;
    frame.node.flow = style == YAML::EmitterStyle::Flow;
    uint32_t begin = skipProperties(offsetOf(mark));
    frame.node.range = {begin, begin};
    frame.column = columnOf(begin);
    if (frame.node.flow)
      ++flowDepth_;
    stack_.push_back(std::move(frame));
  }

  void close(char bracket) {
    if (stack_.empty())
      return;
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.key) {
      // A key without a value (not expected from yaml-cpp): keep it with a null value.
      YamlNode::Entry entry{keyText(*frame.key), frame.key->range, {}};
      entry.value.range = {frame.key->range.end, frame.key->range.end};
      frame.node.entries.push_back(std::move(entry));
    }
    YamlNode& node = frame.node;
    uint32_t contentEnd = frame.hasChild ? frame.lastChildEnd : node.range.begin;
    if (node.flow) {
      --flowDepth_;
      uint32_t pos = frame.hasChild ? frame.lastChildEnd : node.range.begin + 1;
      while (pos < limit_ && text_[pos] != bracket)
        pos = text_[pos] == '#' ? skipSpaceAndComments(pos) : pos + 1;
      node.range.end = pos < limit_ ? pos + 1 : std::max(contentEnd, node.range.begin);
    } else {
      node.range.end = std::max(contentEnd, node.range.begin);
    }
    add(std::move(node));
  }

  std::string keyText(const YamlNode& key) const {
    if (key.kind == YamlNode::Kind::Scalar)
      return key.scalar;
    if (key.kind == YamlNode::Kind::Null)
      return {};
    return std::string(text_.substr(key.range.begin, key.range.end - key.range.begin));
  }

  /// A null (or alias) at \p mark. An empty value (`key:` with nothing after it) has the
  /// empty range just after its indicator (`:` or `-`); yaml-cpp marks the next token then.
  void addNull(uint32_t mark) {
    uint32_t indicator = mark;
    if (!stack_.empty()) {
      const Frame& frame = stack_.back();
      if (frame.node.kind == YamlNode::Kind::Mapping && frame.key) {
        uint32_t pos = frame.key->range.end;
        while (pos < limit_ && isBlank(text_[pos]))
          ++pos;
        indicator = at(pos) == ':' ? pos + 1 : frame.key->range.end;
      } else if (frame.node.kind == YamlNode::Kind::Sequence && !frame.node.flow) {
        uint32_t pos =
            skipSpaceAndComments(frame.hasChild ? frame.lastChildEnd : frame.node.range.begin);
        if (at(pos) == '-')
          indicator = pos + 1;
      }
    }
    uint32_t pos = indicator;
    while (pos < limit_ && isBlank(text_[pos]))
      ++pos;
    YamlNode node;
    node.kind = YamlNode::Kind::Null;
    node.range = {indicator, indicator};
    bool emptyRestOfLine = pos >= limit_ || isLineEnd(text_[pos]) || text_[pos] == '#';
    if (!emptyRestOfLine) {
      // An explicit null (`~`, `null`) or an alias on the indicator's line.
      uint32_t token = mark;
      if (token >= indicator && token <= lineEndClamped(indicator))
        node.range = {token, std::max(token, scanPlain(token, 0))};
    }
    add(std::move(node));
  }

  void add(YamlNode node) {
    if (stack_.empty()) {
      if (!root)
        root = std::move(node);
      return;
    }
    Frame& frame = stack_.back();
    frame.hasChild = true;
    frame.lastChildEnd = std::max(frame.lastChildEnd, node.range.end);
    if (frame.node.kind == YamlNode::Kind::Sequence) {
      frame.node.items.push_back(std::move(node));
    } else if (!frame.key) {
      frame.key = std::move(node);
    } else {
      YamlNode::Entry entry{keyText(*frame.key), frame.key->range, std::move(node)};
      frame.node.entries.push_back(std::move(entry));
      frame.key.reset();
    }
  }

  std::string_view text_;
  const LineIndex& lines_;
  uint32_t base_;
  uint32_t limit_;
  std::vector<Frame> stack_;
  int flowDepth_ = 0;
};

/// A `yaml-syntax` problem from \p offset to the end of its line (at least one character).
Diagnostic yamlProblem(std::string_view text, const LineIndex& lines, uint32_t offset,
                       std::string message) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  uint32_t end = lines.lineEnd(lines.lineOf(offset));
  if (end <= offset)
    end = std::min<uint32_t>(offset + 1, static_cast<uint32_t>(text.size()));
  Diagnostic problem;
  problem.range = {offset, std::max(offset, end)};
  problem.severity = Severity::Error;
  problem.code = "yaml-syntax";
  problem.message = std::move(message);
  return problem;
}

/// The text of \p content with every lone `\r` (old Mac line end) made `\n`: yaml-cpp breaks
/// lines only at `\n` and `\r\n`. The replacement is byte for byte, so marks stay offsets.
std::string withNewlineBreaks(std::string_view text, ByteRange content) {
  std::string yaml(text.substr(content.begin, content.end - content.begin));
  for (size_t i = 0; i < yaml.size(); ++i) {
    size_t next = content.begin + i + 1;
    if (yaml[i] == '\r' && (next >= text.size() || text[next] != '\n'))
      yaml[i] = '\n';
  }
  return yaml;
}

bool isDelimiterLine(std::string_view line, bool allowDots) {
  line = trim(line);
  return line == "---" || (allowDots && line == "...");
}

/// What a line between an opening `---` and its closing delimiter can be.
enum class FrontMatterLine {
  Blank,
  Comment,  // `# …`: a YAML comment (a markdown heading looks the same)
  Key,      // `key:` / `"key":` at column 0
  Content,  // other YAML: indented lines, `- ` items, flow brackets, `? ` keys, properties
  Markdown, // cannot be YAML here: prose, `* ` bullets, tables, fences, quotes
};

/// A plain key at column 0: a scalar up to a `:` that is followed by a space or the line end.
bool isPlainKeyLine(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && i > 0 && isBlank(line[i - 1]))
      return false; // a comment starts before any `:`
    if (line[i] == ':' && (i + 1 == line.size() || isSpace(line[i + 1])))
      return i > 0;
  }
  return false;
}

/// Classifies a front-matter line leniently: a false "markdown" could call valid front matter
/// unclosed, so only lines that cannot continue a top-level YAML mapping count as markdown.
FrontMatterLine classifyFrontMatterLine(std::string_view line) {
  if (trim(line).empty())
    return FrontMatterLine::Blank;
  char first = line.front();
  if (isBlank(first))
    return FrontMatterLine::Content;
  if (first == '#')
    return FrontMatterLine::Comment;
  if (first == '-' || first == '?')
    return line.size() == 1 || isSpace(line[1]) ? FrontMatterLine::Content
                                                : FrontMatterLine::Markdown;
  if (first == '[' || first == ']' || first == '{' || first == '}' || first == ',' ||
      first == '&' || first == '!')
    return FrontMatterLine::Content;
  if (first == '"' || first == '\'')
    return FrontMatterLine::Key;
  // `*`, `>`, `|`, `` ` ``, `@`, `%` cannot start a plain key; `* ` is a markdown bullet.
  static constexpr std::string_view kNotPlainStart = "*>|`@%";
  if (kNotPlainStart.find(first) != std::string_view::npos)
    return FrontMatterLine::Markdown;
  return isPlainKeyLine(line) ? FrontMatterLine::Key : FrontMatterLine::Markdown;
}

/// `# Title` … `###### Title`: a YAML comment that may also be a markdown heading.
bool isHeadingShaped(std::string_view line) {
  size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#')
    ++hashes;
  return hashes >= 1 && hashes <= 6 && (hashes == line.size() || isBlank(line[hashes]));
}

/// findFrontMatter leaves unclosed front matter without a closing line: its block ends where
/// its content does (a closed block ends after the closing `---`).
bool isUnclosedFrontMatter(const Metadata& metadata) {
  return metadata.placement == MetadataPlacement::FrontMatter &&
         metadata.blockRange.end <= metadata.contentRange.end;
}

} // namespace

bool isYamlFenceLanguage(std::string_view language) {
  auto equalsIgnoringCase = [&](std::string_view expected) {
    return language.size() == expected.size() &&
           std::equal(language.begin(), language.end(), expected.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  return equalsIgnoringCase("yaml") || equalsIgnoringCase("yml");
}

std::optional<uint32_t> findFrontMatter(std::string_view text, const LineIndex& lines,
                                        uint32_t bomLength, Metadata& metadata) {
  std::string_view first = lines.lineText(0);
  if (first.size() < bomLength || trimRight(first.substr(bomLength)) != "---")
    return std::nullopt;
  std::optional<uint32_t> lastContentLine; // the last key or content line seen
  // At the latest heading-shaped comment: the last content line before it.
  std::optional<uint32_t> lastContentBeforeHeading;
  bool sawHeading = false;
  bool sawKey = false;
  for (uint32_t line = 1; line < lines.lineCount(); ++line) {
    std::string_view lineText = lines.lineText(line);
    if (trimRight(lineText) == "---" || trimRight(lineText) == "...") {
      metadata.placement = MetadataPlacement::FrontMatter;
      metadata.firstLine = {bomLength, lines.lineEnd(0)};
      metadata.blockRange = {bomLength, lines.lineEnd(line)};
      metadata.contentRange = {lines.lineStart(1), lines.lineStart(line)};
      return nextLineStart(lines, line);
    }
    FrontMatterLine kind = classifyFrontMatterLine(lineText);
    if (kind == FrontMatterLine::Comment && isHeadingShaped(lineText)) {
      sawHeading = true;
      lastContentBeforeHeading = lastContentLine;
    } else if (kind == FrontMatterLine::Markdown && sawHeading) {
      // A `# heading` followed by markdown: the body has begun without a closing `---`, and a
      // later `---` is the body's thematic break. The front matter ended before that heading.
      lastContentLine = lastContentBeforeHeading;
      break;
    } else if (kind == FrontMatterLine::Key || kind == FrontMatterLine::Content) {
      lastContentLine = line;
      sawKey = sawKey || kind == FrontMatterLine::Key;
    }
  }
  // No closing delimiter. With `key:` lines after the `---` the writer meant front matter: it
  // runs to its last YAML line and parseMetadataYaml reports it unclosed. Without keys, line 1
  // is just a thematic break.
  if (!sawKey || !lastContentLine)
    return std::nullopt;
  metadata.placement = MetadataPlacement::FrontMatter;
  metadata.firstLine = {bomLength, lines.lineEnd(0)};
  metadata.blockRange = {bomLength, lines.lineEnd(*lastContentLine)};
  metadata.contentRange = {lines.lineStart(1), nextLineStart(lines, *lastContentLine)};
  (void)text;
  return nextLineStart(lines, *lastContentLine);
}

void setFencedBlock(std::string_view text, const LineIndex& lines, uint32_t openLine,
                    std::optional<uint32_t> closeLine, Metadata& metadata) {
  auto textSize = static_cast<uint32_t>(text.size());
  uint32_t fenceBegin = lines.lineStart(openLine);
  uint32_t fenceEnd = lines.lineEnd(openLine);
  while (fenceBegin < fenceEnd && isBlank(text[fenceBegin]))
    ++fenceBegin;
  metadata.placement = MetadataPlacement::FencedBlock;
  metadata.firstLine = {fenceBegin, fenceEnd};
  metadata.blockRange = {fenceBegin, closeLine ? lines.lineEnd(*closeLine) : textSize};

  // Content lines: [firstContent, endContent).
  uint32_t firstContent = openLine + 1;
  uint32_t endContent = closeLine ? *closeLine : lines.lineCount();
  if (firstContent >= lines.lineCount())
    firstContent = endContent = lines.lineCount();
  if (firstContent < endContent && isDelimiterLine(lines.lineText(firstContent), false))
    ++firstContent;
  uint32_t last = endContent;
  while (last > firstContent && trim(lines.lineText(last - 1)).empty())
    --last;
  if (last > firstContent && isDelimiterLine(lines.lineText(last - 1), true))
    endContent = last - 1;
  auto startOf = [&](uint32_t line) {
    return line < lines.lineCount() ? lines.lineStart(line) : textSize;
  };
  uint32_t contentBegin = startOf(firstContent);
  uint32_t contentEnd =
      closeLine || endContent < lines.lineCount() ? startOf(endContent) : textSize;
  metadata.contentRange = {contentBegin, std::max(contentBegin, contentEnd)};
}

void parseMetadataYaml(std::string_view text, const LineIndex& lines, Metadata& metadata,
                       std::vector<Diagnostic>& problems, YamlReader reader) {
  metadata.parsed = false;
  metadata.entries.clear();
  ByteRange content = metadata.contentRange;
  if (content.end > text.size() || content.begin > content.end)
    return;
  if (content.end - content.begin > kMaxMetadataBytes) {
    problems.push_back(yamlProblem(text, lines, metadata.firstLine.begin,
                                   "the metadata block is too large (" +
                                       std::to_string(content.end - content.begin) +
                                       " bytes; at most 1 MB is read)"));
    return;
  }
  if (isUnclosedFrontMatter(metadata)) {
    uint32_t lastLine = lines.lineOf(metadata.blockRange.end) + 1;
    problems.push_back(yamlProblem(
        text, lines, metadata.firstLine.begin,
        "front matter starts here but has no closing `---`; add a `---` line after its last "
        "field (line " +
            std::to_string(lastLine) + ")"));
    return;
  }
  if (reader == YamlReader::FastFirst) {
    if (auto entries = parseSimpleYaml(text, content)) {
      metadata.parsed = true;
      metadata.entries = std::move(*entries);
      return;
    }
  }
  std::string_view yaml = text.substr(content.begin, content.end - content.begin);
  // yaml-cpp does not count a leading BOM in its marks.
  uint32_t base = content.begin;
  if (yaml.substr(0, 3) == "\xEF\xBB\xBF")
    base += 3;
  TreeBuilder builder(text, lines, base, content.end);
  try {
    std::istringstream stream{withNewlineBreaks(text, content)};
    YAML::Parser parser(stream);
    parser.HandleNextDocument(builder);
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp's depth guard says only "bad file"; say what is wrong.
    uint32_t offset = content.begin;
    if (error.mark.pos >= 0)
      offset = static_cast<uint32_t>(
          std::min<uint64_t>(uint64_t{base} + static_cast<uint64_t>(error.mark.pos), content.end));
    problems.push_back(yamlProblem(text, lines, offset,
                                   "YAML nested too deeply (more than " +
                                       std::to_string(error.depth() - 1) + " levels)"));
    return;
  } catch (const YAML::Exception& error) {
    uint32_t offset = content.begin;
    if (error.mark.pos >= 0)
      offset = static_cast<uint32_t>(
          std::min<uint64_t>(uint64_t{base} + static_cast<uint64_t>(error.mark.pos), content.end));
    problems.push_back(
        yamlProblem(text, lines, offset, "YAML syntax error: " + std::string(error.msg)));
    return;
  } catch (const std::exception& error) {
    problems.push_back(
        yamlProblem(text, lines, content.begin, "YAML syntax error: " + std::string(error.what())));
    return;
  }
  if (!builder.root || builder.root->kind == YamlNode::Kind::Null) {
    metadata.parsed = true; // an empty block: nothing to read, nothing wrong with the YAML
    return;
  }
  if (builder.root->kind != YamlNode::Kind::Mapping) {
    problems.push_back(yamlProblem(text, lines, builder.root->range.begin,
                                   "metadata must be a mapping of fields (`key: value` lines)"));
    return;
  }
  metadata.parsed = true;
  metadata.entries = std::move(builder.root->entries);
}

} // namespace detail
} // namespace session::core
