#include "server/features/CodeActions.h"

#include "server/features/ProgressBlock.h"
#include "server/features/WorkspaceCheck.h"

#include "server/features/Evidence.h"
#include "server/features/EvidencePaths.h"
#include "server/features/MetadataCursor.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>

namespace session::features {
namespace {

using core::ByteRange;
using core::Diagnostic;
using core::Document;
using core::FieldKind;
using core::FieldSpec;
using core::Schema;
using core::YamlNode;

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

/// Where a new line can go after the line holding \p offset: the next line's start, or the
/// end of the text (then the new text needs a line break in front).
struct LineSlot {
  uint32_t offset = 0;
  bool needsBreak = false;
};

LineSlot afterLine(const Document& document, uint32_t offset) {
  const core::LineIndex& lines = document.lines();
  uint32_t line = lines.lineOf(offset);
  if (line + 1 < lines.lineCount())
    return {lines.lineStart(line + 1), false};
  return {static_cast<uint32_t>(document.text().size()), true};
}

/// The line break the document uses (CRLF files get CRLF).
std::string lineBreak(const Document& document) {
  size_t newline = document.text().find('\n');
  return newline != std::string::npos && newline > 0 && document.text()[newline - 1] == '\r'
             ? "\r\n"
             : "\n";
}

std::string withBreaks(std::string text, const std::string& eol) {
  if (eol == "\n")
    return text;
  std::string converted;
  for (char c : text) {
    if (c == '\n')
      converted += eol;
    else
      converted += c;
  }
  return converted;
}

// ---- enum values ------------------------------------------------------------------------

/// The allowed values of the enum a diagnostic's range holds: a metadata field, a labelled
/// bullet or a table column.
std::vector<std::string> allowedValues(const CodeActionContext& context, const Diagnostic& d) {
  const Document& document = *context.document;
  const Schema& schema = *context.schema;
  if (auto cursor = metadataCursorAt(document, d.range.begin)) {
    const FieldSpec* field = schema.fieldAtPath(cursor->fieldPath);
    return field ? field->values : std::vector<std::string>{};
  }
  for (const auto& bullet : document.bullets)
    if (bullet.valueRange.begin <= d.range.begin && d.range.end <= bullet.valueRange.end)
      if (const auto* spec = schema.bulletEnum(bullet.label))
        return spec->values;
  for (const auto& table : document.tables)
    for (const auto& row : table.rows)
      for (size_t column = 0; column < row.size() && column < table.header.size(); ++column)
        // The enum part of the cell (`L9` of `L9 (deep)`) or the whole cell.
        if (row[column].range.begin <= d.range.begin && d.range.end <= row[column].range.end)
          if (const auto* spec = schema.tableColumnEnum(table.header[column].text))
            return spec->levels ? schema.levels() : spec->values;
  return {};
}

/// `L9`, `l7`, `L-1`: a level number, however out of range.
bool looksLikeLevel(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'L' && text[0] != 'l'))
    return false;
  text.remove_prefix(text[1] == '-' ? 2 : 1);
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The metadata entry (at any depth) whose key is \p keyRange and whose value is empty
/// (`status:`), or null.
const YamlNode::Entry* emptyEntryWithKey(const std::vector<YamlNode::Entry>& entries,
                                         ByteRange keyRange) {
  for (const auto& entry : entries) {
    if (entry.keyRange == keyRange)
      return entry.value.kind == YamlNode::Kind::Null ? &entry : nullptr;
    if (const auto* nested = emptyEntryWithKey(entry.value.entries, keyRange))
      return nested;
    for (const auto& item : entry.value.items)
      if (const auto* nested = emptyEntryWithKey(item.entries, keyRange))
        return nested;
  }
  return nullptr;
}

void enumActions(const CodeActionContext& context, const Diagnostic& d, size_t index,
                 std::vector<CodeAction>& out) {
  // An empty field (`status:`) is reported on its key: the value goes after the colon, and
  // nothing was written to be near to.
  const YamlNode::Entry* empty = emptyEntryWithKey(context.document->metadata.entries, d.range);
  std::string current =
      empty ? std::string()
            : context.document->text().substr(d.range.begin, d.range.end - d.range.begin);
  std::vector<std::string> values;
  if (!d.suggestions.empty())
    values.push_back(d.suggestions.front()); // the closest: preferred
  if (d.code != "unknown-module")
    for (const auto& value : allowedValues(context, d))
      if (std::find(values.begin(), values.end(), value) == values.end())
        values.push_back(value);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == current)
      continue;
    CodeAction action;
    action.title = "Change to " + code(values[i]);
    action.diagnostic = index;
    // Preferred where the closest value is clearly meant: the nearest level, or a value a few
    // keystrokes away (`vLMM` → `vLLM`, `passed` → `Passed`). Safe for fix-all only when it is
    // a typo (one edit, any case): `Maybe` → `Yes` or `L9` → `L5` change what the user said.
    bool closest = i == 0 && !d.suggestions.empty();
    size_t distance = editDistance(toLower(current), toLower(values[i]));
    bool levels = !values[i].empty() && values[i][0] == 'L' &&
                  context.schema->levelMeanings.contains(values[i]);
    // A one-letter value is not a typo of another one-letter value (`X` → `H`): one edit
    // replaces all of it. A level is clearly meant only when a level was written (`L9`).
    bool typo = distance == 0 || (distance <= 1 && current.size() >= 2 && values[i].size() >= 2);
    action.preferred = !empty && closest &&
                       (levels ? looksLikeLevel(current)
                               : typo || (current.size() >= 2 &&
                                          distance <= std::max<size_t>(1, current.size() / 3)));
    action.safe = !empty && closest && !levels && typo;
    if (empty)
      action.edits.push_back({empty->value.range, " " + values[i]});
    else
      action.edits.push_back({d.range, values[i]});
    out.push_back(std::move(action));
  }
}

