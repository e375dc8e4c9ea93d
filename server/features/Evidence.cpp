#include "server/features/Evidence.h"

#include "server/features/EvidencePaths.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <map>

namespace session::features {

using core::ByteRange;
using core::Document;
using core::FieldKind;
using core::Schema;
using core::YamlNode;

namespace {

using Exists = std::function<bool(std::string_view)>;
using EvidenceCandidates = std::map<uint32_t, EvidenceReference>; // by begin: each once

/// What decides whether a bare prose token is a path: the citing file and existence.
struct FileContext {
  std::string_view workspacePath;
  const Exists& exists;
};

/// Evidence paths in prose (a cell, the `Lab path(s)` value): inline code that looks like a
/// path, and bare tokens that pass the stricter isBareEvidencePath(). Links are skipped here:
/// every body link is judged anyway.
void collectProsePaths(const Document& document, const FileContext& context, ByteRange range,
                       EvidencePlace place, EvidenceCandidates& found) {
  std::string_view text =
      std::string_view(document.text()).substr(range.begin, range.end - range.begin);
  auto add = [&](size_t begin, std::string_view token, bool bare) {
    static constexpr std::string_view kOpeners = "(\"'*_<";
    static constexpr std::string_view kClosers = ")\"'*_>.,;:";
    while (!token.empty() && kOpeners.find(token.front()) != std::string_view::npos) {
      token.remove_prefix(1);
      ++begin;
    }
    while (!token.empty() && kClosers.find(token.back()) != std::string_view::npos)
      token.remove_suffix(1);
    bool hasName = std::any_of(token.begin(), token.end(),
                               [](char c) { return c != '/' && c != '.' && c != '\\'; });
    if (!hasName)
      return;
    // Without `exists` nothing exists: isBareEvidencePath then skips resolving the token.
    bool isPath = !bare ? looksLikePath(token)
                        : isBareEvidencePath(token, context.workspacePath, context.exists);
    if (isPath) {
      uint32_t at = range.begin + static_cast<uint32_t>(begin);
      found[at] = {{at, at + static_cast<uint32_t>(token.size())},
                   std::string(token),
                   std::string(withoutAnchor(token)),
                   "",
                   place};
      if (auto hash = token.find('#'); hash != std::string_view::npos)
        found[at].anchor = std::string(token.substr(hash + 1));
    }
  };
  size_t at = 0;
  while (at < text.size()) {
    char c = text[at];
    if (c == ' ' || c == '\t' || c == ',' || c == '|' || c == '\r' || c == '\n') {
      ++at;
      continue;
    }
    if (c == '`') {
      size_t runEnd = text.find_first_not_of('`', at);
      size_t run = (runEnd == std::string_view::npos ? text.size() : runEnd) - at;
      std::string_view fence = text.substr(at, run);
      size_t close = text.find(fence, at + run);
      if (close == std::string_view::npos) {
        at += run;
        continue;
      }
      std::string_view inner = text.substr(at + run, close - at - run);
      size_t lead = inner.find_first_not_of(' ');
      if (lead != std::string_view::npos)
        add(at + run + lead, trim(inner), false);
      at = close + run;
      continue;
    }
    if (c == '[' || (c == '!' && text.substr(at + 1).starts_with("["))) {
      size_t close = text.find(']', at);
      size_t end = close != std::string_view::npos && text.substr(close).starts_with("](")
                       ? text.find(')', close)
                       : std::string_view::npos;
      if (end != std::string_view::npos) { // a link: judged with every other body link
        at = end + 1;
        continue;
      }
    }
    size_t end = text.find_first_of(" \t,|`\r\n", at);
    if (end == std::string_view::npos)
      end = text.size();
    add(at, text.substr(at, end - at), true);
    at = end;
  }
}

void collectEvidenceCells(const Document& document, const FileContext& context,
                          EvidenceCandidates& evidence) {
  for (const core::Table& table : document.tables)
    for (size_t column = 0; column < table.header.size(); ++column)
      if (isEvidenceColumn(table.header[column].text))
        for (const auto& row : table.rows)
          if (column < row.size())
            collectProsePaths(document, context, row[column].range, EvidencePlace::TableCell,
                              evidence);
}

void collectLabPaths(const Document& document, const Schema& schema, const FileContext& context,
                     EvidenceCandidates& evidence) {
  const core::LineIndex& lines = document.lines();
  for (const core::LabelledBullet& bullet : document.bullets) {
    constexpr std::string_view kLabPath = "lab path";
    if (bullet.label.size() < kLabPath.size() ||
        !equalsIgnoreCase(std::string_view(bullet.label).substr(0, kLabPath.size()), kLabPath))
      continue;
    collectProsePaths(document, context, bullet.valueRange, EvidencePlace::LabPath, evidence);
    if (!bullet.hasNestedItems || bullet.depth > 0)
      continue;
    // Nested items (`  * \`lab/x.py\``) run to the end of the bullet's top-level item.
    SectionPlace place = locateSection(document, schema, bullet.lineRange.begin);
    const core::Section* section = place.subsection ? place.subsection : place.section;
    if (!section)
      continue;
    for (ByteRange item : section->topLevelItems) {
      if (!item.contains(bullet.lineRange.begin))
        continue;
      uint32_t nestedBegin = lines.lineStart(lines.lineOf(bullet.lineRange.begin) + 1);
      if (nestedBegin < item.end)
        collectProsePaths(document, context, {nestedBegin, item.end}, EvidencePlace::LabPath,
                          evidence);
    }
  }
}

/// An item of an evidence list names a path even with blanks in it (`/lab/my notes.md`): unlike
/// a code span in prose, it cannot be a command line.
bool looksLikeListedPath(std::string_view value) {
  std::string joined(value);
  std::replace(joined.begin(), joined.end(), ' ', '_');
  return looksLikePath(value) ||
         (value.find('/') != std::string_view::npos && looksLikePath(joined));
}

} // namespace

bool isEvidenceColumn(std::string_view header) {
  header = trim(header);
  auto startsWith = [header](std::string_view prefix) {
    return header.size() >= prefix.size() &&
           equalsIgnoreCase(header.substr(0, prefix.size()), prefix);
  };
  return startsWith("evidence") || startsWith("proof");
}

bool hasUrlScheme(std::string_view target) {
  size_t colon = target.find(':');
  if (colon == std::string_view::npos || colon < 2)
    return target.find("://") != std::string_view::npos;
  return std::all_of(target.begin(), target.begin() + colon, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
  });
}

