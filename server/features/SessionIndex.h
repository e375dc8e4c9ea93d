// What the workspace index keeps of a session (core::SessionFacts): its metadata facts plus
// the evidence paths it cites, for references and workspace symbols, and what the progress
// roll-up needs (ProgressFacts.h). Installed into
// core::Workspace as its FactsExtractor by the server.
#pragma once

#include "server/core/Workspace.h"

#include <optional>
#include <string_view>

namespace session::features {

std::optional<core::SessionFacts> extractSessionFacts(const core::Document& document,
                                                      const core::Schema& schema,
                                                      std::string_view workspacePath);

} // namespace session::features
