#include "server/features/Completion.h"

#include "server/features/EvidencePaths.h"
#include "server/features/MetadataCursor.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace session::features {
namespace {

using core::ByteRange;
using core::Document;
using core::FieldKind;
using core::FieldSpec;
using core::Schema;

std::string sortKey(size_t group, size_t index) {
  std::string number = std::to_string(index);
  return std::to_string(group) + std::string(number.size() < 5 ? 5 - number.size() : 0, '0') +
         number;
}

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}

bool isKeyCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

/// The edit range of a value that starts at \p value.begin: quotes are kept out of it, and the
/// cursor is always inside it.
ByteRange valueEditRange(std::string_view text, ByteRange value, uint32_t cursor) {
  if (value.begin < value.end && (text[value.begin] == '"' || text[value.begin] == '\'')) {
    char quote = text[value.begin];
    ++value.begin;
    if (value.end > value.begin && text[value.end - 1] == quote)
      --value.end;
  }
  if (cursor < value.begin)
    value.begin = cursor;
  value.end = std::max(value.end, cursor);
  return value;
}

/// The value text the range holds (what the user typed so far, for filtering by the client).
std::string_view slice(std::string_view text, ByteRange range) {
  return text.substr(range.begin, range.end - range.begin);
}

// ---- items ------------------------------------------------------------------------------

struct ItemSink {
  std::vector<CompletionItem> items;
  std::set<std::string, std::less<>> labels;

  CompletionItem* add(std::string label, CompletionKind kind, ByteRange range,
                      std::string newText = {}) {
    if (!labels.insert(label).second)
      return nullptr;
    CompletionItem item;
    item.newText = newText.empty() ? label : std::move(newText);
    item.label = std::move(label);
    item.kind = kind;
    item.editRange = range;
    item.sortText = sortKey(9, items.size());
    items.push_back(std::move(item));
    return &items.back();
  }
};

std::string levelDocumentation(const Schema& schema, const std::string& level) {
  auto meaning = schema.levelMeanings.find(level);
  return meaning == schema.levelMeanings.end() ? std::string() : meaning->second;
}

/// Values of a closed or ordered enum, in template order, levels with their meanings.
void addEnumValues(ItemSink& sink, const Schema& schema, const std::vector<std::string>& values,
                   bool levels, ByteRange range, std::string_view prefix,
                   std::string_view fieldDescription) {
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& value = values[i];
    auto* item = sink.add(value, levels ? CompletionKind::Level : CompletionKind::EnumValue, range,
                          std::string(prefix) + value);
    if (!item)
      continue;
    item->sortText = sortKey(0, i);
    if (!prefix.empty())
      item->filterText = std::string(prefix) + value;
    if (levels) {
      item->detail = levelDocumentation(schema, value);
      item->documentation = "**" + value + "** — " + item->detail;
    } else {
      item->detail = std::string(fieldDescription);
    }
  }
}

// ---- metadata ---------------------------------------------------------------------------