std::vector<const YamlNode*> metadataEvidenceItems(const Document& document, const Schema& schema) {
  std::vector<const YamlNode*> items;
  const core::Metadata& metadata = document.metadata;
  if (!metadata.parsed)
    return items;
  for (const auto& spec : schema.fields) {
    const auto* entry = metadata.find(spec.name);
    if (!entry)
      continue;
    if (spec.kind == FieldKind::Mapping && entry->value.kind == YamlNode::Kind::Mapping) {
      for (const auto& child : spec.children) {
        const auto* list = findEntry(entry->value.entries, child.name);
        if (child.kind != FieldKind::StringList || !list ||
            list->value.kind != YamlNode::Kind::Sequence)
          continue;
        for (const auto& item : list->value.items)
          if (item.kind == YamlNode::Kind::Scalar)
            items.push_back(&item);
      }
    } else if (spec.kind == FieldKind::MappingList &&
               entry->value.kind == YamlNode::Kind::Sequence) {
      // `refs[].link` is usually a URL; a local path there is evidence too.
      for (const auto& item : entry->value.items) {
        if (item.kind != YamlNode::Kind::Mapping)
          continue;
        if (const auto* link = findEntry(item.entries, "link");
            link && link->value.kind == YamlNode::Kind::Scalar)
          items.push_back(&link->value);
      }
    }
  }
  return items;
}

std::vector<EvidenceReference> evidenceReferences(const Document& document, const Schema& schema,
                                                  std::string_view fromFile, const Exists& exists) {
  EvidenceCandidates evidence;
  for (const YamlNode* item : metadataEvidenceItems(document, schema)) {
    std::string_view value = trim(item->scalar);
    if (!looksLikeListedPath(value) || hasUrlScheme(value))
      continue;
    // The range of the path inside its (possibly quoted) scalar.
    ByteRange range = item->range;
    if (item->style == core::ScalarStyle::SingleQuoted ||
        item->style == core::ScalarStyle::DoubleQuoted)
      range = {range.begin + 1, range.end > range.begin + 1 ? range.end - 1 : range.begin + 1};
    EvidenceReference reference{range, std::string(value), std::string(withoutAnchor(value)), "",
                                EvidencePlace::Metadata};
    if (auto hash = value.find('#'); hash != std::string_view::npos)
      reference.anchor = percentDecoded(value.substr(hash + 1));
    evidence[range.begin] = std::move(reference);
  }
  FileContext context{fromFile, exists};
  collectEvidenceCells(document, context, evidence);
  collectLabPaths(document, schema, context, evidence);
  const core::Metadata& metadata = document.metadata;
  for (const core::InlineReference& reference : document.references) {
    if (reference.kind != core::InlineReference::Kind::Link ||
        metadata.blockRange.contains(reference.range.begin))
      continue;
    std::string_view target = trim(reference.target);
    if (hasUrlScheme(target))
      continue;
    std::string_view path = withoutAnchor(target);
    if (path.empty())
      continue;
    // A link target is a URL path: `my%20notes` names `my notes`.
    EvidenceReference link{reference.range, std::string(target), percentDecoded(path), "",
                           EvidencePlace::Link};
    if (auto hash = target.find('#'); hash != std::string_view::npos)
      link.anchor = percentDecoded(target.substr(hash + 1));
    evidence[reference.range.begin] = std::move(link);
  }
  std::vector<EvidenceReference> out;
  out.reserve(evidence.size());
  for (auto& [begin, reference] : evidence)
    out.push_back(std::move(reference));
  return out;
}

} // namespace session::features
