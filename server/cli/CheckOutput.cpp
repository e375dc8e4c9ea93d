#include "server/cli/CheckOutput.h"

#include "protocol/Uri.h"
#include "server/features/Diagnostics.h"

#include <nlohmann/json.hpp>

#include <map>
#include <ostream>

namespace session::cli {

namespace {

using nlohmann::json;

void printText(const std::vector<Finding>& findings, std::ostream& out) {
  for (const auto& finding : findings) {
    const auto& diagnostic = finding.diagnostic;
    out << finding.shownPath << ':' << finding.start.line + 1 << ':' << finding.start.column + 1
        << ": " << core::severityName(diagnostic.severity) << ": " << diagnostic.message << " ["
        << diagnostic.code << "]\n";
  }
}

void printJson(const std::vector<Finding>& findings, std::ostream& out) {
  json items = json::array();
  for (const auto& finding : findings) {
    const auto& diagnostic = finding.diagnostic;
    items.push_back({{"path", finding.shownPath},
                     {"line", finding.start.line + 1},
                     {"column", finding.start.column + 1},
                     {"endLine", finding.end.line + 1},
                     {"endColumn", finding.end.column + 1},
                     {"severity", core::severityName(diagnostic.severity)},
                     {"code", diagnostic.code},
                     {"message", diagnostic.message},
                     {"url", features::ruleDocumentationUrl(diagnostic.code)}});
  }
  out << items.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

const char* sarifLevel(core::Severity severity) {
  switch (severity) {
  case core::Severity::Error:
    return "error";
  case core::Severity::Warning:
    return "warning";
  case core::Severity::Information:
  case core::Severity::Hint:
    return "note";
  }
  return "note";
}

// artifactLocation.uri must be a URI reference, so the path is percent-encoded (a space, `#` or
// Korean text would otherwise make the log invalid); a relative path stays relative (to the folder
// `check` ran in, which code-scanning services take as the repository root).
std::string sarifUri(const std::string& shownPath) {
  if (shownPath.starts_with('/'))
    return protocol::pathToFileUri(shownPath);
  return protocol::percentEncodePath(shownPath);
}

void printSarif(const std::vector<Finding>& findings, std::ostream& out) {
  std::map<std::string, size_t> ruleIndex;
  json rules = json::array();
  json results = json::array();
  for (const auto& finding : findings) {
    const auto& diagnostic = finding.diagnostic;
    auto [rule, added] = ruleIndex.emplace(diagnostic.code, rules.size());
    if (added)
      rules.push_back(
          {{"id", diagnostic.code}, {"helpUri", features::ruleDocumentationUrl(diagnostic.code)}});
    results.push_back(
        {{"ruleId", diagnostic.code},
         {"ruleIndex", rule->second},
         {"level", sarifLevel(diagnostic.severity)},
         {"message", {{"text", diagnostic.message}}},
         {"locations", json::array({{{"physicalLocation",
                                      {{"artifactLocation", {{"uri", sarifUri(finding.shownPath)}}},
                                       {"region",
                                        {{"startLine", finding.start.line + 1},
                                         {"startColumn", finding.startUtf16Column + 1},
                                         {"endLine", finding.end.line + 1},
                                         {"endColumn", finding.endUtf16Column + 1}}}}}}})}});
  }
  json log = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array(
           {{{"tool",
              {{"driver",
                {{"name", "session-lsp"}, {"version", SESSION_LSP_VERSION}, {"rules", rules}}}}},
             {"columnKind", "utf16CodeUnits"},
             {"results", results}}})}};
  out << log.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

} // namespace

void printFindings(const std::vector<Finding>& findings, OutputFormat format, std::ostream& out) {
  switch (format) {
  case OutputFormat::Text:
    return printText(findings, out);
  case OutputFormat::Json:
    return printJson(findings, out);
  case OutputFormat::Sarif:
    return printSarif(findings, out);
  }
}

} // namespace session::cli
