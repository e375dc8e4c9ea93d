// A finding about a document, in byte offsets. Parsing (core) and the rules (features) both
// produce these; the LSP and CLI layers turn them into their own shapes.
#pragma once

#include "server/core/Text.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::core {

/// Numbered as LSP's DiagnosticSeverity so the binding can pass the number through.
enum class Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

std::string_view severityName(Severity severity); // "error", "warning", "information", "hint"
std::optional<Severity> parseSeverity(std::string_view name);

/// Every diagnostic code the product reports (SPEC §3, plus input and settings problems), in
/// the order of the SPEC's table. Settings and suppression comments name codes from this list.
const std::vector<std::string_view>& knownDiagnosticCodes();
bool isKnownDiagnosticCode(std::string_view code);

struct Diagnostic {
  ByteRange range;
  Severity severity = Severity::Error;
  std::string code;    // a stable code from SPEC §3, e.g. "invalid-enum"
  std::string message; // says what is wrong and what is allowed
  /// For fixes (code actions) later: e.g. the closest allowed value for an enum.
  std::vector<std::string> suggestions;
};

} // namespace session::core