/// A top-level metadata value as written (quotes removed), read lexically.
std::string topLevelValue(const Document& document, std::string_view key) {
  for (const auto& line : document.metadata.lines) {
    if (line.indent != 0 || line.key != key)
      continue;
    std::string_view value = slice(document.text(), line.valueRange);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return {};
}

std::string fieldDocumentation(const FieldSpec& field) {
  std::string text = field.documentation.empty() ? std::string() : field.documentation + "\n\n";
  text += field.optional ? "Optional." : "Required.";
  if (!field.values.empty()) {
    text += field.kind == FieldKind::ClosedEnum ? " One of: " : " For example: ";
    for (size_t i = 0; i < field.values.size(); ++i)
      text += (i ? ", " : "") + code(field.values[i]);
    text += ".";
  }
  return text;
}

/// `key: value` for a field inserted by name, as plain text and as a snippet; nested fields
/// follow the template's layout, indented under \p indent.
void fieldInsertText(const FieldSpec& field, const std::string& indent, const std::string& today,
                     std::string& plain, std::string& snippet, int& tabStop) {
  std::string key = field.name + ":";
  auto stop = [&tabStop](const std::string& placeholder) {
    return "${" + std::to_string(tabStop++) + (placeholder.empty() ? "" : ":" + placeholder) + "}";
  };
  switch (field.kind) {
  case FieldKind::ClosedEnum: {
    plain += key + " ";
    std::string choices;
    for (size_t i = 0; i < field.values.size(); ++i) {
      std::string escaped;
      for (char c : field.values[i]) {
        if (c == ',' || c == '|' || c == '\\' || c == '$' || c == '}')
          escaped += '\\';
        escaped += c;
      }
      choices += (i ? "," : "") + escaped;
    }
    snippet += escapeSnippet(key) + " ${" + std::to_string(tabStop++) + "|" + choices + "|}";
    break;
  }
  case FieldKind::Date:
    plain += key + " " + today;
    snippet += escapeSnippet(key) + " " + stop(today);
    break;
  case FieldKind::Time:
    plain += key + " ";
    snippet += escapeSnippet(key) + " \"" + stop("HH:MM") + "\"";
    break;
  case FieldKind::Integer:
    plain += key + " ";
    snippet += escapeSnippet(key) + " " + stop("0");
    break;
  case FieldKind::StringList:
    plain += key + " []";
    snippet += escapeSnippet(key) + " [" + stop("") + "]";
    break;
  case FieldKind::Mapping:
  case FieldKind::MappingList: {
    plain += key;
    snippet += escapeSnippet(key);
    bool list = field.kind == FieldKind::MappingList;
    for (size_t i = 0; i < field.children.size(); ++i) {
      std::string childIndent = indent + "  ";
      std::string marker = list ? (i == 0 ? "- " : "  ") : "";
      plain += "\n" + childIndent + marker;
      snippet += "\n" + childIndent + marker;
      fieldInsertText(field.children[i], childIndent + (list ? "  " : ""), today, plain, snippet,
                      tabStop);
    }
    break;
  }
  default: // String, OpenEnum
    if (field.kind == FieldKind::String && field.templateValue == "\"\"") {
      plain += key + " \"\"";
      snippet += escapeSnippet(key) + " \"" + stop("") + "\"";
    } else {
      plain += key + " ";
      snippet += escapeSnippet(key) + " " + stop("");
    }
    break;
  }
}

/// The keys of the list item (`- title: …` and the lines under it) that holds \p line, which
/// stands in a list of mappings: from the nearest `- ` line at or above it that is less indented
/// (or \p line itself) to the next item or the end of the list.
std::vector<std::string> currentItemKeys(const Document& document, const core::MetadataLine& line) {
  const auto& lines = document.metadata.lines;
  auto index = static_cast<size_t>(&line - lines.data());
  size_t start = index;
  while (!(lines[start].listItem && (start == index || lines[start].indent < line.indent))) {
    if (start == 0)
      return {};
    --start;
  }
  uint32_t itemColumn = lines[start].indent;
  std::vector<std::string> keys;
  for (size_t i = start; i < lines.size(); ++i) {
    const auto& candidate = lines[i];
    bool blank = candidate.range.begin + candidate.indent == candidate.range.end;
    if (i > start && !blank &&
        (candidate.indent < itemColumn || (candidate.indent == itemColumn && candidate.listItem) ||
         (candidate.indent == itemColumn && !candidate.key.empty())))
      break;
    if (!candidate.key.empty())
      keys.push_back(candidate.key);
  }
  return keys;
}

void completeFieldNames(ItemSink& sink, const CompletionRequest& request,
                        const MetadataCursor& cursor) {
  const Document& document = *request.document;
  const Schema& schema = *request.schema;
  const auto& line = *cursor.line;
  const std::string& text = document.text();
  // The word being typed: key characters around the cursor, after any `- `.
  uint32_t begin = request.offset;
  while (begin > line.range.begin && isKeyCharacter(text[begin - 1]))
    --begin;
  uint32_t end = request.offset;
  while (end < line.range.end && isKeyCharacter(text[end]))
    ++end;
  // Only blanks (or a list marker) may stand before the word, and nothing after it.
  std::string_view before = slice(text, {line.range.begin, begin});
  if (before.find_first_not_of(" \t-") != std::string_view::npos ||
      !trim(slice(text, {end, line.range.end})).empty())
    return;

  const std::vector<FieldSpec>* fields = &schema.fields;
  if (!cursor.parentPath.empty()) {
    const FieldSpec* parent = schema.fieldAtPath(cursor.parentPath);
    if (!parent || (parent->kind != FieldKind::Mapping && parent->kind != FieldKind::MappingList))
      return;
    fields = &parent->children;
  }
  bool inList = !cursor.parentPath.empty() &&
                schema.fieldAtPath(cursor.parentPath)->kind == FieldKind::MappingList;
  // Keys of a list's items repeat in every item: only the cursor's own item counts there.
  auto present =
      inList ? currentItemKeys(document, line) : presentKeys(document, cursor.parentPath);
  std::string indent(line.indent + (line.listItem ? 2 : 0), ' ');
  for (size_t i = 0; i < fields->size(); ++i) {
    const FieldSpec& field = (*fields)[i];
    if (std::find(present.begin(), present.end(), field.name) != present.end())
      continue;
    std::string plain;
    std::string snippet;
    int tabStop = 1;
    fieldInsertText(field, indent, request.today, plain, snippet, tabStop);
    auto* item = sink.add(field.name, CompletionKind::Field, {begin, end}, plain);
    if (!item)
      continue;
    item->snippet = snippet + "$0";
    item->sortText = sortKey(0, i);
    item->detail = field.optional ? "optional field" : "required field";
    item->documentation = fieldDocumentation(field);
  }
}

/// The item of a flow list `[a, b]` around the cursor: from after the `[` or `,` before it to
/// the `,` or `]` after it, blanks trimmed. Nullopt when the cursor is outside the brackets.
std::optional<ByteRange> flowItemAt(std::string_view text, ByteRange value, uint32_t cursor) {
  if (value.empty() || text[value.begin] != '[' || cursor <= value.begin)
    return std::nullopt;
  uint32_t close = value.end;
  if (text[value.end - 1] == ']') {
    close = value.end - 1;
    if (cursor > close)
      return std::nullopt;
  }
  uint32_t begin = cursor;
  while (begin > value.begin + 1 && text[begin - 1] != ',' && text[begin - 1] != '[')
    --begin;
  while (begin < cursor && isBlank(text[begin]))
    ++begin;
  uint32_t end = cursor;
  while (end < close && text[end] != ',' && text[end] != ']')
    ++end;
  while (end > cursor && isBlank(text[end - 1]))
    --end;
  // A quoted item: the edit stays inside its quotes (as for a quoted scalar value).
  if (begin < cursor && (text[begin] == '"' || text[begin] == '\'')) {
    char quote = text[begin++];
    if (end > cursor && text[end - 1] == quote)
      --end;
  }
  return ByteRange{begin, end};
}

/// The items already listed in a flow list, except the one being edited.
std::vector<std::string> listedItems(std::string_view text, ByteRange value, ByteRange editing) {
  std::vector<std::string> items;
  uint32_t begin = value.begin + 1;
  uint32_t stop = value.end > value.begin && text[value.end - 1] == ']' ? value.end - 1 : value.end;
  for (uint32_t i = begin; i <= stop; ++i) {
    if (i == stop || text[i] == ',') {
      if (!(begin >= editing.begin && begin <= editing.end))
        if (auto item = trim(text.substr(begin, i - begin)); !item.empty())
          items.emplace_back(item);
      begin = i + 1;
    }
  }
  return items;
}

void completeTags(ItemSink& sink, const CompletionRequest& request, ByteRange range,
                  const std::vector<std::string>& listed) {
  if (!request.workspace)
    return;
  const auto& placeholders = request.schema->placeholders;
  size_t rank = 0;
  for (const auto& usage : request.workspace->tagUsageExcept(request.workspacePath)) {
    if (std::find(listed.begin(), listed.end(), usage.value) != listed.end() ||
        std::find(placeholders.begin(), placeholders.end(), usage.value) != placeholders.end())
      continue;
    if (auto* item = sink.add(usage.value, CompletionKind::Tag, range)) {
      item->sortText = sortKey(0, rank++);
      item->detail =
          "used in " + std::to_string(usage.count) + (usage.count == 1 ? " session" : " sessions");
    }
  }
}

/// Workspace files and folders for the path typed in \p token up to the cursor, folder by
/// folder: `/` starts at the workspace root, anything else at the file's folder (then the
/// root, as evidence paths resolve). The edit replaces the last segment only.
void completePaths(ItemSink& sink, const CompletionRequest& request, ByteRange token) {
  if (!request.workspace || request.offset < token.begin)
    return;
  std::string_view text = request.document->text();
  std::string_view typed = slice(text, {token.begin, request.offset});
  if (typed.find_first_of("#?") != std::string_view::npos)
    return; // in the anchor: no file names there
  // A markdown link target is a URL path: `my%20dir/` names `my dir/`, and a name with a blank
  // goes in encoded, or the link would end at the blank.
  bool linkTarget =
      token.begin >= 2 && text[token.begin - 1] == '(' && text[token.begin - 2] == ']';
  size_t slash = typed.rfind('/');
  std::string_view folderTyped = slash == std::string_view::npos ? "" : typed.substr(0, slash + 1);
  std::string folderPart = linkTarget ? percentDecoded(folderTyped) : std::string(folderTyped);
  uint32_t nameBegin = token.begin + static_cast<uint32_t>(folderTyped.size());
  ByteRange range{nameBegin, std::max(token.end, request.offset)};
  // The segment ends at the next `/`, or where an anchor starts (`x.py#L3` keeps `#L3`).
  if (std::string_view rest = slice(text, range);
      rest.find_first_of("/#?") != std::string_view::npos)
    range.end = nameBegin + static_cast<uint32_t>(rest.find_first_of("/#?"));

  // The folder the typed part names, tried like an evidence path; never one outside the root.
  std::vector<std::string> candidates;
  std::string_view self = request.workspacePath;
  // Nothing typed yet: the root, where evidence usually lives; after that, the file's folder
  // first, as evidence paths resolve.
  if (!folderPart.empty() && !folderPart.starts_with('/') &&
      self.rfind('/') != std::string_view::npos)
    candidates.push_back(std::string(self.substr(0, self.rfind('/') + 1)) +
                         std::string(folderPart));
  candidates.emplace_back(folderPart);
  std::optional<std::string> folder;
  for (const auto& candidate : candidates) {
    bool escaped = false;
    std::string normalised = normaliseWorkspacePath(candidate, escaped);
    if (!escaped && request.workspace->isDirectory(normalised.empty() ? "." : normalised)) {
      folder = normalised;
      break;
    }
  }
  if (!folder)
    return;
  // A name as it goes into a link target: what would end or change the target encoded.
  auto linkEncoded = [](std::string_view name) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string encoded;
    for (char c : name) {
      if (std::string_view(" %()<>#?").find(c) == std::string_view::npos) {
        encoded += c;
        continue;
      }
      encoded += '%';
      encoded += kHex[static_cast<unsigned char>(c) >> 4];
      encoded += kHex[static_cast<unsigned char>(c) & 0xF];
    }
    return encoded;
  };
  size_t rank = 0;
  for (const auto& entry : request.workspace->listFolder(folder->empty() ? "." : *folder)) {
    std::string label = entry.name + (entry.isDirectory ? "/" : "");
    std::string name = linkTarget ? linkEncoded(entry.name) : entry.name;
    auto* item = sink.add(label, entry.isDirectory ? CompletionKind::Folder : CompletionKind::File,
                          range, name + (entry.isDirectory ? "/" : ""));
    if (!item)
      continue;
    item->filterText = name;
    item->sortText = sortKey(entry.isDirectory ? 0 : 1, rank++);
    item->detail = "/" + (folder->empty() ? "" : *folder + "/") + entry.name;
  }
}

