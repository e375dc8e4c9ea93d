// `broken-link` for the evidence places of a session body (SPEC §3.1 "Evidence paths"):
// markdown link targets anywhere in the body, the `Lab path(s)` bullet, and the cells of the
// `Evidence link` / `Proof (links)` columns. Front-matter evidence lists are metadata rules.
#pragma once

#include "server/core/Diagnostic.h"
#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/features/Diagnostics.h"

#include <string_view>
#include <vector>

namespace session::features {

/// Appends a `broken-link` per body evidence path that does not resolve (nothing when
/// CheckContext::exists is null).
void checkBodyLinks(const core::Document& document, const core::Schema& schema,
                    const CheckContext& context, std::vector<core::Diagnostic>& out);

} // namespace session::features