// ---- missing fields ---------------------------------------------------------------------

/// A field as the template writes it, nested keys included, each line indented by \p indent.
std::string fieldLines(const FieldSpec& field, const std::string& indent) {
  std::string text = indent + field.name + ":";
  if (field.kind == FieldKind::Mapping || field.kind == FieldKind::MappingList) {
    bool list = field.kind == FieldKind::MappingList;
    for (size_t i = 0; i < field.children.size(); ++i) {
      std::string marker = list ? (i == 0 ? "- " : "  ") : "";
      std::string child = fieldLines(field.children[i], "");
      text += "\n" + indent + "  " + marker + child;
    }
    return text;
  }
  if (!field.templateValue.empty())
    text += " " + field.templateValue;
  return text;
}

/// The end of an entry's text: its value's end, or its key's for an empty value.
uint32_t entryEnd(const YamlNode::Entry& entry) {
  return std::max(entry.keyRange.end, entry.value.range.end);
}

std::optional<CodeAction> addFieldAction(const CodeActionContext& context, const Diagnostic& d,
                                         size_t index) {
  if (d.suggestions.size() < 2 || d.suggestions[1].find('[') != std::string::npos)
    return std::nullopt; // items of a list of mappings: no single right place
  const Document& document = *context.document;
  const core::Metadata& metadata = document.metadata;
  if (!metadata.parsed)
    return std::nullopt;
  const std::string& path = d.suggestions[1];
  size_t dot = path.rfind('.');
  std::string name = dot == std::string::npos ? path : path.substr(dot + 1);

  const std::vector<FieldSpec>* specs = &context.schema->fields;
  const std::vector<YamlNode::Entry>* siblings = &metadata.entries;
  const YamlNode::Entry* parent = nullptr;
  if (dot != std::string::npos) {
    parent = metadata.find(path.substr(0, dot));
    const FieldSpec* parentSpec = context.schema->fieldAtPath(path.substr(0, dot));
    if (!parent || !parentSpec || path.substr(0, dot).find('.') != std::string::npos)
      return std::nullopt;
    if (parent->value.kind == YamlNode::Kind::Mapping && !parent->value.flow)
      siblings = &parent->value.entries;
    else if (parent->value.kind == YamlNode::Kind::Null)
      siblings = nullptr;
    else
      return std::nullopt; // a flow mapping or a wrong type: invalid-type says what to do
    specs = &parentSpec->children;
  }
  const FieldSpec* spec = core::findField(*specs, name);
  if (!spec)
    return std::nullopt;

  // After the nearest earlier sibling in template order, else before the first sibling.
  const core::LineIndex& lines = document.lines();
  std::string indent;
  LineSlot slot;
  const YamlNode::Entry* before = nullptr;
  if (siblings) {
    for (const auto& candidate : *specs) {
      if (&candidate == spec)
        break;
      if (const auto* entry = findEntry(*siblings, candidate.name))
        before = entry;
    }
  }
  if (siblings && !siblings->empty()) {
    const auto& first = siblings->front();
    indent.assign(first.keyRange.begin - lines.lineStart(lines.lineOf(first.keyRange.begin)), ' ');
    slot = before ? afterLine(document, entryEnd(*before))
                  : LineSlot{lines.lineStart(lines.lineOf(first.keyRange.begin)), false};
  } else if (parent) {
    uint32_t column =
        parent->keyRange.begin - lines.lineStart(lines.lineOf(parent->keyRange.begin));
    indent.assign(column + 2, ' ');
    slot = afterLine(document, entryEnd(*parent));
  } else {
    slot = {metadata.contentRange.begin, false};
  }
  std::string eol = lineBreak(document);
  std::string text = withBreaks(fieldLines(*spec, indent), eol);
  CodeAction action;
  action.title = "Add " + code(path);
  action.diagnostic = index;
  action.preferred = true;
  action.edits.push_back({{slot.offset, slot.offset}, slot.needsBreak ? eol + text : text + eol});
  return action;
}

