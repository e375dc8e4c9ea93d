// Evidence paths (SPEC §1, §3.1): what counts as a path in a session, and how it resolves.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace session::features {

/// True for a link target, code span or bare token that names a file: it has a `/` or a file
/// extension, and is not a URL (`scheme://`, `mailto:`), an anchor alone (`#x`), or a
/// "nothing" word (`none`, `없음`, `N/A`, `-`, `TBD`).
bool looksLikePath(std::string_view token);

/// The stricter rule for a bare token in prose (SPEC §3.1 "or such bare tokens"), where `1/2`,
/// `I/O`, `p50/p95` or `e.g` are words, not paths: looksLikePath(), and the token starts with
/// `/`, `./` or `../`, or its first segment names something that exists (resolved from
/// \p fromFile like any evidence path), or its last segment has a file extension (`bench.py`;
/// not an abbreviation such as `e.g` or `i.e`, not a number such as `2.1x`).
bool isBareEvidencePath(std::string_view token, std::string_view fromFile,
                        const std::function<bool(std::string_view)>& exists);

/// \p target with its `%XX` escapes decoded (`my%20notes` → `my notes`), as a markdown link
/// target is; a `%` not followed by two hex digits stays as written.
std::string percentDecoded(std::string_view target);

/// \p target without a `#anchor` or `?query` suffix, and without surrounding `<>`.
std::string_view withoutAnchor(std::string_view target);

struct ResolvedPath {
  /// Workspace-relative, normalised (`a/b/../c` → `a/c`), `/`-separated; the first candidate
  /// tried when nothing exists.
  std::string workspacePath;
  bool exists = false;
  /// The path leaves the workspace (`../../etc/passwd`): never followed.
  bool outsideWorkspace = false;
  /// Every workspace path tried, in order (for messages).
  std::vector<std::string> tried;
};

/// Resolves \p target cited in the file \p fromFile (workspace-relative): a leading `/` means
/// the workspace root; otherwise the file's folder is tried first, then the root. An anchor
/// suffix is ignored.
ResolvedPath resolveEvidencePath(std::string_view fromFile, std::string_view target,
                                 const std::function<bool(std::string_view)>& exists);

/// The workspace paths resolveEvidencePath(fromFile, target, nullptr).tried holds (every
/// candidate that stays in the workspace, in order), without building the rest of the result:
/// for indexing, which checks no existence.
std::vector<std::string> workspaceCandidates(std::string_view fromFile, std::string_view target);

/// Normalises `.` and `..` segments; nullopt-like empty result with \p escaped set when the
/// path climbs above the root.
std::string normaliseWorkspacePath(std::string_view path, bool& escaped);

} // namespace session::features
