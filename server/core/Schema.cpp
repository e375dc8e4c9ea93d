// Derives a Schema from a session template's text (SPEC §2, §3.1).
//
// The template's metadata block is not valid YAML (`track: A | B | C` is meant as "one of"), so
// it is read with a small line scanner rather than yaml-cpp; the markdown body is read line by
// line too, since only ATX headings, labelled bullets and pipe tables matter here.
#include "server/core/Schema.h"

#include <algorithm>
#include <utility>

namespace session::core {
namespace {

// ---- Small text helpers (ASCII only: template bytes may be anything) ----------------------

bool isBlankChar(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAsciiAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char toLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = toLowerAscii(c);
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return toLowerAscii(x) == toLowerAscii(y);
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isBlankChar(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isBlankChar(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string_view trimLeft(std::string_view text) {
  while (!text.empty() && isBlankChar(text.front()))
    text.remove_prefix(1);
  return text;
}

/// Trims and turns every run of whitespace into one space.
std::string collapseSpaces(std::string_view text) {
  std::string out;
  bool pendingSpace = false;
  for (char c : trim(text)) {
    if (isBlankChar(c)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace)
      out += ' ';
    pendingSpace = false;
    out += c;
  }
  return out;
}

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

std::optional<uint32_t> parseCount(std::string_view digits) {
  if (!allDigits(digits) || digits.size() > 9)
    return std::nullopt;
  uint32_t value = 0;
  for (char c : digits)
    value = value * 10 + static_cast<uint32_t>(c - '0');
  return value;
}

size_t wordCount(std::string_view text) {
  size_t count = 0;
  bool inWord = false;
  for (char c : text) {
    if (isBlankChar(c)) {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      ++count;
    }
  }
  return count;
}

std::vector<std::string_view> splitOn(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t found = text.find(separator, start);
    if (found == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, found - start));
    start = found + separator.size();
  }
}

/// Splits on `\n`, `\r\n` and a lone `\r`, as LSP does.
std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r')
      continue;
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
      ++i;
    start = i + 1;
  }
  if (start < text.size())
    lines.push_back(text.substr(start));
  return lines;
}

std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front())
    return value.substr(1, value.size() - 2);
  return value;
}

bool isQuoted(std::string_view value) {
  return unquote(value).size() != value.size();
}

/// Text with every parenthesised part removed (nested ones too), and the parts' contents.
/// An unclosed `(` swallows the rest of the text, as a hint that lost its `)`.
std::string withoutParentheses(std::string_view text, std::vector<std::string>* hints = nullptr) {
  std::string outside;
  std::string inside;
  int depth = 0;
  for (char c : text) {
    if (c == '(') {
      if (depth++ > 0)
        inside += c;
      continue;
    }
    if (c == ')' && depth > 0) {
      if (--depth == 0) {
        if (hints)
          hints->push_back(std::string(trim(inside)));
        inside.clear();
      } else {
        inside += c;
      }
      continue;
    }
    (depth > 0 ? inside : outside) += c;
  }
  if (depth > 0 && hints)
    hints->push_back(std::string(trim(inside)));
  return outside;
}

void addUnique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(std::move(value));
}

// ---- Markdown line structure ------------------------------------------------------------

/// A fenced code block opener: up to 3 spaces, then at least 3 backticks or tildes.
struct FenceOpener {
  char marker = '`';
  size_t length = 0;
  std::string info; // lower-cased first word of the info string
};

size_t leadingSpaces(std::string_view line) {
  size_t count = 0;
  while (count < line.size() && line[count] == ' ')
    ++count;
  return count;
}

std::optional<FenceOpener> fenceOpener(std::string_view line) {
  size_t indent = leadingSpaces(line);
  if (indent > 3 || indent >= line.size())
    return std::nullopt;
  char marker = line[indent];
  if (marker != '`' && marker != '~')
    return std::nullopt;
  size_t end = indent;
  while (end < line.size() && line[end] == marker)
    ++end;
  size_t length = end - indent;
  if (length < 3)
    return std::nullopt;
  std::string_view info = trim(line.substr(end));
  if (marker == '`' && info.find('`') != std::string_view::npos)
    return std::nullopt; // CommonMark: a backtick fence's info string has no backticks
  size_t wordEnd = 0;
  while (wordEnd < info.size() && !isBlankChar(info[wordEnd]))
    ++wordEnd;
  return FenceOpener{marker, length, lowerAscii(info.substr(0, wordEnd))};
}