void completeOpenEnum(ItemSink& sink, const CompletionRequest& request, const FieldSpec& field,
                      ByteRange range) {
  size_t rank = 0;
  if (request.workspace) {
    for (const auto& usage : request.workspace->moduleUsageExcept(request.workspacePath))
      if (auto* item = sink.add(usage.value, CompletionKind::Module, range)) {
        item->sortText = sortKey(0, rank++);
        item->detail = "used in " + std::to_string(usage.count) +
                       (usage.count == 1 ? " session" : " sessions");
      }
    std::string track = topLevelValue(*request.document, "track");
    if (!track.empty())
      for (const auto& folder : request.workspace->trackModuleFolders(track))
        if (auto* item = sink.add(folder, CompletionKind::Module, range)) {
          item->sortText = sortKey(1, rank++);
          item->detail = "folder tracks/" + track + "/" + folder;
        }
  }
  for (const auto& value : field.values)
    if (auto* item = sink.add(value, CompletionKind::Module, range)) {
      item->sortText = sortKey(2, rank++);
      item->detail = "template example";
    }
}

void completeDate(ItemSink& sink, const CompletionRequest& request, ByteRange range) {
  // The file name's date first: a session is usually named after the day it happened.
  std::string_view name = request.workspacePath;
  name = name.substr(name.find_last_of('/') == std::string_view::npos ? 0
                                                                      : name.find_last_of('/') + 1);
  if (name.size() >= 10 && name[4] == '-' && name[7] == '-' &&
      std::all_of(name.begin(), name.begin() + 10,
                  [](char c) { return (c >= '0' && c <= '9') || c == '-'; }))
    if (auto* item = sink.add(std::string(name.substr(0, 10)), CompletionKind::Date, range)) {
      item->sortText = sortKey(0, 0);
      item->detail = "from the file name";
    }
  if (!request.today.empty())
    if (auto* item = sink.add(request.today, CompletionKind::Date, range)) {
      item->sortText = sortKey(0, 1);
      item->detail = "today";
    }
}

