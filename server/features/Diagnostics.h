// Diagnostics of one session file: every rule of SPEC §3 that one file and a few workspace
// facts can decide, with inline `session-lsp-disable` comments and severity settings applied;
// and of `progress/tech-stack.md` (only `stale-progress`).
#pragma once

#include "server/core/Diagnostic.h"
#include "server/core/Document.h"
#include "server/core/Schema.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::features {

struct CheckContext {
  const core::Schema* schema = nullptr;
  /// The file's path relative to the workspace root, `/`-separated (`sessions/x.md`); empty
  /// for a buffer that is not on disk under the workspace (then filename and self-evidence
  /// rules are skipped).
  std::string workspacePath;
  /// Whether a workspace-relative path (no leading `/`, `/`-separated) names an existing file
  /// or folder. Null: `broken-link` is not checked.
  std::function<bool(std::string_view workspacePath)> exists;
  /// Modules known besides the template's examples: other sessions' `module` values and
  /// folder names under `tracks/*/` (SPEC §3.1).
  std::vector<std::string> knownModules;
  /// The session before this one on the same module (SPEC §3.1 "Sessions in order"), for
  /// `level-discontinuity`.
  struct PreviousSession {
    std::string workspacePath;
    std::string date;
    std::string levelAfter;
  };
  std::optional<PreviousSession> previousSession;
  /// Per-code severity from settings; nullopt switches the code off.
  std::map<std::string, std::optional<core::Severity>, std::less<>> severityOverrides;
  /// Set for `progress/tech-stack.md`, which is not a session: the generated progress block as
  /// the sessions say it now (ProgressMarkdown::Block). Then `stale-progress` is the only rule.
  std::optional<std::string> currentProgressBlock;
};

/// Every diagnostic of \p document, sorted by position.
std::vector<core::Diagnostic> diagnose(const core::Document& document, const CheckContext& context);

// The rule groups diagnose() runs; each appends with its codes' default severities.
void checkMetadata(const core::Document& document, const CheckContext& context,
                   std::vector<core::Diagnostic>& out);
void checkBody(const core::Document& document, const CheckContext& context,
               std::vector<core::Diagnostic>& out);

/// `stale-progress`: the generated block of `progress/tech-stack.md` is not
/// context.currentProgressBlock (StaleProgress.cpp). A file without the markers is not checked.
void checkStaleProgress(const core::Document& document, const CheckContext& context,
                        std::vector<core::Diagnostic>& out);

/// `level-discontinuity`: this session's `level_before` differs from the previous session's
/// `level_after` on the same module.
void checkLevelContinuity(const core::Document& document, const CheckContext& context,
                          std::vector<core::Diagnostic>& out);

/// The page in docs/rules/ that explains \p code (codeDescription.href).
std::string ruleDocumentationUrl(std::string_view code);

} // namespace session::features