/// CommonMark: a fence closes with a run of the same marker at least as long as the opener.
bool closesFence(std::string_view line, const FenceOpener& fence) {
  size_t indent = leadingSpaces(line);
  if (indent > 3)
    return false;
  std::string_view rest = line.substr(indent);
  size_t run = 0;
  while (run < rest.size() && rest[run] == fence.marker)
    ++run;
  return run >= fence.length && trim(rest.substr(run)).empty();
}

/// `---` (or `***`, `___`): a thematic break, which the template uses between sections.
bool isRule(std::string_view line) {
  std::string_view text = trim(line);
  if (text.empty())
    return false;
  char marker = text.front();
  if (marker != '-' && marker != '*' && marker != '_')
    return false;
  size_t count = 0;
  for (char c : text) {
    if (c == marker)
      ++count;
    else if (c != ' ' && c != '\t')
      return false;
  }
  return count >= 3;
}

struct AtxHeading {
  uint32_t level = 0;
  std::string text; // without the `#`s, the closing sequence and surrounding spaces
};

std::optional<AtxHeading> atxHeading(std::string_view line) {
  size_t indent = leadingSpaces(line);
  if (indent > 3)
    return std::nullopt;
  std::string_view rest = line.substr(indent);
  size_t hashes = 0;
  while (hashes < rest.size() && rest[hashes] == '#')
    ++hashes;
  if (hashes == 0 || hashes > 6)
    return std::nullopt;
  if (hashes < rest.size() && rest[hashes] != ' ' && rest[hashes] != '\t')
    return std::nullopt;
  std::string_view text = trim(rest.substr(hashes));
  // An optional closing run of `#`s, preceded by a space, is not part of the heading.
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '#')
    --end;
  if (end == 0)
    text = {};
  else if (end < text.size() && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    text = trim(text.substr(0, end));
  return AtxHeading{static_cast<uint32_t>(hashes), std::string(text)};
}

enum class LineRole { Text, Code, FrontMatter };

/// The template's lines with what each one is, so later passes can skip code and metadata.
struct TemplateLines {
  std::vector<std::string_view> lines;
  std::vector<LineRole> roles;
  /// Lines between the front matter's `---` markers, when the template starts with them.
  std::optional<std::pair<size_t, size_t>> frontMatter; // [begin, end) line indexes
  struct Fence {
    size_t open = 0;  // the opener's line
    size_t close = 0; // the closer's line, or lines.size() when never closed
    std::string info;
  };
  std::vector<Fence> fences;
};

bool isDocumentMarker(std::string_view line) {
  std::string_view text = line;
  while (!text.empty() && isBlankChar(text.back()))
    text.remove_suffix(1);
  return text == "---" || text == "...";
}

TemplateLines classifyLines(std::string_view text, std::vector<std::string>& warnings) {
  TemplateLines result;
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  result.lines = splitLines(text);
  const auto& lines = result.lines;
  result.roles.assign(lines.size(), LineRole::Text);

  size_t first = 0;
  if (!lines.empty() && trim(lines[0]) == "---") {
    size_t close = 1;
    while (close < lines.size() && !isDocumentMarker(lines[close]))
      ++close;
    if (close < lines.size()) {
      result.frontMatter = std::pair{size_t{1}, close};
      for (size_t i = 0; i <= close; ++i)
        result.roles[i] = LineRole::FrontMatter;
      first = close + 1;
    } else {
      warnings.push_back("the template's front matter has no closing `---`; read as markdown");
    }
  }

  for (size_t i = first; i < lines.size(); ++i) {
    auto opener = fenceOpener(lines[i]);
    if (!opener)
      continue;
    size_t close = i + 1;
    while (close < lines.size() && !closesFence(lines[close], *opener))
      ++close;
    if (close == lines.size())
      warnings.push_back("a code fence in the template is never closed (line " +
                         std::to_string(i + 1) + ")");
    for (size_t j = i; j <= close && j < lines.size(); ++j)
      result.roles[j] = LineRole::Code;
    result.fences.push_back({i, close, opener->info});
    i = close;
  }
  return result;
}

// ---- Metadata block: a line scanner for the template's YAML-like keys -------------------

struct YamlLine {
  size_t indent = 0;
  std::string_view content; // after the indentation, trailing spaces removed
  size_t lineNumber = 0;    // 1-based, for warnings
};

struct KeyLine {
  std::string key;
  std::string value;   // trimmed, comment removed, quotes kept
  std::string comment; // after `#`, trimmed
};

