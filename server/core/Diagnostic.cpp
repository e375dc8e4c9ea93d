#include "server/core/Diagnostic.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace session::core {

std::string_view severityName(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Information:
    return "information";
  case Severity::Hint:
    return "hint";
  }
  return "error";
}

const std::vector<std::string_view>& knownDiagnosticCodes() {
  static const std::vector<std::string_view> kCodes = {
      "yaml-syntax",         "missing-metadata", "missing-field",         "unknown-field",
      "invalid-enum",        "unknown-module",   "invalid-date",          "invalid-time",
      "invalid-type",        "placeholder",      "empty-field",           "missing-section",
      "duplicate-section",   "section-order",    "section-too-long",      "too-many-items",
      "invalid-body-enum",   "broken-link",      "missing-self-evidence", "filename-convention",
      "filename-mismatch",   "level-regression", "unverified-claim",      "failed-without-reason",
      "level-discontinuity", "stale-progress",   "invalid-utf8",          "binary-file",
      "file-too-large",      "invalid-settings"};
  return kCodes;
}

bool isKnownDiagnosticCode(std::string_view code) {
  const auto& codes = knownDiagnosticCodes();
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::optional<Severity> parseSeverity(std::string_view given) {
  std::string name(given);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (name == "error")
    return Severity::Error;
  if (name == "warning")
    return Severity::Warning;
  if (name == "information" || name == "info")
    return Severity::Information;
  if (name == "hint")
    return Severity::Hint;
  return std::nullopt;
}

} // namespace session::core