void completeMetadata(ItemSink& sink, const CompletionRequest& request,
                      const MetadataCursor& cursor) {
  const Schema& schema = *request.schema;
  const std::string& text = request.document->text();
  const auto& line = *cursor.line;
  if (!cursor.inValue) {
    if (line.key.empty())
      completeFieldNames(sink, request, cursor);
    return;
  }
  const FieldSpec* field = schema.fieldAtPath(cursor.fieldPath);
  if (!field)
    return;
  uint32_t offset = request.offset;
  if (line.hasComment && offset > line.valueRange.end &&
      !trim(slice(text, {line.valueRange.end, offset})).empty())
    return; // in the comment
  // Right after `key:` with no blank yet, the value needs one in front of it.
  std::string prefix = offset > 0 && text[offset - 1] == ':' ? " " : "";

  if (line.key.empty() && line.listItem && field->kind == FieldKind::MappingList) {
    completeFieldNames(sink, request, cursor); // `- |` starts an item of `refs`: its keys
    return;
  }
  if (field->kind == FieldKind::StringList) {
    // `tags` lists words; the other lists (`evidence_targets.*`) list evidence paths.
    bool tags = field->name == "tags";
    if (line.key.empty()) { // a block list item `- tag`
      ByteRange item = valueEditRange(text, line.valueRange, offset);
      tags ? completeTags(sink, request, item, {}) : completePaths(sink, request, item);
      return;
    }
    if (auto item = flowItemAt(text, line.valueRange, offset))
      tags ? completeTags(sink, request, *item, listedItems(text, line.valueRange, *item))
           : completePaths(sink, request, *item);
    return;
  }
  if (line.key.empty())
    return;
  ByteRange range = valueEditRange(text, line.valueRange, offset);
  switch (field->kind) {
  case FieldKind::ClosedEnum:
    addEnumValues(sink, schema, field->values, field->ordered, range, "", field->documentation);
    break;
  case FieldKind::OpenEnum:
    completeOpenEnum(sink, request, *field, range);
    break;
  case FieldKind::Date:
    completeDate(sink, request, range);
    break;
  default:
    break;
  }
  if (!prefix.empty())
    for (auto& item : sink.items)
      if (!item.newText.starts_with(' ')) {
        item.newText = prefix + item.newText;
        item.filterText = item.newText;
      }
}