/// Where a YAML comment starts: `#` at the start or after a space, outside quotes.
size_t commentStart(std::string_view content) {
  char quote = 0;
  for (size_t i = 0; i < content.size(); ++i) {
    char c = content[i];
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if ((c == '"' || c == '\'') && (i == 0 || isBlankChar(content[i - 1]) || content[i - 1] == ':'))
      quote = c;
    else if (c == '#' && (i == 0 || isBlankChar(content[i - 1])))
      return i;
  }
  return std::string_view::npos;
}

std::optional<KeyLine> splitKeyLine(std::string_view content) {
  size_t hash = commentStart(content);
  std::string_view body = trim(content.substr(0, hash));
  std::string_view comment =
      hash == std::string_view::npos ? std::string_view{} : trim(content.substr(hash + 1));
  char quote = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      continue;
    }
    if ((c == '"' || c == '\'') && i == 0) {
      quote = c;
      continue;
    }
    if (c == ':' && (i + 1 == body.size() || isBlankChar(body[i + 1]))) {
      std::string_view key = unquote(trim(body.substr(0, i)));
      if (key.empty())
        return std::nullopt;
      return KeyLine{std::string(key), std::string(trim(body.substr(i + 1))), std::string(comment)};
    }
  }
  return std::nullopt;
}

bool isListItem(std::string_view content) {
  return content == "-" || content.starts_with("- ") || content.starts_with("-\t");
}

bool isLevelName(std::string_view value) {
  return value.size() >= 2 && value[0] == 'L' && allDigits(value.substr(1));
}

/// Sets kind, values and ordered from a scalar value as the template writes it.
void classifyValue(FieldSpec& field) {
  std::string_view value = field.templateValue;
  std::string_view bare = unquote(value);
  if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
    field.kind = FieldKind::StringList;
  } else if (bare == "YYYY-MM-DD") {
    field.kind = FieldKind::Date;
  } else if (bare == "HH:MM") {
    field.kind = FieldKind::Time;
  } else if (allDigits(value) ||
             (value.size() > 1 && value[0] == '-' && allDigits(value.substr(1)))) {
    field.kind = FieldKind::Integer;
  } else if (!isQuoted(value) && value.find('|') != std::string_view::npos) {
    std::vector<std::string> values;
    bool open = false;
    for (std::string_view part : splitOn(value, "|")) {
      part = trim(part);
      if (part.empty())
        continue;
      if (part == "..." || part == "\xE2\x80\xA6") { // `...` or `…`: more values may follow
        open = true;
        continue;
      }
      addUnique(values, std::string(part));
    }
    if (values.size() >= 2 || (open && !values.empty())) {
      field.kind = open ? FieldKind::OpenEnum : FieldKind::ClosedEnum;
      field.ordered = std::all_of(values.begin(), values.end(), isLevelName);
      field.values = std::move(values);
    }
  }
}

std::vector<FieldSpec> parseMapping(const std::vector<YamlLine>& lines, size_t begin, size_t end,
                                    std::vector<std::string>& warnings);

/// A list under a key: `- title: ""` items make a MappingList (the union of the items' keys),
/// `- text` items a StringList.
void parseList(FieldSpec& field, const std::vector<YamlLine>& lines, size_t begin, size_t end,
               std::vector<std::string>& warnings) {
  const size_t itemIndent = lines[begin].indent;
  std::vector<std::string> scalarItems;
  bool sawMapping = false;
  for (size_t i = begin; i < end;) {
    size_t next = i + 1;
    while (next < end && !(lines[next].indent <= itemIndent && isListItem(lines[next].content)))
      ++next;
    if (!isListItem(lines[i].content) || lines[i].indent != itemIndent) {
      warnings.push_back("line " + std::to_string(lines[i].lineNumber) + " of the metadata block " +
                         "is not a list item; ignored");
      i = next;
      continue;
    }
    // Re-read the item as a mapping: `- title: ""` becomes `  title: ""`.
    std::string_view afterDash = lines[i].content.substr(1);
    std::string_view itemContent = trimLeft(afterDash);
    std::vector<YamlLine> item;
    if (!itemContent.empty())
      item.push_back({itemIndent + 1 + (afterDash.size() - itemContent.size()), itemContent,
                      lines[i].lineNumber});
    item.insert(item.end(), lines.begin() + static_cast<std::ptrdiff_t>(i + 1),
                lines.begin() + static_cast<std::ptrdiff_t>(next));
    if (!item.empty() && splitKeyLine(item.front().content)) {
      sawMapping = true;
      for (FieldSpec& child : parseMapping(item, 0, item.size(), warnings)) {
        auto same = [&](const FieldSpec& known) {
          return known.name == child.name;
        };
        if (std::none_of(field.children.begin(), field.children.end(), same)) {
          child.order = static_cast<uint32_t>(field.children.size());
          field.children.push_back(std::move(child));
        }
      }
    } else if (!itemContent.empty()) {
      scalarItems.push_back(std::string(trim(itemContent.substr(0, commentStart(itemContent)))));
    }
    i = next;
  }
  if (sawMapping) {
    field.kind = FieldKind::MappingList;
  } else {
    field.kind = FieldKind::StringList;
    std::string joined;
    for (const std::string& item : scalarItems)
      joined += (joined.empty() ? "" : ", ") + item;
    field.templateValue = "[" + joined + "]";
  }
}

