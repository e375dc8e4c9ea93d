// The machine- and browser-readable forms of `session-lsp report` (issue 7): JSON (schema in
// docs/report.schema.json, described in docs/report-schema.md) and one self-contained HTML page.
#pragma once

#include "server/features/Progress.h"

#include <string>

namespace session::cli {

/// The report as JSON text (2-space indent, ending with a newline).
std::string renderProgressJson(const features::ProgressReport& report);

/// One HTML page: inline CSS, an inline SVG chart of each module's level over time, no
/// scripts and no network references.
std::string renderProgressHtml(const features::ProgressReport& report);

} // namespace session::cli