// ---- missing sections -------------------------------------------------------------------

/// Inserts a block of lines at a line start (or the end), keeping a blank line around it.
TextEdit insertBlock(const Document& document, uint32_t offset, std::string block) {
  std::string eol = lineBreak(document);
  while (!block.empty() && block.back() == '\n')
    block.pop_back();
  block = withBreaks(block, eol);
  const std::string& text = document.text();
  if (offset >= text.size()) {
    std::string prefix;
    if (!text.empty() && text.back() != '\n')
      prefix = eol;
    if (!text.empty())
      prefix += eol;
    return {{static_cast<uint32_t>(text.size()), static_cast<uint32_t>(text.size())},
            prefix + block + eol};
  }
  return {{offset, offset}, block + eol + eol};
}

bool isBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// A thematic break line (`---`, `***`, `___`), as the template puts before each `##`.
bool isRuleLine(std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos ||
      (line[first] != '-' && line[first] != '*' && line[first] != '_'))
    return false;
  size_t marks = 0;
  for (char c : line.substr(first)) {
    if (c == line[first])
      ++marks;
    else if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      return false;
  }
  return marks >= 3;
}

/// When the lines just before \p offset (a line start) are content, one or more blank lines,
/// a rule and blank lines, the start of the first of those blank lines before the rule: where
/// text that belongs above the rule goes (the template ends each `##` section with one).
std::optional<uint32_t> beforeClosingRule(const Document& document, uint32_t offset) {
  const core::LineIndex& lines = document.lines();
  uint32_t line = offset >= document.text().size() ? lines.lineCount() : lines.lineOf(offset);
  if (offset < document.text().size() && lines.lineStart(line) != offset)
    return std::nullopt;
  while (line > 0 && isBlankLine(lines.lineText(line - 1)))
    --line;
  if (line == 0 || !isRuleLine(lines.lineText(line - 1)))
    return std::nullopt;
  uint32_t rule = line - 1;
  uint32_t blank = rule;
  while (blank > 0 && isBlankLine(lines.lineText(blank - 1)))
    --blank;
  if (blank == rule || blank == 0)
    return std::nullopt; // no blank line above the rule: `text` + `---` would be a heading
  return lines.lineStart(blank);
}

std::optional<CodeAction> addSectionAction(const CodeActionContext& context, const Diagnostic& d,
                                           size_t index) {
  if (d.suggestions.empty())
    return std::nullopt;
  const Document& document = *context.document;
  const Schema& schema = *context.schema;
  const std::string& wanted = d.suggestions.front();
  CodeAction action;
  action.diagnostic = index;
  action.preferred = true;

  // A `##` section: before the first present section that the template puts after it.
  for (size_t i = 0; i < schema.sections.size(); ++i) {
    const auto& spec = schema.sections[i];
    if (spec.headingText != wanted)
      continue;
    uint32_t offset = static_cast<uint32_t>(document.text().size());
    for (const auto& present : firstCopies(document, schema)) {
      size_t at = static_cast<size_t>(present.spec - schema.sections.data());
      if (at > i) {
        offset = present.section->heading.lineRange.begin;
        break;
      }
    }
    action.title = "Insert section " + code(spec.headingText);
    TextEdit edit = insertBlock(document, offset, spec.skeleton);
    // Between sections that a rule separates, the new one gets its own closing rule.
    if (offset < document.text().size() && beforeClosingRule(document, offset)) {
      std::string eol = lineBreak(document);
      edit.newText += "---" + eol + eol;
    }
    action.edits.push_back(std::move(edit));
    return action;
  }

  // A subsection: its parent's heading is the diagnostic's range.
  for (const auto& present : firstCopies(document, schema)) {
    if (present.section->heading.lineRange != d.range)
      continue;
    const auto& subsections = present.spec->subsections;
    for (size_t i = 0; i < subsections.size(); ++i) {
      if (subsections[i].headingText != wanted)
        continue;
      uint32_t offset = present.section->range.end;
      for (const auto& subsection : present.section->subsections) {
        const auto* spec = matchSubsection(*present.spec, subsection);
        if (spec && static_cast<size_t>(spec - subsections.data()) > i) {
          offset = subsection.heading.lineRange.begin;
          break;
        }
      }
      action.title = "Insert subsection " + code(subsections[i].headingText);
      // At the end of the section when no later subsection is present: before the next `##`,
      // and before the rule that closes the section.
      if (offset == present.section->range.end) {
        if (auto blank = beforeClosingRule(document, offset)) {
          std::string eol = lineBreak(document);
          std::string block = subsections[i].skeleton;
          while (!block.empty() && block.back() == '\n')
            block.pop_back();
          action.edits.push_back({{*blank, *blank}, eol + withBreaks(block, eol) + eol});
          return action;
        }
      }
      action.edits.push_back(insertBlock(document, offset, subsections[i].skeleton));
      return action;
    }
  }
  return std::nullopt;
}