// ---- body enums -------------------------------------------------------------------------

/// Where the enum token of a body value ends: before ` — `, ` - `, `,` or `(` (SPEC §3.1).
uint32_t enumTokenEnd(std::string_view text, ByteRange value) {
  std::string_view valueText = slice(text, value);
  size_t end = valueText.size();
  for (std::string_view separator : {" — ", " - ", ",", "("})
    end = std::min(end, valueText.find(separator));
  while (end > 0 && isBlank(valueText[end - 1]))
    --end;
  return value.begin + static_cast<uint32_t>(end);
}

bool completeBullet(ItemSink& sink, const CompletionRequest& request) {
  const Document& document = *request.document;
  const std::string& text = document.text();
  uint32_t offset = request.offset;
  for (const auto& bullet : document.bullets) {
    if (offset < bullet.lineRange.begin || offset > bullet.lineRange.end)
      continue;
    if (offset < bullet.labelRange.end)
      return true; // on the label: nothing to offer
    const auto* spec = request.schema->bulletEnum(bullet.label);
    if (!spec)
      return true;
    ByteRange value = bullet.value.empty() ? ByteRange{offset, offset} : bullet.valueRange;
    uint32_t tokenEnd = bullet.value.empty() ? offset : enumTokenEnd(text, value);
    if (offset > tokenEnd)
      return true; // in the explanation after the value
    ByteRange range{std::min(value.begin, offset), tokenEnd};
    std::string prefix = offset == bullet.labelRange.end ? " " : "";
    addEnumValues(sink, *request.schema, spec->values, false, range, prefix,
                  "**" + spec->label + "**");
    return true;
  }
  return false;
}

