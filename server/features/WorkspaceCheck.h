// Diagnostics of a file in a workspace: builds the rule context (schema, path, existence,
// known modules, severity settings) from the workspace and runs diagnose().
#pragma once

#include "server/core/Workspace.h"
#include "server/features/Diagnostics.h"

namespace session::features {

CheckContext checkContextFor(const core::Workspace& workspace, std::string_view workspacePath);
/// The same, plus the facts that depend on the document's own metadata (its previous session).
CheckContext checkContextFor(const core::Workspace& workspace, std::string_view workspacePath,
                             const core::Document& document);

/// The generated block of `progress/tech-stack.md` as the workspace's sessions say it now.
std::string currentProgressBlock(const core::Workspace& workspace);

/// Diagnostics of \p document at \p workspacePath: every rule for a session file, the
/// settings problems for `.session-lsp.yaml`, `stale-progress` for `progress/tech-stack.md`,
/// nothing for other files.
std::vector<core::Diagnostic> diagnoseInWorkspace(const core::Workspace& workspace,
                                                  std::string_view workspacePath,
                                                  const core::Document& document);

} // namespace session::features
