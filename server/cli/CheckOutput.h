// How `session-lsp check` prints its findings: compiler-style text, JSON, or SARIF 2.1.0 (for
// code-scanning services).
#pragma once

#include "server/core/Diagnostic.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace session::cli {

enum class OutputFormat { Text, Json, Sarif };

struct Finding {
  std::string shownPath;  // as the user named it, relative to the current folder
  core::LineColumn start; // 0-based line, byte column
  core::LineColumn end;
  uint32_t startUtf16Column = 0; // SARIF counts UTF-16 code units by default
  uint32_t endUtf16Column = 0;
  core::Diagnostic diagnostic;
};

void printFindings(const std::vector<Finding>& findings, OutputFormat format, std::ostream& out);

} // namespace session::cli
