// A fast reader for the plain YAML that session metadata is written in, in front of yaml-cpp.
//
// Why: yaml-cpp's scanner costs about 0.1 ms on a 600-byte front matter (half of it in its
// regex matcher), as much as md4c on the whole 12 KB session, and that alone kept the cold
// index of 10 000 sessions over its 1 s budget (bench/RESULTS.md, "Workspace index").
//
// How it stays exact: it accepts only a small, unambiguous subset — block mappings with simple
// keys, block sequences, one-line flow sequences of scalars, one-line plain and quoted scalars
// without escapes, comments — and returns nullopt for anything else (anchors, tags, multi-line
// scalars, flow mappings, escapes, tabs, lone CRs, odd Unicode, anything it does not expect).
// Then yaml-cpp reads the block as before. For every input it accepts, the tree is the one
// yaml-cpp's reader builds, ranges included: tests/core/SimpleYamlTests.cpp checks that on
// fixtures and on every session of the examples, and the FuzzMetadata target checks it on
// whatever libFuzzer makes.
#include "server/core/Metadata.h"

#include <algorithm>

namespace session::core::detail {
namespace {

struct ContentLine {
  uint32_t begin = 0;  // offset of the line's first byte
  uint32_t end = 0;    // offset of its line ending (before `\r\n` or `\n`)
  uint32_t indent = 0; // spaces before its first character; may be moved past a `- `
};

bool isKeyStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isKeyCharacter(char c) {
  return isKeyStart(c) || c == '-' || c == '.';
}

/// Scalars that yaml-cpp reports as null rather than as a string.
bool isNullWord(std::string_view value) {
  return value == "~" || value == "null" || value == "Null" || value == "NULL";
}

/// Bytes the subset refuses anywhere: control characters other than `\n` (and `\r` before
/// it), tabs, DEL, a BOM, and the Unicode line breaks NEL, LS and PS that YAML 1.1 readers
/// may treat as line ends; and invalid UTF-8, which yaml-cpp replaces.
bool hasRefusedBytes(std::string_view content) {
  for (size_t i = 0; i < content.size(); ++i) {
    auto c = static_cast<unsigned char>(content[i]);
    if (c == '\n')
      continue;
    if (c == '\r') {
      if (i + 1 < content.size() && content[i + 1] == '\n')
        continue;
      return true;
    }
    if (c < 0x20 || c == 0x7F)
      return true;
    if (c == 0xC2 && i + 1 < content.size() && static_cast<unsigned char>(content[i + 1]) == 0x85)
      return true;
    if (c == 0xE2 && i + 2 < content.size() && static_cast<unsigned char>(content[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(content[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(content[i + 2]) == 0xA9))
      return true;
    if (c == 0xEF && i + 2 < content.size() && static_cast<unsigned char>(content[i + 1]) == 0xBB &&
        static_cast<unsigned char>(content[i + 2]) == 0xBF)
      return true;
  }
  return !isValidUtf8(content);
}

class SimpleYamlReader {
public:
  SimpleYamlReader(std::string_view text, ByteRange content) : text_(text) {
    uint32_t pos = content.begin;
    while (pos < content.end) {
      uint32_t end = pos;
      while (end < content.end && text_[end] != '\n')
        ++end;
      uint32_t next = end < content.end ? end + 1 : end;
      if (end > pos && text_[end - 1] == '\r')
        --end;
      uint32_t first = pos;
      while (first < end && text_[first] == ' ')
        ++first;
      // Blank lines and comment lines carry nothing.
      if (first < end && text_[first] != '#')
        lines_.push_back({pos, end, first - pos});
      pos = next;
    }
  }

  std::optional<std::vector<YamlNode::Entry>> read() {
    if (lines_.empty() || lines_[0].indent != 0)
      return std::nullopt; // empty or indented roots: rare, left to yaml-cpp
    YamlNode root = readMapping(0);
    if (failed_ || next_ != lines_.size())
      return std::nullopt;
    return std::move(root.entries);
  }

private:
  std::optional<YamlNode> fail() {
    failed_ = true;
    return std::nullopt;
  }

  char at(uint32_t offset, uint32_t end) const { return offset < end ? text_[offset] : '\n'; }

  uint32_t skipSpaces(uint32_t pos, uint32_t end) const {
    while (pos < end && text_[pos] == ' ')
      ++pos;
    return pos;
  }

  /// Whether only blanks and a comment (after at least one blank) follow \p pos on the line.
  bool onlyCommentFollows(uint32_t pos, uint32_t end) const {
    uint32_t rest = skipSpaces(pos, end);
    return rest == end || (text_[rest] == '#' && rest > pos);
  }

  /// `key:` at the line's indent: the key's end (the colon's offset), or 0 when the line does
  /// not start with a simple key followed by `:` and a blank or the line end.
  uint32_t keyEnd(const ContentLine& line) const {
    uint32_t pos = line.begin + line.indent;
    if (pos >= line.end || !isKeyStart(text_[pos]))
      return 0;
    while (pos < line.end && isKeyCharacter(text_[pos]))
      ++pos;
    if (pos >= line.end || text_[pos] != ':')
      return 0;
    char next = at(pos + 1, line.end);
    if (next != ' ' && next != '\n')
      return 0;
    return pos;
  }

  bool isItemLine(const ContentLine& line) const {
    uint32_t pos = line.begin + line.indent;
    return pos < line.end && text_[pos] == '-' && at(pos + 1, line.end) == ' ';
  }

  YamlNode readMapping(uint32_t indent) {
    // yaml-cpp refuses nesting past 500 levels; whatever is deep is left to it.
    if (++depth_ > kMaxDepth)
      fail();
    YamlNode mapping;
    mapping.kind = YamlNode::Kind::Mapping;
    mapping.range = {lines_[next_].begin + indent, lines_[next_].begin + indent};
    while (!failed_ && next_ < lines_.size() && lines_[next_].indent == indent) {
      const ContentLine line = lines_[next_];
      uint32_t colon = keyEnd(line);
      if (colon == 0) {
        fail();
        break;
      }
      YamlNode::Entry entry;
      uint32_t keyBegin = line.begin + indent;
      entry.key = std::string(text_.substr(keyBegin, colon - keyBegin));
      if (isNullWord(entry.key)) {
        fail();
        break;
      }
      entry.keyRange = {keyBegin, colon};
      uint32_t valueBegin = skipSpaces(colon + 1, line.end);
      if (valueBegin == line.end || text_[valueBegin] == '#') {
        ++next_;
        entry.value = readNestedOrNull(indent, colon + 1);
      } else {
        auto value = readInlineValue(valueBegin, line.end);
        if (!value)
          break;
        entry.value = std::move(*value);
        ++next_;
        // A deeper line after a one-line value continues it (a multi-line scalar) or is an
        // error: yaml-cpp decides.
        if (next_ < lines_.size() && lines_[next_].indent > indent)
          fail();
      }
      mapping.range.end = std::max({mapping.range.end, entry.keyRange.end, entry.value.range.end});
      mapping.entries.push_back(std::move(entry));
    }
    --depth_;
    return mapping;
  }

  /// The value of `key:` with nothing after it on its line: a deeper mapping, a sequence (at
  /// the key's indent or deeper), or null — the empty range just after the colon.
  YamlNode readNestedOrNull(uint32_t indent, uint32_t afterColon) {
    if (next_ < lines_.size()) {
      const ContentLine& line = lines_[next_];
      if (isItemLine(line) && line.indent >= indent)
        return readSequence(line.indent);
      if (line.indent > indent) {
        if (keyEnd(line) != 0)
          return readMapping(line.indent);
        fail();
      }
    }
    YamlNode null;
    null.range = {afterColon, afterColon};
    return null;
  }

  YamlNode readSequence(uint32_t indent) {
    if (++depth_ > kMaxDepth)
      fail();
    YamlNode sequence;
    sequence.kind = YamlNode::Kind::Sequence;
    sequence.range = {lines_[next_].begin + indent, lines_[next_].begin + indent};
    while (!failed_ && next_ < lines_.size() && lines_[next_].indent == indent &&
           isItemLine(lines_[next_])) {
      ContentLine& line = lines_[next_];
      uint32_t itemBegin = skipSpaces(line.begin + indent + 1, line.end);
      if (itemBegin == line.end || text_[itemBegin] == '#') {
        fail(); // `-` alone: a nested block or a null item
        break;
      }
      // `- key: value` opens a mapping whose keys stand at the column of the first one.
      uint32_t itemIndent = itemBegin - line.begin;
      ContentLine asKeyLine = line;
      asKeyLine.indent = itemIndent;
      if (keyEnd(asKeyLine) != 0) {
        line.indent = itemIndent;
        YamlNode item = readMapping(itemIndent);
        sequence.range.end = std::max(sequence.range.end, item.range.end);
        sequence.items.push_back(std::move(item));
        continue;
      }
      auto item = readInlineValue(itemBegin, line.end);
      if (!item)
        break;
      ++next_;
      if (next_ < lines_.size() && lines_[next_].indent > indent) {
        fail();
        break;
      }
      sequence.range.end = std::max(sequence.range.end, item->range.end);
      sequence.items.push_back(std::move(*item));
    }
    --depth_;
    return sequence;
  }

  /// A value that starts at \p begin and ends on this line: a flow sequence or a scalar, then
  /// nothing but blanks and a comment.
  std::optional<YamlNode> readInlineValue(uint32_t begin, uint32_t end) {
    std::optional<YamlNode> value;
    uint32_t after = begin;
    if (text_[begin] == '[')
      value = readFlowSequence(begin, end, after);
    else
      value = readScalar(begin, end, false, after);
    if (!value || !onlyCommentFollows(after, end))
      return fail();
    return value;
  }

  std::optional<YamlNode> readFlowSequence(uint32_t open, uint32_t end, uint32_t& after) {
    YamlNode sequence;
    sequence.kind = YamlNode::Kind::Sequence;
    sequence.flow = true;
    uint32_t pos = skipSpaces(open + 1, end);
    if (at(pos, end) != ']') {
      while (true) {
        uint32_t itemEnd = pos;
        auto item = readScalar(pos, end, true, itemEnd);
        if (!item)
          return fail();
        sequence.items.push_back(std::move(*item));
        pos = skipSpaces(itemEnd, end);
        if (at(pos, end) == ']')
          break;
        if (at(pos, end) != ',')
          return fail();
        pos = skipSpaces(pos + 1, end);
        if (at(pos, end) == ']')
          return fail(); // a trailing comma: left to yaml-cpp
      }
    }
    sequence.range = {open, pos + 1};
    after = pos + 1;
    return sequence;
  }

  /// A one-line scalar at \p begin: plain, or quoted without escapes. \p inFlow: inside `[…]`.
  std::optional<YamlNode> readScalar(uint32_t begin, uint32_t end, bool inFlow, uint32_t& after) {
    YamlNode scalar;
    scalar.kind = YamlNode::Kind::Scalar;
    char first = at(begin, end);
    if (first == '"' || first == '\'') {
      uint32_t pos = begin + 1;
      std::string value;
      while (true) {
        if (pos >= end)
          return fail(); // continues on the next line
        char c = text_[pos];
        if (c == '\\' && first == '"')
          return fail(); // escapes: yaml-cpp decodes them
        if (c == first) {
          if (first == '\'' && at(pos + 1, end) == '\'') {
            value += '\'';
            pos += 2;
            continue;
          }
          break;
        }
        value += c;
        ++pos;
      }
      scalar.style = first == '"' ? ScalarStyle::DoubleQuoted : ScalarStyle::SingleQuoted;
      scalar.scalar = std::move(value);
      scalar.range = {begin, pos + 1};
      after = pos + 1;
      return scalar;
    }
    // Plain: refuse the indicators that start something else (or an error).
    static constexpr std::string_view kRefusedFirst = "[]{},#&*!|>%@`";
    if (first == '\n' || kRefusedFirst.find(first) != std::string_view::npos)
      return fail();
    if ((first == '-' || first == '?' || first == ':') &&
        (at(begin + 1, end) == ' ' || at(begin + 1, end) == '\n'))
      return fail();
    uint32_t pos = begin;
    for (; pos < end; ++pos) {
      char c = text_[pos];
      if (c == '#') {
        if (text_[pos - 1] == ' ')
          break; // a comment
        if (inFlow)
          return fail();
      }
      if (c == ':') {
        char next = at(pos + 1, end);
        if (next == ' ' || next == '\n' || inFlow)
          return fail(); // a mapping inside a value, or a flow-context subtlety
      }
      // yaml-cpp also ends a plain scalar at `?` in flow context (YAML would not).
      if (inFlow && (c == '[' || c == '{' || c == '}' || c == '?'))
        return fail();
      if (inFlow && (c == ',' || c == ']'))
        break;
    }
    uint32_t valueEnd = pos;
    while (valueEnd > begin && text_[valueEnd - 1] == ' ')
      --valueEnd;
    scalar.scalar = std::string(text_.substr(begin, valueEnd - begin));
    if (scalar.scalar.empty() || isNullWord(scalar.scalar))
      return fail();
    scalar.range = {begin, valueEnd};
    after = valueEnd;
    return scalar;
  }

  std::string_view text_;
  std::vector<ContentLine> lines_;
  size_t next_ = 0;
  bool failed_ = false;
  int depth_ = 0;
  static constexpr int kMaxDepth = 64;
};

} // namespace

std::optional<std::vector<YamlNode::Entry>> parseSimpleYaml(std::string_view text,
                                                            ByteRange content) {
  if (content.end > text.size() || content.begin >= content.end ||
      hasRefusedBytes(text.substr(content.begin, content.end - content.begin)))
    return std::nullopt;
  return SimpleYamlReader(text, content).read();
}

} // namespace session::core::detail
