#include "server/features/EvidencePaths.h"

#include "server/features/TextMatch.h"

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
  std::string decoded;
  decoded.reserve(target.size());
  for (size_t at = 0; at < target.size(); ++at) {
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
  for (size_t cut = 0; cut < target.size(); ++cut)
    if (target[cut] == '#' || target[cut] == '?')
      return target.substr(0, cut);
  return target;
}

std::string normaliseWorkspacePath(std::string_view path, bool& escaped) {
  escaped = false;
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos)
      end = path.size();
    auto segment = path.substr(start, end - start);
    if (segment == "..") {
      if (segments.empty())
        escaped = true;
      else
        segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string joined;
  for (auto segment : segments) {
    if (!joined.empty())
      joined += '/';
    joined += segment;
  }
  return joined;
}

ResolvedPath resolveEvidencePath(std::string_view fromFile, std::string_view target,
                                 const std::function<bool(std::string_view)>& exists) {
  auto path = withoutAnchor(target);
  std::vector<std::string> candidates;
  if (path.starts_with('/')) {
    candidates.emplace_back(path.substr(1));
  } else {
    auto slash = fromFile.rfind('/');
    std::string folder = slash == std::string_view::npos
                             ? std::string()
                             : std::string(fromFile.substr(0, slash + 1));
    candidates.push_back(folder + std::string(path));
    if (!folder.empty())
      candidates.emplace_back(path);
  }
  ResolvedPath first;
  std::vector<std::string> tried;
  for (size_t i = 0; i < candidates.size(); ++i) {
    bool escaped = false;
    ResolvedPath resolved{normaliseWorkspacePath(candidates[i], escaped), false, escaped, {}};
    if (!escaped)
      tried.push_back(resolved.workspacePath);
    if (!escaped && exists && exists(resolved.workspacePath.empty() ? "." : resolved.workspacePath))
      resolved.exists = true;
    if (resolved.exists) {
      resolved.tried = std::move(tried);
      return resolved;
    }
    if (i == 0)
      first = resolved;
  }
  first.tried = std::move(tried);
  return first;
}

} // namespace session::features