bool completeTableCell(ItemSink& sink, const CompletionRequest& request) {
  const Document& document = *request.document;
  uint32_t offset = request.offset;
  for (const auto& table : document.tables) {
    if (offset < table.range.begin || offset > table.range.end)
      continue;
    for (const auto& row : table.rows) {
      for (size_t column = 0; column < row.size() && column < table.header.size(); ++column) {
        const auto& cell = row[column];
        if (offset < cell.span.begin || offset > cell.span.end || cell.span.empty())
          continue;
        const auto* spec = request.schema->tableColumnEnum(table.header[column].text);
        if (!spec)
          return true;
        ByteRange range{offset, offset};
        if (!cell.text.empty())
          range = {std::min(cell.range.begin, offset), std::max(cell.range.end, offset)};
        const auto& values = spec->levels ? request.schema->levels() : spec->values;
        addEnumValues(sink, *request.schema, values, spec->levels, range, "",
                      "**" + spec->header + "** column");
        return true;
      }
    }
  }
  return false;
}

// ---- headings ---------------------------------------------------------------------------

/// The template skeleton as the text that replaces the heading line: without its final line
/// ending, plus a blank line when the next line is not blank.
std::string skeletonText(std::string skeleton, bool blankLineAfter) {
  while (!skeleton.empty() && (skeleton.back() == '\n' || skeleton.back() == '\r'))
    skeleton.pop_back();
  if (blankLineAfter)
    skeleton += "\n";
  return skeleton;
}