/// Reads the keys at the indentation of lines[begin] up to \p end, with their nested blocks.
std::vector<FieldSpec> parseMapping(const std::vector<YamlLine>& lines, size_t begin, size_t end,
                                    std::vector<std::string>& warnings) {
  std::vector<FieldSpec> fields;
  if (begin >= end)
    return fields;
  const size_t blockIndent = lines[begin].indent;
  for (size_t i = begin; i < end;) {
    const YamlLine& line = lines[i];
    auto keyLine = isListItem(line.content) ? std::nullopt : splitKeyLine(line.content);
    size_t next = i + 1;
    // The key's nested block: deeper lines, or (YAML allows it) a list at the key's own indent.
    bool mayNest = keyLine && keyLine->value.empty();
    while (next < end &&
           (lines[next].indent > blockIndent ||
            (mayNest && lines[next].indent == blockIndent && isListItem(lines[next].content))))
      ++next;
    if (line.indent != blockIndent || !keyLine) {
      warnings.push_back("line " + std::to_string(line.lineNumber) +
                         " of the metadata block is not a `key: value` line; ignored");
      i = next;
      continue;
    }
    auto sameName = [&](const FieldSpec& known) {
      return known.name == keyLine->key;
    };
    if (std::any_of(fields.begin(), fields.end(), sameName)) {
      warnings.push_back("the metadata key `" + keyLine->key +
                         "` appears twice; the first is used");
      i = next;
      continue;
    }

    FieldSpec field;
    field.name = keyLine->key;
    field.templateValue = keyLine->value;
    field.documentation = keyLine->comment;
    field.optional = lowerAscii(keyLine->comment).find("optional") != std::string::npos;
    field.order = static_cast<uint32_t>(fields.size());
    if (!keyLine->value.empty()) {
      if (next > i + 1)
        warnings.push_back("the metadata key `" + field.name +
                           "` has a value and nested lines; the nested lines are ignored");
      classifyValue(field);
    } else if (next > i + 1) {
      if (isListItem(lines[i + 1].content)) {
        parseList(field, lines, i + 1, next, warnings);
      } else {
        field.kind = FieldKind::Mapping;
        field.children = parseMapping(lines, i + 1, next, warnings);
      }
    }
    fields.push_back(std::move(field));
    i = next;
  }
  return fields;
}

/// The metadata lines: front matter, else the `yaml` fence under a "metadata" heading, else the
/// first `yaml` fence. Document markers (`---`) inside a fence are not keys.
std::vector<YamlLine> metadataLines(const TemplateLines& text) {
  std::optional<std::pair<size_t, size_t>> range = text.frontMatter;
  if (!range) {
    const TemplateLines::Fence* chosen = nullptr;
    for (const auto& fence : text.fences) {
      if (fence.info != "yaml" && fence.info != "yml")
        continue;
      // The nearest heading above the fence says whether this is the metadata block.
      bool underMetadataHeading = false;
      for (size_t i = fence.open; i-- > 0;) {
        if (text.roles[i] != LineRole::Text)
          continue;
        if (auto heading = atxHeading(text.lines[i])) {
          underMetadataHeading = lowerAscii(heading->text).find("metadata") != std::string::npos;
          break;
        }
      }
      if (underMetadataHeading || !chosen)
        chosen = &fence;
      if (underMetadataHeading)
        break;
    }
    if (chosen)
      range = std::pair{chosen->open + 1, chosen->close};
  }

  std::vector<YamlLine> lines;
  if (!range)
    return lines;
  for (size_t i = range->first; i < range->second && i < text.lines.size(); ++i) {
    std::string_view line = text.lines[i];
    while (!line.empty() && isBlankChar(line.back()))
      line.remove_suffix(1);
    size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t'))
      ++indent;
    std::string_view content = line.substr(indent);
    if (content.empty() || content.front() == '#' || (indent == 0 && isDocumentMarker(content)))
      continue;
    lines.push_back({indent, content, i + 1});
  }
  return lines;
}

