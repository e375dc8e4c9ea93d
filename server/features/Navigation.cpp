#include "server/features/Navigation.h"

#include "server/features/Evidence.h"
#include "server/features/EvidencePaths.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace session::features {
namespace {

using core::ByteRange;
using core::Document;
using core::Workspace;

bool touches(ByteRange range, uint32_t offset) {
  return range.begin <= offset && offset <= range.end;
}

/// Decodes one UTF-8 code point at \p at (advancing it); invalid bytes decode as themselves.
uint32_t nextCodePoint(std::string_view text, size_t& at) {
  unsigned char lead = static_cast<unsigned char>(text[at]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
  if (at + length > text.size())
    length = 1;
  uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i)
    code = (code << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  at += length;
  return code;
}

/// Symbols and punctuation GitHub drops from anchors: general punctuation, arrows, technical
/// and dingbat symbols, CJK punctuation, variation selectors, emoji.
bool isDroppedSymbol(uint32_t code) {
  return (code >= 0x2000 && code <= 0x2BFF) || (code >= 0x3000 && code <= 0x303F) ||
         (code >= 0xFE00 && code <= 0xFE0F) || code >= 0x1F000;
}

/// The 0-based line a GitHub line anchor names: `L12`, or the first line of `L12-L20`.
std::optional<uint32_t> lineAnchor(std::string_view anchor) {
  auto isDigit = [](char c) {
    return c >= '0' && c <= '9';
  };
  if (auto dash = anchor.find('-'); dash != std::string_view::npos) {
    auto last = anchor.substr(dash + 1);
    if (last.size() < 2 || (last[0] != 'L' && last[0] != 'l') ||
        !std::all_of(last.begin() + 1, last.end(), isDigit))
      return std::nullopt;
    anchor = anchor.substr(0, dash);
  }
  if (anchor.size() < 2 || anchor.size() > 9 || (anchor[0] != 'L' && anchor[0] != 'l') ||
      !std::all_of(anchor.begin() + 1, anchor.end(), isDigit))
    return std::nullopt;
  uint32_t line = static_cast<uint32_t>(std::stoul(std::string(anchor.substr(1))));
  return line > 0 ? line - 1 : 0;
}

/// The line of the heading that \p anchor names in \p text (a markdown file), or of `L<n>` in
/// any file; nullopt when none does.
std::optional<uint32_t> anchorLine(const std::string& path, std::string text,
                                   std::string_view anchor) {
  if (auto line = lineAnchor(anchor))
    return line;
  if (!toLower(path).ends_with(".md"))
    return std::nullopt;
  auto document = Document::parse(std::move(text));
  std::string wanted = headingSlug(anchor);
  // GitHub numbers repeated slugs: the second `## Notes` is `#notes-1`.
  std::map<std::string, size_t> seen;
  for (const auto& heading : document->headings) {
    std::string slug = headingSlug(heading.text);
    size_t repeat = seen[slug]++;
    if (repeat > 0)
      slug += "-" + std::to_string(repeat);
    if (slug == wanted)
      return heading.line;
  }
  return std::nullopt;
}

/// Where \p path (resolved, existing) leads: a folder's index page; nullopt for a folder
/// without one.
std::optional<std::string> openablePath(const Workspace& workspace, const std::string& path) {
  if (!workspace.isDirectory(path.empty() ? "." : path))
    return path;
  for (const char* index : {"INDEX.md", "README.md", "index.md"}) {
    std::string candidate = path.empty() ? index : path + "/" + index;
    if (workspace.exists(candidate) && !workspace.isDirectory(candidate))
      return candidate;
  }
  return std::nullopt;
}

std::optional<EvidenceLink> linkFor(const EvidenceReference& reference, const Workspace& workspace,
                                    std::string_view fromFile) {
  auto exists = [&workspace](std::string_view path) {
    return workspace.exists(path);
  };
  auto resolved = resolveEvidencePath(fromFile, reference.path, exists);
  if (resolved.outsideWorkspace || !resolved.exists)
    return std::nullopt;
  auto openable = openablePath(workspace, resolved.workspacePath);
  if (!openable)
    return std::nullopt;
  // Member by member: GCC 12 at -O3 warns (falsely) about the aggregate's strings.
  EvidenceLink link;
  link.range = reference.range;
  link.target.workspacePath = *openable;
  link.tooltip = "/" + *openable;
  if (!reference.anchor.empty())
    if (auto text = workspace.readFile(*openable))
      if (auto line = anchorLine(*openable, std::move(*text), reference.anchor)) {
        link.target.line = *line;
        link.tooltip += " #" + reference.anchor;
      }
  return link;
}

/// The text of a scalar value: a quoted one without its quotes.
ByteRange scalarTextRange(const core::YamlNode& value) {
  ByteRange range = value.range;
  bool quoted = value.style == core::ScalarStyle::SingleQuoted ||
                value.style == core::ScalarStyle::DoubleQuoted;
  if (quoted && range.end >= range.begin + 2)
    range = {range.begin + 1, range.end - 1};
  return range;
}

/// The sessions that cite \p target. A folder and its index page are one place: a link to
/// `tracks/x/` leads to `tracks/x/INDEX.md`, so it counts for both.
std::vector<ReferenceLocation> citationsOfPlace(const Workspace& workspace,
                                                const std::string& target) {
  std::vector<std::string> places = {target};
  if (workspace.isDirectory(target.empty() ? "." : target)) {
    if (auto index = openablePath(workspace, target))
      places.push_back(*index);
  } else if (auto slash = target.rfind('/'); slash != std::string::npos) {
    std::string folder = target.substr(0, slash);
    if (openablePath(workspace, folder) == target)
      places.push_back(folder);
  } else if (openablePath(workspace, "") == target) {
    places.push_back("");
  }
  std::vector<ReferenceLocation> found;
  for (const auto& place : places)
    for (auto& [path, citation] : workspace.citationsOf(place))
      found.push_back({path, std::move(citation)});
  std::sort(found.begin(), found.end(), [](const ReferenceLocation& a, const ReferenceLocation& b) {
    return std::tie(a.workspacePath, a.position.line, a.position.column) <
           std::tie(b.workspacePath, b.position.line, b.position.column);
  });
  return found;
}

std::string metadataValue(const Document& document, std::string_view key) {
  const auto* entry = document.metadata.find(key);
  return entry && entry->value.kind == core::YamlNode::Kind::Scalar ? entry->value.scalar
                                                                    : std::string();
}

/// The `module` value's entry when \p offset is on it.
const core::YamlNode::Entry* moduleAt(const Document& document, uint32_t offset) {
  const auto* module = document.metadata.find("module");
  if (!module || module->value.kind != core::YamlNode::Kind::Scalar ||
      module->value.scalar.empty() || !touches(module->value.range, offset))
    return nullptr;
  return module;
}

std::vector<EvidenceReference> referencesOf(const Document& document, const Workspace& workspace,
                                            std::string_view fromFile) {
  auto exists = [&workspace](std::string_view path) {
    return workspace.exists(path);
  };
  return evidenceReferences(document, *workspace.schema(), fromFile, exists);
}

} // namespace

std::string headingSlug(std::string_view text) {
  std::string slug;
  for (size_t at = 0; at < text.size();) {
    size_t start = at;
    uint32_t code = nextCodePoint(text, at);
    if (code < 0x80) {
      char c = static_cast<char>(code);
      if (std::isalnum(static_cast<unsigned char>(c)))
        slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else if (c == ' ')
        slug += '-';
      else if (c == '-' || c == '_')
        slug += c;
    } else if (!isDroppedSymbol(code)) {
      slug.append(text.substr(start, at - start));
    }
  }
  return slug;
}

std::optional<EvidenceLink> definitionAt(const Document& document, uint32_t offset,
                                         const Workspace& workspace, std::string_view fromFile) {
  if (const auto* module = moduleAt(document, offset)) {
    std::string track = metadataValue(document, "track");
    std::string index = "tracks/" + track + "/" + module->value.scalar + "/INDEX.md";
    if (track.empty() || !workspace.exists(index))
      return std::nullopt;
    EvidenceLink link;
    link.range = scalarTextRange(module->value);
    link.target.workspacePath = index;
    link.tooltip = "/" + index;
    return link;
  }
  for (const auto& reference : referencesOf(document, workspace, fromFile))
    if (touches(reference.range, offset))
      return linkFor(reference, workspace, fromFile);
  return std::nullopt;
}

std::vector<EvidenceLink> documentLinks(const Document& document, const Workspace& workspace,
                                        std::string_view fromFile) {
  std::vector<EvidenceLink> links;
  for (const auto& reference : referencesOf(document, workspace, fromFile))
    if (auto link = linkFor(reference, workspace, fromFile))
      links.push_back(std::move(*link));
  if (const auto* module = document.metadata.find("module"))
    if (auto link = definitionAt(document, module->value.range.begin, workspace, fromFile))
      links.insert(links.begin(), std::move(*link));
  return links;
}

std::vector<ReferenceLocation> referencesAt(const Document& document, uint32_t offset,
                                            const Workspace& workspace, std::string_view fromFile) {
  std::vector<ReferenceLocation> found;
  if (const auto* module = moduleAt(document, offset)) {
    for (const auto& path : workspace.sessionsOnModule(module->value.scalar))
      if (auto session = workspace.sessions().find(path); session != workspace.sessions().end())
        found.push_back({path, session->second.modulePosition});
    return found;
  }
  std::string target(fromFile);
  for (const auto& reference : referencesOf(document, workspace, fromFile)) {
    if (!touches(reference.range, offset))
      continue;
    auto exists = [&workspace](std::string_view path) {
      return workspace.exists(path);
    };
    auto resolved = resolveEvidencePath(fromFile, reference.path, exists);
    if (resolved.outsideWorkspace)
      return found;
    target = resolved.workspacePath;
    break;
  }
  return citationsOfPlace(workspace, target);
}

std::vector<SessionSymbol> workspaceSymbols(const Workspace& workspace, std::string_view query,
                                            size_t limit) {
  std::vector<std::string> words;
  for (size_t at = 0; at < query.size();) {
    size_t end = query.find(' ', at);
    if (end == std::string_view::npos)
      end = query.size();
    if (end > at)
      words.push_back(toLower(query.substr(at, end - at)));
    at = end + 1;
  }
  struct Match {
    const std::string* path;
    const core::SessionFacts* facts;
  };
  std::vector<Match> matches;
  for (const auto& [path, facts] : workspace.sessions()) {
    std::string haystack = toLower(facts.date + " " + facts.topic + " " + facts.track + " " +
                                   facts.module + " " + path);
    if (std::all_of(words.begin(), words.end(), [&](const std::string& word) {
          return haystack.find(word) != std::string::npos;
        }))
      matches.push_back({&path, &facts});
  }
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.facts->date != b.facts->date ? a.facts->date > b.facts->date : *a.path < *b.path;
  });
  std::vector<SessionSymbol> symbols;
  for (const auto& match : matches) {
    if (symbols.size() >= limit)
      break;
    std::string name = match.facts->topic;
    if (name.empty())
      name = match.path->substr(match.path->rfind('/') + 1);
    std::string container = match.facts->date.empty() ? "" : match.facts->date + " · ";
    container += match.facts->track + " / " + match.facts->module;
    symbols.push_back({name, container, *match.path});
  }
  return symbols;
}

} // namespace session::features