// ---- self-evidence, dates, links, file names ----------------------------------------------

std::optional<CodeAction> addSelfEvidenceAction(const CodeActionContext& context,
                                                const Diagnostic& d, size_t index) {
  if (d.suggestions.empty())
    return std::nullopt;
  const Document& document = *context.document;
  const auto* targets = document.metadata.find("evidence_targets");
  if (!targets || targets->value.kind != YamlNode::Kind::Mapping)
    return std::nullopt;
  const auto* sessions = findEntry(targets->value.entries, "sessions");
  if (!sessions)
    return std::nullopt;
  const std::string& own = d.suggestions.front();
  const YamlNode& list = sessions->value;
  const std::string& text = document.text();
  TextEdit edit;
  if (list.kind == YamlNode::Kind::Null) {
    // Just after the colon, wherever it stands (`sessions :` has a blank before it).
    edit = {{list.range.begin, list.range.begin}, " [" + own + "]"};
  } else if (list.kind == YamlNode::Kind::Sequence && list.flow) {
    // `[]` or `[a, b]`: before the closing bracket, in the list's own style.
    uint32_t close = list.range.end - 1;
    if (close >= text.size() || text[close] != ']')
      return std::nullopt;
    edit = {{close, close}, list.items.empty() ? own : ", " + own};
    if (!list.items.empty())
      edit.range = {list.items.back().range.end, list.items.back().range.end};
  } else if (list.kind == YamlNode::Kind::Sequence && !list.items.empty()) {
    // A block list: a new `- ` item after the last one, at the same indentation.
    const core::LineIndex& lines = document.lines();
    std::string_view lastLine = lines.lineText(lines.lineOf(list.items.back().range.begin));
    size_t dash = lastLine.find('-');
    if (dash == std::string_view::npos)
      return std::nullopt;
    std::string eol = lineBreak(document);
    LineSlot slot = afterLine(document, list.items.back().range.end);
    std::string item(lastLine.substr(0, dash));
    item += "- " + own;
    edit = {{slot.offset, slot.offset}, slot.needsBreak ? eol + item : item + eol};
  } else {
    return std::nullopt;
  }
  CodeAction action;
  action.title = "Add this file to `evidence_targets.sessions`";
  action.diagnostic = index;
  action.preferred = true;
  action.safe = true;
  action.edits.push_back(std::move(edit));
  return action;
}

std::optional<CodeAction> createFileAction(const CodeActionContext& context, const Diagnostic& d,
                                           size_t index) {
  if (!context.workspace)
    return std::nullopt;
  std::string path;
  if (!d.suggestions.empty()) {
    path = d.suggestions.front();
  } else {
    std::string_view target = std::string_view(context.document->text())
                                  .substr(d.range.begin, d.range.end - d.range.begin);
    auto resolved =
        resolveEvidencePath(context.workspacePath, percentDecoded(withoutAnchor(target)), nullptr);
    if (resolved.outsideWorkspace)
      return std::nullopt;
    path = resolved.workspacePath;
  }
  bool escaped = false;
  path = normaliseWorkspacePath(path, escaped);
  if (escaped || path.empty() || path.ends_with('/') || context.workspace->exists(path))
    return std::nullopt;
  CodeAction action;
  action.title = "Create " + code(path);
  action.diagnostic = index;
  action.createFile = path;
  return action;
}