// ---- Sections ---------------------------------------------------------------------------

/// Splits a leading section number: `5) X` -> ("5", "X"), `5.1 X` -> ("5.1", "X"),
/// `5. X` -> ("5", "X"), `A) X` -> ("A", "X"); no number -> ("", text).
std::pair<std::string, std::string_view> splitNumber(std::string_view text) {
  text = trim(text);
  size_t end = 0;
  while (end < text.size() && isDigit(text[end]))
    ++end;
  if (end > 0) {
    while (end + 1 < text.size() && text[end] == '.' && isDigit(text[end + 1])) {
      ++end;
      while (end < text.size() && isDigit(text[end]))
        ++end;
    }
    std::string_view rest = text.substr(end);
    if (rest.empty() || rest[0] == ')' || rest[0] == '.' || isBlankChar(rest[0])) {
      rest = trimLeft(rest);
      if (!rest.empty() && (rest[0] == ')' || rest[0] == '.'))
        rest = trimLeft(rest.substr(1));
      return {std::string(text.substr(0, end)), rest};
    }
    return {"", text};
  }
  // A short label before `)`, such as `A) Appendix`.
  size_t paren = text.find(')');
  if (paren != std::string_view::npos && paren > 0 && paren <= 4 &&
      (paren + 1 == text.size() || isBlankChar(text[paren + 1]))) {
    std::string_view label = text.substr(0, paren);
    bool simple =
        std::all_of(label.begin(), label.end(), [](char c) { return isAsciiAlnum(c) || c == '.'; });
    if (simple)
      return {std::string(label), trimLeft(text.substr(paren + 1))};
  }
  return {"", text};
}

/// `Q1 — [Question / Topic]`: a repeatable question block.
bool isQuestionHeading(std::string_view text) {
  text = trim(text);
  if (text.size() < 2 || (text[0] != 'Q' && text[0] != 'q') || !isDigit(text[1]))
    return false;
  size_t end = 1;
  while (end < text.size() && isDigit(text[end]))
    ++end;
  return end == text.size() || !isAsciiAlnum(text[end]);
}

void describeHeading(std::string_view headingText, SectionSpec& section) {
  section.headingText = std::string(headingText);
  section.key = sectionKey(headingText);
  auto [number, rest] = splitNumber(headingText);
  section.number = number;
  std::vector<std::string> hints;
  section.title = collapseSpaces(withoutParentheses(rest, &hints));
  section.repeatable = isQuestionHeading(headingText);
  for (const std::string& hint : hints) {
    std::string lower = collapseSpaces(lowerAscii(hint));
    if (lower.starts_with("optional"))
      section.optional = true;
    else if (lower == "mandatory")
      section.mandatory = true;
    else if (lower == "if any")
      section.mayBeEmpty = true;
    std::vector<std::string_view> words = splitOn(lower, " ");
    // `N lines max` / `N line max`, and `Max N items` / `max N item`.
    if (words.size() == 3 && (words[1] == "lines" || words[1] == "line") && words[2] == "max")
      section.maxLines = parseCount(words[0]);
    if (words.size() == 3 && words[0] == "max" && (words[2] == "items" || words[2] == "item"))
      section.maxItems = parseCount(words[1]);
  }
}

struct HeadingLine {
  size_t line = 0;
  AtxHeading heading;
};

std::string skeletonOf(const TemplateLines& text, size_t begin, size_t end) {
  while (end > begin + 1 && (trim(text.lines[end - 1]).empty() || isRule(text.lines[end - 1])))
    --end;
  std::string skeleton;
  for (size_t i = begin; i < end; ++i) {
    skeleton += text.lines[i];
    skeleton += '\n';
  }
  return skeleton;
}

