#include "server/features/EvidencePaths.h"

#include "server/features/TextMatch.h"

#include <algorithm>
#include <array>
#include <vector>

namespace session::features {

namespace {

bool isAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// A name ending in a file extension: 1–5 letters or digits after the last dot, starting with a
/// letter (`.py`, `.md`, `.mp4`; not `2.1x`, `v0.6.3`).
bool hasFileExtension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size())
    return false;
  auto extension = name.substr(dot + 1);
  if (extension.size() > 5 || !isAsciiLetter(extension[0]))
    return false;
  for (char c : extension)
    if (!isAsciiLetter(c) && !(c >= '0' && c <= '9'))
      return false;
  return true;
}

/// `e.g`, `i.e`, `a.k.a`: single letters joined by dots (the trailing dot already cut).
bool isAbbreviation(std::string_view name) {
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    size_t end = dot == std::string_view::npos ? name.size() : dot;
    if (end - start != 1 || !isAsciiLetter(name[start]))
      return false;
    if (dot == std::string_view::npos)
      return true;
    start = dot + 1;
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

bool looksLikePath(std::string_view token) {
  token = trim(token);
  if (token.empty() || token.front() == '#')
    return false;
  static constexpr std::array<std::string_view, 8> kNothing = {"none", "없음", "n/a", "-",
                                                               "tbd",  "na",   "—",   "todo"};
  for (auto word : kNothing)
    if (equalsIgnoreCase(token, word))
      return false;
  if (token.find("://") != std::string_view::npos || token.starts_with("mailto:"))
    return false;
  if (token.find(' ') != std::string_view::npos)
    return false;
  if (token.find('/') != std::string_view::npos)
    return true;
  return hasFileExtension(token);
}

bool isBareEvidencePath(std::string_view token, std::string_view fromFile,
                        const std::function<bool(std::string_view)>& exists) {
  token = trim(token);
  if (!looksLikePath(token))
    return false;
  if (token.starts_with('/') || token.starts_with("./") || token.starts_with("../"))
    return true;
  std::string_view lastSegment = token.substr(token.rfind('/') + 1);
  if (hasFileExtension(lastSegment) && !isAbbreviation(lastSegment))
    return true;
  std::string_view firstSegment = token.substr(0, token.find('/'));
  return !firstSegment.empty() && exists &&
         resolveEvidencePath(fromFile, firstSegment, exists).exists;
}

std::string percentDecoded(std::string_view target) {
  size_t firstPercent = target.find('%');
  if (firstPercent == std::string_view::npos)
    return std::string(target); // most targets: nothing to decode
  std::string decoded;
  decoded.reserve(target.size());
  decoded.append(target.substr(0, firstPercent));
  for (size_t at = firstPercent; at < target.size(); ++at) {
    if (target[at] == '%' && at + 2 < target.size() && hexValue(target[at + 1]) >= 0 &&
        hexValue(target[at + 2]) >= 0) {
      decoded += static_cast<char>(hexValue(target[at + 1]) * 16 + hexValue(target[at + 2]));
      at += 2;
    } else {
      decoded += target[at];
    }
  }
  return decoded;
}

std::string_view withoutAnchor(std::string_view target) {
  target = trim(target);
  if (target.size() >= 2 && target.front() == '<' && target.back() == '>')
    target = target.substr(1, target.size() - 2);
  // Two memchr-like scans are cheaper than testing each byte for either character.
  return target.substr(0, std::min(target.find('#'), target.find('?')));
}

namespace {

/// Appends \p path normalised to \p joined (which holds normalised segments); sets \p escaped
/// when a `..` climbs above the root.
void appendNormalised(std::string_view path, std::string& joined, bool& escaped) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos)
      end = path.size();
    auto segment = path.substr(start, end - start);
    if (segment == "..") {
      if (joined.empty()) {
        escaped = true;
      } else {
        // Segments hold no `/`, so the last one starts after the last `/`.
        size_t slash = joined.rfind('/');
        joined.resize(slash == std::string::npos ? 0 : slash);
      }
    } else if (!segment.empty() && segment != ".") {
      if (!joined.empty())
        joined += '/';
      joined += segment;
    }
    start = end + 1;
  }
}

} // namespace

std::string normaliseWorkspacePath(std::string_view path, bool& escaped) {
  escaped = false;
  std::string joined;
  joined.reserve(path.size());
  appendNormalised(path, joined, escaped);
  return joined;
}

namespace {

/// Where resolveEvidencePath() looks: the folder of fromFile joined with the path, then the
/// path from the root; or only the root when the path starts with `/`.
struct Candidates {
  std::string_view folder; // empty: only the root
  std::string_view path;   // without anchor and leading `/`
  size_t count = 1;

  Candidates(std::string_view fromFile, std::string_view target) : path(withoutAnchor(target)) {
    if (path.starts_with('/')) {
      path.remove_prefix(1);
    } else if (auto slash = fromFile.rfind('/'); slash != std::string_view::npos) {
      folder = fromFile.substr(0, slash + 1);
      count = 2;
    }
  }
  /// Candidate \p i normalised into \p out. Normalising folder + path is normalising the folder
  /// then appending the path's segments, so no joined copy is built.
  void normalised(size_t i, std::string& out, bool& escaped) const {
    escaped = false;
    out.reserve(folder.size() + path.size());
    if (i == 0 && !folder.empty())
      appendNormalised(folder, out, escaped);
    appendNormalised(path, out, escaped);
  }
};

} // namespace

std::vector<std::string> workspaceCandidates(std::string_view fromFile, std::string_view target) {
  Candidates candidates(fromFile, target);
  std::vector<std::string> tried;
  tried.reserve(candidates.count);
  for (size_t i = 0; i < candidates.count; ++i) {
    bool escaped = false;
    std::string path;
    candidates.normalised(i, path, escaped);
    if (!escaped)
      tried.push_back(std::move(path));
  }
  return tried;
}

ResolvedPath resolveEvidencePath(std::string_view fromFile, std::string_view target,
                                 const std::function<bool(std::string_view)>& exists) {
  Candidates candidates(fromFile, target);
  size_t candidateCount = candidates.count;
  ResolvedPath first;
  std::vector<std::string> tried;
  tried.reserve(candidateCount);
  for (size_t i = 0; i < candidateCount; ++i) {
    bool escaped = false;
    ResolvedPath resolved;
    candidates.normalised(i, resolved.workspacePath, escaped);
    resolved.outsideWorkspace = escaped;
    if (!escaped)
      tried.push_back(resolved.workspacePath);
    if (!escaped && exists && exists(resolved.workspacePath.empty() ? "." : resolved.workspacePath))
      resolved.exists = true;
    if (resolved.exists) {
      resolved.tried = std::move(tried);
      return resolved;
    }
    if (i == 0) {
      if (candidateCount == 1) {
        resolved.tried = std::move(tried);
        return resolved;
      }
      first = std::move(resolved);
    }
  }
  first.tried = std::move(tried);
  return first;
}

} // namespace session::features