/// The snippet of a skeleton: the cursor lands at the end of its first bullet (or heading).
std::string skeletonSnippet(const std::string& skeleton) {
  size_t stop = skeleton.find('\n');
  for (size_t lineStart = 0; lineStart < skeleton.size();) {
    size_t lineEnd = skeleton.find('\n', lineStart);
    if (lineEnd == std::string::npos)
      lineEnd = skeleton.size();
    std::string_view line = trim(std::string_view(skeleton).substr(lineStart, lineEnd - lineStart));
    if (line.starts_with("* ") || line.starts_with("- ")) {
      stop = lineEnd;
      break;
    }
    lineStart = lineEnd + 1;
  }
  if (stop == std::string::npos)
    stop = skeleton.size();
  return escapeSnippet(skeleton.substr(0, stop)) + "$0" + escapeSnippet(skeleton.substr(stop));
}

void addSection(ItemSink& sink, const core::SectionSpec& spec, std::string skeleton,
                std::string headingText, ByteRange range, bool blankLineAfter, size_t rank) {
  std::string hashes(spec.level, '#');
  std::string text = skeletonText(std::move(skeleton), blankLineAfter);
  auto* item = sink.add(headingText, CompletionKind::Section, range, text);
  if (!item)
    return;
  item->filterText = hashes + " " + headingText;
  item->snippet = skeletonSnippet(text);
  item->sortText = sortKey(0, rank);
  item->detail = spec.mandatory  ? "mandatory section"
                 : spec.optional ? "optional section"
                                 : "section";
  item->documentation = "Inserts the template's skeleton:\n\n```markdown\n" + text + "\n```";
}

/// A finished section (text under its heading) is not offered again for its own heading.
bool hasBody(const Document& document, const core::Section& section) {
  return !trim(slice(document.text(), section.bodyRange)).empty();
}

/// The number of a question heading (`Q3 — …` → 3), at least 1 (a bare `Q` counts as one).
size_t questionNumber(std::string_view headingText) {
  size_t number = 0;
  for (size_t i = 1;
       i < headingText.size() && i < 7 && std::isdigit(static_cast<unsigned char>(headingText[i]));
       ++i)
    number = number * 10 + static_cast<size_t>(headingText[i] - '0');
  return std::max<size_t>(number, 1);
}