std::vector<SectionSpec> parseSections(const TemplateLines& text,
                                       std::vector<std::string>& warnings) {
  std::vector<HeadingLine> headings;
  for (size_t i = 0; i < text.lines.size(); ++i) {
    if (text.roles[i] != LineRole::Text)
      continue;
    if (auto heading = atxHeading(text.lines[i]))
      headings.push_back({i, std::move(*heading)});
  }
  // A heading's text runs to the next heading of the same or a higher level.
  auto endOf = [&](size_t index) {
    for (size_t next = index + 1; next < headings.size(); ++next)
      if (headings[next].heading.level <= headings[index].heading.level)
        return headings[next].line;
    return text.lines.size();
  };

  std::vector<SectionSpec> sections;
  for (size_t index = 0; index < headings.size(); ++index) {
    const HeadingLine& heading = headings[index];
    if (heading.heading.level != 2 && heading.heading.level != 3)
      continue;
    SectionSpec spec;
    spec.level = heading.heading.level;
    describeHeading(heading.heading.text, spec);
    spec.skeleton = skeletonOf(text, heading.line, endOf(index));
    if (spec.level == 2) {
      sections.push_back(std::move(spec));
      continue;
    }
    if (sections.empty()) {
      warnings.push_back("the `### " + spec.headingText +
                         "` heading comes before any `##` section; ignored");
      continue;
    }
    auto& subsections = sections.back().subsections;
    // `### Q2 — …` is another instance of the repeatable Q block, not a spec of its own.
    bool knownRepeatable =
        spec.repeatable && std::any_of(subsections.begin(), subsections.end(),
                                       [](const SectionSpec& known) { return known.repeatable; });
    if (!knownRepeatable)
      subsections.push_back(std::move(spec));
  }
  return sections;
}

// ---- Body enums -------------------------------------------------------------------------

/// `A / B / C` when it splits into at least two short words-only parts.
std::optional<std::vector<std::string>> slashEnum(std::string_view value, std::string_view sep,
                                                  size_t maxWords) {
  std::vector<std::string> values;
  for (std::string_view part : splitOn(value, sep)) {
    part = trim(part);
    if (part.empty() || wordCount(part) > maxWords || part.find('(') != std::string_view::npos ||
        part.find(',') != std::string_view::npos || part.find("**") != std::string_view::npos)
      return std::nullopt;
    addUnique(values, std::string(part));
  }
  if (values.size() < 2)
    return std::nullopt;
  return values;
}

/// `* **Label:** A / B / C` or `* **Label?** A / B`.
std::optional<BulletEnumSpec> bulletEnumOf(std::string_view line) {
  std::string_view rest = trimLeft(line);
  if (rest.size() < 2 || (rest[0] != '*' && rest[0] != '-' && rest[0] != '+') ||
      !isBlankChar(rest[1]))
    return std::nullopt;
  rest = trimLeft(rest.substr(2));
  if (!rest.starts_with("**"))
    return std::nullopt;
  size_t close = rest.find("**", 2);
  if (close == std::string_view::npos)
    return std::nullopt;
  std::string_view label = trim(rest.substr(2, close - 2));
  std::string_view value = rest.substr(close + 2);
  if (!label.empty() && (label.back() == ':' || label.back() == '?'))
    label.remove_suffix(1);
  else if (!value.empty() && (value.front() == ':' || value.front() == '?'))
    value.remove_prefix(1);
  label = trim(label);
  if (label.empty())
    return std::nullopt;
  auto values = slashEnum(trim(value), " / ", 3);
  if (!values)
    return std::nullopt;
  return BulletEnumSpec{std::string(label), std::move(*values)};
}

std::vector<std::string_view> tableCells(std::string_view line) {
  std::string_view row = trim(line);
  if (row.starts_with('|'))
    row.remove_prefix(1);
  if (row.ends_with('|') && !row.ends_with("\\|"))
    row.remove_suffix(1);
  std::vector<std::string_view> cells;
  size_t start = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(trim(row.substr(start, i - start)));
      start = i + 1;
    }
  }
  cells.push_back(trim(row.substr(start)));
  return cells;
}

bool isDelimiterRow(std::string_view line) {
  if (line.find('-') == std::string_view::npos || line.find('|') == std::string_view::npos)
    return false;
  for (std::string_view cell : tableCells(line)) {
    if (cell.starts_with(':'))
      cell.remove_prefix(1);
    if (cell.ends_with(':'))
      cell.remove_suffix(1);
    if (cell.empty() || cell.find_first_not_of('-') != std::string_view::npos)
      return false;
  }
  return true;
}

std::string headerName(std::string_view headerCell) {
  return collapseSpaces(withoutParentheses(headerCell));
}

void addTableEnum(std::vector<TableColumnEnumSpec>& enums, TableColumnEnumSpec spec) {
  auto same = [&](const TableColumnEnumSpec& known) {
    return equalsIgnoreCase(known.header, spec.header);
  };
  if (!spec.header.empty() && std::none_of(enums.begin(), enums.end(), same))
    enums.push_back(std::move(spec));
}

