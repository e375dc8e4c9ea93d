#include "server/features/EvidencePaths.h"

#include "server/features/TextMatch.h"

#include <array>
#include <vector>

namespace session::features {

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
  auto dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == token.size())
    return false;
  // A file extension: 1–5 letters or digits after the last dot, starting with a letter.
  auto extension = token.substr(dot + 1);
  if (extension.size() > 5 || !((extension[0] >= 'a' && extension[0] <= 'z') ||
                                (extension[0] >= 'A' && extension[0] <= 'Z')))
    return false;
  for (char c : extension)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  return true;
}

std::string_view withoutAnchor(std::string_view target) {
  target = trim(target);
  if (target.size() >= 2 && target.front() == '<' && target.back() == '>')
    target = target.substr(1, target.size() - 2);
  auto cut = target.find_first_of("#?");
  if (cut != std::string_view::npos)
    target = target.substr(0, cut);
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
