#include "server/core/Diagnostic.h"

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

std::optional<Severity> parseSeverity(std::string_view name) {
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