void collectFieldPlaceholders(const std::vector<FieldSpec>& fields,
                              std::vector<std::string>& placeholders) {
  for (const FieldSpec& field : fields) {
    std::string_view bare = unquote(field.templateValue);
    switch (field.kind) {
    case FieldKind::String:
    case FieldKind::Date:
    case FieldKind::Time:
      if (!bare.empty())
        addUnique(placeholders, std::string(bare));
      else if (isQuoted(field.templateValue))
        addUnique(placeholders, "\"\"");
      break;
    case FieldKind::StringList:
      if (bare.size() >= 2)
        for (std::string_view item : splitOn(bare.substr(1, bare.size() - 2), ",")) {
          item = unquote(trim(item));
          if (!item.empty())
            addUnique(placeholders, std::string(item));
        }
      break;
    default:
      break;
    }
    collectFieldPlaceholders(field.children, placeholders);
  }
}

/// The body's filler that a finished session should not keep: a bracketed heading part
/// (`[Question / Topic]`) and table cells with an ellipsis (`I can …`).
void collectBodyPlaceholders(const TemplateLines& text, std::vector<std::string>& placeholders) {
  for (size_t i = 0; i < text.lines.size(); ++i) {
    if (text.roles[i] != LineRole::Text)
      continue;
    if (auto heading = atxHeading(text.lines[i])) {
      std::string_view headingText = heading->text;
      size_t open = headingText.find('[');
      size_t close = headingText.find(']', open);
      bool isLink = close != std::string_view::npos && close + 1 < headingText.size() &&
                    headingText[close + 1] == '(';
      if (open != std::string_view::npos && close != std::string_view::npos && close > open + 1 &&
          !isLink)
        addUnique(placeholders, std::string(headingText.substr(open, close - open + 1)));
    }
  }
}

void parseBodyEnums(const TemplateLines& text, Schema& schema) {
  const std::vector<std::string> levels = schema.levels();
  for (size_t i = 0; i < text.lines.size(); ++i) {
    if (text.roles[i] != LineRole::Text)
      continue;
    std::string_view line = text.lines[i];
    if (auto bullet = bulletEnumOf(line)) {
      auto same = [&](const BulletEnumSpec& known) {
        return equalsIgnoreCase(known.label, bullet->label);
      };
      if (std::none_of(schema.bulletEnums.begin(), schema.bulletEnums.end(), same))
        schema.bulletEnums.push_back(std::move(*bullet));
      continue;
    }
    bool tableStart = line.find('|') != std::string_view::npos && i + 1 < text.lines.size() &&
                      text.roles[i + 1] == LineRole::Text && isDelimiterRow(text.lines[i + 1]);
    if (!tableStart)
      continue;
    std::vector<std::string_view> headers = tableCells(line);
    for (std::string_view header : headers) {
      std::vector<std::string> hints;
      std::string name = collapseSpaces(withoutParentheses(header, &hints));
      for (const std::string& hint : hints)
        if (auto values = slashEnum(hint, "/", 1)) {
          addTableEnum(schema.tableColumnEnums, {name, std::move(*values), false});
          break;
        }
    }
    size_t row = i + 2;
    for (; row < text.lines.size() && text.roles[row] == LineRole::Text &&
           text.lines[row].find('|') != std::string_view::npos;
         ++row) {
      std::vector<std::string_view> cells = tableCells(text.lines[row]);
      for (size_t column = 0; column < cells.size() && column < headers.size(); ++column) {
        if (cells[column] == "L?") {
          if (levels.empty())
            schema.warnings.push_back("an `L?` cell under `" + headerName(headers[column]) +
                                      "` but the metadata has no level enum");
          addTableEnum(schema.tableColumnEnums, {headerName(headers[column]), levels, true});
        } else if (cells[column].find("\xE2\x80\xA6") != std::string_view::npos) {
          addUnique(schema.placeholders, std::string(cells[column]));
        }
      }
    }
    i = row - 1;
  }
}

std::map<std::string, std::string> builtinLevelMeanings() {
  return {
      {"L0", "never met it"},
      {"L1", "can name and define the ideas"},
      {"L2", "can explain them and follow a worked example"},
      {"L3", "can apply them alone on a real task"},
      {"L4", "can debug, measure and tune them in production, and teach them"},
      {"L5", "can extend them: design, research, contribute upstream"},
  };
}

} // namespace

// ---- Schema lookups ---------------------------------------------------------------------

const FieldSpec* findField(const std::vector<FieldSpec>& fields, std::string_view name) {
  for (const FieldSpec& field : fields)
    if (field.name == name)
      return &field;
  return nullptr;
}

