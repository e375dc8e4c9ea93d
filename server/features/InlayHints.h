// Inlay hints (SPEC §4 "Progress at a glance"): after a session's `level_after` value, the
// module's level path so far, e.g. `vLLM: L0 → L1 → L2 (3rd session)`. The LSP layer shows the
// same text as a code lens for clients without inlay hints.
#pragma once

#include "server/core/Document.h"
#include "server/core/Workspace.h"

#include <optional>
#include <string>
#include <string_view>

namespace session::features {

struct ProgressHint {
  uint32_t offset = 0;  // just after the `level_after` value (or its colon when it is empty)
  core::ByteRange line; // the `level_after` line, for a code lens
  std::string label;
};

/// The hint of the session \p document at \p workspacePath, from the workspace index (which
/// holds this document's own facts once it is parsed); nullopt when the file has no
/// `level_after` line or the session takes no part in its module's path (no module, no date).
std::optional<ProgressHint> levelPathHint(const core::Document& document,
                                          const core::Workspace& workspace,
                                          std::string_view workspacePath);

} // namespace session::features