std::optional<CodeAction> renameAction(const CodeActionContext& context, const Diagnostic& d,
                                       size_t index) {
  if (!context.workspace || d.suggestions.empty() || context.workspacePath.empty())
    return std::nullopt;
  const std::string& self = context.workspacePath;
  size_t slash = self.rfind('/');
  std::string folder = slash == std::string::npos ? "" : self.substr(0, slash + 1);
  std::string oldName = self.substr(folder.size());
  std::string newName = d.suggestions.front();
  std::string target = folder + newName;
  if (newName == oldName || newName.find('/') != std::string::npos ||
      context.workspace->exists(target))
    return std::nullopt; // never overwrite
  CodeAction action;
  action.title = "Rename to " + code(newName);
  action.diagnostic = index;
  action.preferred = d.code == "filename-mismatch";
  action.renameTo = target;
  // Every citation of this file, here and in other sessions, follows the new name.
  for (const auto& [path, citation] : context.workspace->citationsOf(self)) {
    std::string rewritten = citation.target;
    size_t at = rewritten.rfind(oldName);
    if (at == std::string::npos)
      continue;
    rewritten.replace(at, oldName.size(), newName);
    action.indexedEdits.push_back({path, citation, rewritten});
  }
  return action;
}

} // namespace

namespace {

/// `stale-progress`: rewrite the generated block (and nothing outside its markers) as the
/// sessions say it now; one edit over the bytes that change.
std::optional<CodeAction> refreshProgressAction(const CodeActionContext& context, size_t index) {
  if (!context.workspace)
    return std::nullopt;
  std::string_view text = context.document->text();
  std::string refreshed = spliceProgressBlock(text, currentProgressBlock(*context.workspace));
  if (refreshed == text)
    return std::nullopt;
  size_t prefix = 0;
  while (prefix < text.size() && prefix < refreshed.size() && text[prefix] == refreshed[prefix])
    ++prefix;
  size_t suffix = 0;
  while (suffix < text.size() - prefix && suffix < refreshed.size() - prefix &&
         text[text.size() - 1 - suffix] == refreshed[refreshed.size() - 1 - suffix])
    ++suffix;
  CodeAction action;
  action.title = "Refresh the generated progress block";
  action.diagnostic = index;
  action.preferred = action.safe = true;
  action.edits.push_back(
      {{static_cast<uint32_t>(prefix), static_cast<uint32_t>(text.size() - suffix)},
       refreshed.substr(prefix, refreshed.size() - prefix - suffix)});
  return action;
}

} // namespace

std::vector<CodeAction> codeActions(const CodeActionContext& context,
                                    const std::vector<Diagnostic>& diagnostics) {
  std::vector<CodeAction> actions;
  if (!context.document || !context.schema)
    return actions;
  for (size_t index = 0; index < diagnostics.size(); ++index) {
    const Diagnostic& d = diagnostics[index];
    std::optional<CodeAction> single;
    if (d.code == "invalid-enum" || d.code == "invalid-body-enum" || d.code == "unknown-module") {
      enumActions(context, d, index, actions);
    } else if (d.code == "invalid-date" && !d.suggestions.empty()) {
      CodeAction action;
      action.title = "Change to " + code(d.suggestions.front());
      action.diagnostic = index;
      action.preferred = action.safe = true;
      action.edits.push_back({d.range, d.suggestions.front()});
      single = std::move(action);
    } else if (d.code == "missing-field") {
      single = addFieldAction(context, d, index);
    } else if (d.code == "missing-section") {
      single = addSectionAction(context, d, index);
    } else if (d.code == "missing-self-evidence") {
      single = addSelfEvidenceAction(context, d, index);
    } else if (d.code == "broken-link") {
      single = createFileAction(context, d, index);
    } else if (d.code == "filename-mismatch" || d.code == "filename-convention") {
      single = renameAction(context, d, index);
    } else if (d.code == "stale-progress") {
      single = refreshProgressAction(context, index);
    }
    if (single)
      actions.push_back(std::move(*single));
  }
  return actions;
}

std::vector<TextEdit> fixAll(const CodeActionContext& context,
                             const std::vector<Diagnostic>& diagnostics) {
  std::vector<TextEdit> edits;
  for (const auto& action : codeActions(context, diagnostics))
    if (action.safe && !action.createFile && !action.renameTo)
      edits.insert(edits.end(), action.edits.begin(), action.edits.end());
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.range.begin != b.range.begin ? a.range.begin < b.range.begin
                                          : a.range.end < b.range.end;
  });
  // Two fixes of one place (the same diagnostic reported twice): keep the first; overlapping
  // ones: keep the earlier, so the edit stays valid.
  std::vector<TextEdit> kept;
  for (auto& edit : edits) {
    if (!kept.empty() &&
        (edit.range.begin < kept.back().range.end || (edit.range == kept.back().range)))
      continue;
    kept.push_back(std::move(edit));
  }
  return kept;
}

} // namespace session::features