const FieldSpec* Schema::field(std::string_view name) const {
  return findField(fields, name);
}

const FieldSpec* Schema::fieldAtPath(std::string_view dottedPath) const {
  const std::vector<FieldSpec>* level = &fields;
  const FieldSpec* found = nullptr;
  for (std::string_view part : splitOn(dottedPath, ".")) {
    found = level ? findField(*level, part) : nullptr;
    if (!found)
      return nullptr;
    level = &found->children;
  }
  return found;
}

const SectionSpec* Schema::findSection(std::string_view headingText) const {
  std::string key = sectionKey(headingText);
  if (key.empty())
    return nullptr;
  for (const SectionSpec& section : sections) {
    if (section.key == key)
      return &section;
    for (const SectionSpec& subsection : section.subsections)
      if (subsection.key == key)
        return &subsection;
  }
  return nullptr;
}

const BulletEnumSpec* Schema::bulletEnum(std::string_view label) const {
  std::string_view wanted = trim(label);
  if (!wanted.empty() && (wanted.back() == ':' || wanted.back() == '?'))
    wanted = trim(wanted.substr(0, wanted.size() - 1));
  for (const BulletEnumSpec& spec : bulletEnums)
    if (equalsIgnoreCase(spec.label, wanted))
      return &spec;
  return nullptr;
}

const TableColumnEnumSpec* Schema::tableColumnEnum(std::string_view header) const {
  std::string wanted = headerName(header);
  for (const TableColumnEnumSpec& spec : tableColumnEnums)
    if (equalsIgnoreCase(spec.header, wanted))
      return &spec;
  return nullptr;
}

std::vector<std::string> Schema::levels() const {
  for (const FieldSpec& field : fields)
    if (field.ordered)
      return field.values;
  return {};
}

// ---- Building ---------------------------------------------------------------------------

Schema parseSchema(std::string_view templateText) {
  Schema schema;
  schema.levelMeanings = builtinLevelMeanings();
  TemplateLines text = classifyLines(templateText, schema.warnings);

  std::vector<YamlLine> metadata = metadataLines(text);
  if (metadata.empty())
    schema.warnings.push_back("the template has no metadata block (front matter or ```yaml)");
  schema.fields = parseMapping(metadata, 0, metadata.size(), schema.warnings);
  schema.sections = parseSections(text, schema.warnings);

  collectFieldPlaceholders(schema.fields, schema.placeholders);
  for (const char* generic : {"\"\"", "\xE2\x80\xA6", "...", "L?"})
    addUnique(schema.placeholders, generic);
  collectBodyPlaceholders(text, schema.placeholders);
  parseBodyEnums(text, schema);
  return schema;
}

std::shared_ptr<const Schema> builtinSchema() {
  static const std::shared_ptr<const Schema> schema =
      std::make_shared<const Schema>(parseSchema(seedTemplateText()));
  return schema;
}

std::string sectionKey(std::string_view headingText) {
  std::string_view text = trim(headingText);
  // Forgive a caller that passes the whole heading line.
  while (!text.empty() && text.front() == '#')
    text.remove_prefix(1);
  text = trim(text);
  if (isQuestionHeading(text))
    return "q";
  auto [number, rest] = splitNumber(text);
  // lowerAscii(number) + " " + collapseSpaces(lowerAscii(withoutParentheses(rest))), written
  // into one buffer in one pass: every document's every heading comes through here.
  std::string key(number.size() + 1 + rest.size(), '\0');
  char* out = key.data();
  for (char c : number)
    *out++ = toLowerAscii(c);
  char* titleBegin = number.empty() ? out : out + 1;
  char* titleOut = titleBegin;
  int depth = 0;
  bool pendingSpace = false;
  for (char c : rest) {
    if (c == '(') {
      ++depth;
      continue;
    }
    if (c == ')' && depth > 0) {
      --depth;
      continue;
    }
    if (depth > 0)
      continue;
    if (isBlankChar(c)) {
      pendingSpace = titleOut != titleBegin;
      continue;
    }
    if (pendingSpace)
      *titleOut++ = ' ';
    pendingSpace = false;
    *titleOut++ = toLowerAscii(c);
  }
  if (!number.empty() && titleOut != titleBegin)
    *out = ' '; // between the number and a title
  else if (!number.empty())
    titleOut = out; // a number alone: no space after it
  key.resize(static_cast<size_t>(titleOut - key.data()));
  return key;
}

} // namespace session::core
