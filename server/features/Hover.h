// Hover (SPEC §4): a field's documentation (the template comment) and allowed values, a
// level's meaning, a section's rules from the template, and the diagnostics under the cursor
// ("why is this underlined"). Evidence-path previews come with the navigation features.
#pragma once

#include "server/core/Diagnostic.h"
#include "server/core/Document.h"
#include "server/core/Schema.h"

#include <optional>
#include <string>
#include <vector>

namespace session::features {

struct HoverResult {
  std::string markdown;
  core::ByteRange range; // what the hover is about (highlighted by the editor)
};

/// The hover at \p offset, or nullopt where there is nothing to say. \p diagnostics are the
/// document's current diagnostics: those covering the offset are explained first.
std::optional<HoverResult> hover(const core::Document& document, uint32_t offset,
                                 const core::Schema& schema,
                                 const std::vector<core::Diagnostic>& diagnostics);

} // namespace session::features