bool completeHeading(ItemSink& sink, const CompletionRequest& request) {
  const Document& document = *request.document;
  const Schema& schema = *request.schema;
  uint32_t offset = request.offset;
  const core::Heading* heading = nullptr;
  for (const auto& candidate : document.headings)
    if (offset >= candidate.lineRange.begin && offset <= candidate.lineRange.end)
      heading = &candidate;
  if (!heading)
    return false;
  const std::string& text = document.text();
  // Only an ATX heading (`## …`) is being typed as one; prose above a `---` line is a setext
  // heading to markdown, but the user is writing a paragraph there.
  if (trim(slice(text, heading->lineRange)).substr(0, 1) != "#")
    return false;
  uint32_t afterMarker = heading->lineRange.begin;
  while (afterMarker < heading->lineRange.end &&
         (isBlank(text[afterMarker]) || text[afterMarker] == '#'))
    ++afterMarker;
  // A `# Title` is the note's title, not a section being typed; a bare `#` may become one.
  if (heading->level > 3 || (heading->level == 1 && !heading->text.empty()) ||
      offset < std::min(afterMarker, heading->lineRange.end))
    return true;
  ByteRange range = heading->lineRange;
  const auto& lines = document.lines();
  uint32_t nextLine = lines.lineOf(range.end) + 1;
  bool blankLineAfter = nextLine < lines.lineCount() && !trim(lines.lineText(nextLine)).empty();

  if (heading->level <= 2) {
    std::set<const core::SectionSpec*> present;
    for (const auto& section : document.sections)
      if (section.heading.lineRange != heading->lineRange || hasBody(document, section))
        if (const auto* spec = matchSection(schema, section))
          present.insert(spec);
    bool frontMatter = document.metadata.placement == core::MetadataPlacement::FrontMatter;
    for (size_t i = 0; i < schema.sections.size(); ++i) {
      const auto& spec = schema.sections[i];
      if (present.contains(&spec) ||
          (frontMatter && toLower(spec.key).find("metadata") != std::string::npos))
        continue;
      addSection(sink, spec, spec.skeleton, spec.headingText, range, blankLineAfter, i);
    }
    return true;
  }

  // `###`: the subsections the enclosing section still lacks, and the next question block.
  auto place = locateSection(document, schema, offset);
  if (!place.section || !place.sectionSpec)
    return true;
  std::set<const core::SectionSpec*> present;
  size_t questions = 0;
  for (const auto& subsection : place.section->subsections) {
    if (subsection.heading.lineRange == heading->lineRange && !hasBody(document, subsection))
      continue;
    if (isQuestionHeading(subsection.heading.text))
      questions = std::max(questions, questionNumber(subsection.heading.text));
    else if (const auto* spec = matchSubsection(*place.sectionSpec, subsection))
      present.insert(spec);
  }
  bool questionOffered = false;
  for (size_t i = 0; i < place.sectionSpec->subsections.size(); ++i) {
    const auto& spec = place.sectionSpec->subsections[i];
    if (spec.repeatable || isQuestionHeading(spec.headingText)) {
      if (questionOffered)
        continue;
      questionOffered = true;
      // `Q1 — [Question / Topic]` → `Q<n> — [Question / Topic]`.
      std::string title = spec.headingText;
      size_t digits = 1;
      while (digits < title.size() && std::isdigit(static_cast<unsigned char>(title[digits])))
        ++digits;
      title = "Q" + std::to_string(questions + 1) + title.substr(digits);
      std::string skeleton = spec.skeleton;
      size_t firstLineEnd = skeleton.find('\n');
      skeleton =
          "### " + title + (firstLineEnd == std::string::npos ? "" : skeleton.substr(firstLineEnd));
      addSection(sink, spec, skeleton, title, range, blankLineAfter, i);
      continue;
    }
    if (!present.contains(&spec))
      addSection(sink, spec, spec.skeleton, spec.headingText, range, blankLineAfter, i);
  }
  return true;
}

/// The target of a markdown link being typed around the cursor: after `](` on the same line,
/// up to a `)`, a blank or `#`. Read from the line, since a half-typed link is not a link yet.
std::optional<ByteRange> linkTargetAt(const Document& document, uint32_t offset) {
  const core::LineIndex& lines = document.lines();
  uint32_t line = lines.lineOf(offset);
  uint32_t lineStart = lines.lineStart(line);
  std::string_view text = document.text();
  uint32_t begin = offset;
  while (begin > lineStart && text[begin - 1] != '(' && text[begin - 1] != ')' &&
         !isBlank(text[begin - 1]))
    --begin;
  if (begin < lineStart + 2 || text[begin - 1] != '(' || text[begin - 2] != ']')
    return std::nullopt;
  uint32_t end = offset;
  uint32_t lineEnd = lines.lineEnd(line);
  while (end < lineEnd && text[end] != ')' && text[end] != '#' && !isBlank(text[end]))
    ++end;
  std::string_view typed = text.substr(begin, offset - begin);
  if (typed.find("://") != std::string_view::npos || typed.starts_with("mailto:") ||
      typed.starts_with('#'))
    return std::nullopt;
  return ByteRange{begin, end};
}

} // namespace

std::string escapeSnippet(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '$' || c == '}')
      escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::vector<CompletionItem> complete(const CompletionRequest& request) {
  if (!request.document || !request.schema || request.offset > request.document->text().size())
    return {};
  ItemSink sink;
  if (auto cursor = metadataCursorAt(*request.document, request.offset)) {
    completeMetadata(sink, request, *cursor);
    return std::move(sink.items);
  }
  if (auto target = linkTargetAt(*request.document, request.offset)) {
    completePaths(sink, request, *target);
    return std::move(sink.items);
  }
  if (completeHeading(sink, request) || completeBullet(sink, request) ||
      completeTableCell(sink, request))
    return std::move(sink.items);
  return {};
}

} // namespace session::features
