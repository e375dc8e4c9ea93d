#include "server/features/BodyLinks.h"

#include "server/features/EvidencePaths.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <map>
#include <string>

namespace session::features {

using core::ByteRange;
using core::Diagnostic;
using core::Document;
using core::Schema;
using core::Severity;

namespace {

struct EvidenceCandidate {
  ByteRange range;
  std::string target; // as written, for messages
  std::string path;   // what is resolved: a link target without anchor, percent-decoded
};
using EvidenceCandidates = std::map<uint32_t, EvidenceCandidate>; // by begin: judged once

/// Evidence paths in prose (a cell, the `Lab path(s)` value): inline code that looks like a
/// path, and bare tokens that pass the stricter isBareEvidencePath(). Links are skipped here:
/// every body link is judged anyway.
void collectProsePaths(const Document& document, const CheckContext& context, ByteRange range,
                       EvidenceCandidates& found) {
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
    if (bare ? isBareEvidencePath(token, context.workspacePath, context.exists)
             : looksLikePath(token)) {
      uint32_t at = range.begin + static_cast<uint32_t>(begin);
      found[at] = {
          {at, at + static_cast<uint32_t>(token.size())}, std::string(token), std::string(token)};
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
      size_t run = text.find_first_not_of('`', at) == std::string_view::npos
                       ? text.size() - at
                       : text.find_first_not_of('`', at) - at;
      std::string fence(run, '`');
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

void collectEvidenceCells(const Document& document, const CheckContext& context,
                          EvidenceCandidates& evidence) {
  for (const core::Table& table : document.tables)
    for (size_t column = 0; column < table.header.size(); ++column)
      if (isEvidenceColumn(table.header[column].text))
        for (const auto& row : table.rows)
          if (column < row.size())
            collectProsePaths(document, context, row[column].range, evidence);
}

/// A link target that names a place outside the workspace's files: `https:`, `mailto:`, …
bool hasScheme(std::string_view target) {
  size_t colon = target.find(':');
  if (colon == std::string_view::npos || colon < 2)
    return false;
  return std::all_of(target.begin(), target.begin() + colon, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
  });
}

void collectLabPaths(const Document& document, const Schema& schema, const CheckContext& context,
                     EvidenceCandidates& evidence) {
  const core::LineIndex& lines = document.lines();
  for (const core::LabelledBullet& bullet : document.bullets) {
    if (!toLower(bullet.label).starts_with("lab path"))
      continue;
    collectProsePaths(document, context, bullet.valueRange, evidence);
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
        collectProsePaths(document, context, {nestedBegin, item.end}, evidence);
    }
  }
}

} // namespace

bool isEvidenceColumn(std::string_view header) {
  std::string lower = toLower(trim(header));
  return lower.starts_with("evidence") || lower.starts_with("proof");
}

void checkBodyLinks(const Document& document, const Schema& schema, const CheckContext& context,
                    std::vector<Diagnostic>& out) {
  if (!context.exists)
    return;
  EvidenceCandidates evidence;
  collectEvidenceCells(document, context, evidence);
  collectLabPaths(document, schema, context, evidence);
  const core::Metadata& metadata = document.metadata;
  for (const core::InlineReference& reference : document.references) {
    if (reference.kind != core::InlineReference::Kind::Link ||
        metadata.blockRange.contains(reference.range.begin))
      continue;
    std::string_view target = trim(reference.target);
    if (withoutAnchor(target).empty() || hasScheme(target) ||
        target.find("://") != std::string_view::npos)
      continue;
    // A link target is a URL path: `my%20notes` names `my notes`.
    evidence[reference.range.begin] = {reference.range, std::string(target),
                                       percentDecoded(withoutAnchor(target))};
  }
  for (const auto& [begin, candidate] : evidence) {
    const std::string& target = candidate.target;
    ResolvedPath resolved =
        resolveEvidencePath(context.workspacePath, candidate.path, context.exists);
    if (!resolved.outsideWorkspace && resolved.exists)
      continue;
    Diagnostic diagnostic;
    diagnostic.range = candidate.range;
    diagnostic.severity = Severity::Warning;
    diagnostic.code = "broken-link";
    diagnostic.message =
        resolved.outsideWorkspace
            ? "`" + target + "` points outside the workspace; evidence must live in it"
            : "`" + target + "` does not resolve to a file or folder in the workspace (tried " +
                  listForMessage(resolved.tried) + ")";
    out.push_back(std::move(diagnostic));
  }
}

} // namespace session::features
