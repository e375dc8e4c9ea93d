// `session-lsp check [PATH…] [--format text|json|sarif] [--severity S]`: diagnostics for files or
// folders, printed like a compiler (`path:line:col: severity: message [code]`, 1-based line,
// 1-based column in UTF-8 bytes, SPEC §3.1), so Vim's quickfix and CI logs read them.
#include "server/cli/Cli.h"

#include "protocol/PositionEncoding.h"
#include "server/cli/CheckOutput.h"
#include "server/cli/Parallel.h"

#include "server/core/Workspace.h"
#include "server/features/ProgressBlock.h"
#include "server/features/ProgressFacts.h"
#include "server/features/WorkspaceCheck.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unistd.h>

namespace session::cli {

namespace fs = std::filesystem;
using core::Diagnostic;
using core::Severity;

namespace {

constexpr size_t kProgressThreshold = 500;

struct Options {
  std::vector<std::string> paths;
  OutputFormat format = OutputFormat::Text;
  Severity minimum = Severity::Hint;
};

/// A file to check: how the user named it, and where it is in the workspace.
struct Target {
  std::string shownPath;
  std::string workspacePath;
  bool explicitlyNamed = false;
};

std::optional<Options> parseOptions(const std::vector<std::string>& arguments, std::ostream& err) {
  Options options;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const auto& argument = arguments[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= arguments.size()) {
        err << "session-lsp check: " << name << " needs a value\n";
        return std::nullopt;
      }
      return arguments[++i];
    };
    if (argument == "--format") {
      auto format = value("--format");
      if (format == "text")
        options.format = OutputFormat::Text;
      else if (format == "json")
        options.format = OutputFormat::Json;
      else if (format == "sarif")
        options.format = OutputFormat::Sarif;
      else {
        err << "session-lsp check: --format must be text, json or sarif\n";
        return std::nullopt;
      }
    } else if (argument == "--severity") {
      auto name = value("--severity");
      auto severity = name ? core::parseSeverity(*name) : std::nullopt;
      if (!severity) {
        err << "session-lsp check: --severity must be error, warning, information or hint\n";
        return std::nullopt;
      }
      options.minimum = *severity;
    } else if (argument.starts_with("--")) {
      err << "session-lsp check: unknown option " << argument << " (see --help)\n";
      return std::nullopt;
    } else {
      options.paths.push_back(argument);
    }
  }
  return options;
}

std::string joinShown(const std::string& given, const std::string& relative) {
  if (given.empty() || given == ".")
    return relative;
  return given.back() == '/' ? given + relative : given + "/" + relative;
}

struct Collected {
  std::vector<Target> targets;
  bool ioProblem = false;
};

Collected collectTargets(const core::Workspace& workspace, const Options& options,
                         std::ostream& err) {
  Collected collected;
  if (options.paths.empty()) {
    auto cwdRelative = fs::relative(workspace.root(), fs::current_path()).generic_string();
    for (auto& path : workspace.findSessionFiles())
      collected.targets.push_back({joinShown(cwdRelative, path), path, false});
    // The one other file with a rule: `stale-progress` (SPEC §3.1).
    std::string progressFile(features::kProgressFilePath);
    if (workspace.exists(progressFile))
      collected.targets.push_back({joinShown(cwdRelative, progressFile), progressFile, false});
    return collected;
  }
  for (const auto& given : options.paths) {
    std::error_code error;
    if (!fs::exists(given, error)) {
      err << given << ": no such file or folder\n";
      collected.ioProblem = true;
      continue;
    }
    auto relative = workspace.relativePath(given);
    if (!relative) {
      err << given << ": outside the workspace " << workspace.root().string() << "\n";
      collected.ioProblem = true;
      continue;
    }
    if (fs::is_directory(given, error)) {
      std::string prefix = *relative == "." ? "" : *relative + "/";
      for (auto& path : workspace.findSessionFiles())
        if (path.starts_with(prefix))
          collected.targets.push_back({joinShown(given, path.substr(prefix.size())), path, false});
    } else {
      collected.targets.push_back({given, *relative, true});
    }
  }
  return collected;
}

} // namespace

int runCheck(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  auto options = parseOptions(arguments, err);
  if (!options)
    return kUsageOrIo;

  core::Workspace workspace(core::findWorkspaceRoot(
      options->paths.empty() ? fs::current_path() : fs::path(options->paths.front())));
  auto collected = collectTargets(workspace, *options, err);

  // Every session on disk contributes its module to `unknown-module` and its levels to
  // `level-discontinuity` (SPEC §3.1), so every session's metadata is read first, on every
  // core. Front matter needs no markdown parse; only the files that need one are parsed whole,
  // and no document is kept: holding 10 000 parsed documents for the second pass cost more
  // (page faults on 600 MB) than parsing each checked file again there.
  std::set<std::string> targeted;
  for (const auto& target : collected.targets)
    targeted.insert(target.workspacePath);
  const bool checksProgressFile = targeted.contains(std::string(features::kProgressFilePath));
  auto sessionFiles = workspace.findSessionFiles();
  std::vector<std::optional<core::SessionFacts>> sessionFacts(sessionFiles.size());
  forEachInParallel(sessionFiles.size(), [&](size_t i) {
    auto text = workspace.readFile(sessionFiles[i]);
    if (!text)
      return;
    if (!checksProgressFile) {
      if (auto metadataOnly = core::Document::parseFrontMatterOnly(*text)) {
        sessionFacts[i] = core::sessionFacts(*metadataOnly);
        return;
      }
    }
    auto document = core::Document::parse(std::move(*text));
    sessionFacts[i] = core::sessionFacts(*document);
    if (sessionFacts[i] && checksProgressFile) // the block `stale-progress` compares with
      features::addProgressFacts(*document, *workspace.schema(), sessionFiles[i], *sessionFacts[i]);
  });
  for (size_t i = 0; i < sessionFiles.size(); ++i)
    workspace.setSessionFacts(sessionFiles[i], std::move(sessionFacts[i]));

  auto findingsOf = [](const std::string& shown, const core::Document& document,
                       std::vector<Diagnostic> diagnostics) {
    std::vector<Finding> found;
    const auto& lines = document.lines();
    for (auto& diagnostic : diagnostics) {
      auto start = lines.toLineColumn(diagnostic.range.begin);
      auto end = lines.toLineColumn(diagnostic.range.end);
      auto utf16 = [&](core::LineColumn at) {
        return protocol::toClientColumn(lines.lineText(at.line), at.column,
                                        protocol::PositionEncoding::Utf16);
      };
      found.push_back({shown, start, end, utf16(start), utf16(end), std::move(diagnostic)});
    }
    return found;
  };

  std::vector<Finding> findings;
  if (!workspace.settingsProblems().empty() && options->paths.empty()) {
    auto text = workspace.readFile(core::kSettingsFileName).value_or("");
    auto settingsDocument = core::Document::parse(text);
    auto cwdRelative = fs::relative(workspace.root(), fs::current_path()).generic_string();
    findings = findingsOf(joinShown(cwdRelative, std::string(core::kSettingsFileName)),
                          *settingsDocument, workspace.settingsProblems());
  }

  // The rules only read the workspace from here on; its one lazy cache is filled first, and
  // the files stay as they are until the check ends.
  workspace.rememberExistence();
  (void)workspace.trackModuleFolders();
  // A progress line on a terminal for large workspaces (never in pipes or CI logs).
  const bool showProgress = collected.targets.size() >= kProgressThreshold && isatty(STDERR_FILENO);
  std::atomic<size_t> done{0};
  std::vector<std::vector<Finding>> findingsPerTarget(collected.targets.size());
  std::vector<char> unreadable(collected.targets.size(), 0);
  forEachInParallel(collected.targets.size(), [&](size_t i) {
    const Target& target = collected.targets[i];
    // On a terminal only (isatty above), so stderr itself, from whichever thread counts.
    if (showProgress)
      if (size_t count = ++done; count % 100 == 0)
        std::fprintf(stderr, "\rchecking %zu/%zu", count, collected.targets.size());
    auto text = workspace.readFile(target.workspacePath);
    if (!text) {
      unreadable[i] = 1;
      return;
    }
    auto document = core::Document::parse(std::move(*text));
    // A file named on the command line is checked as a session even outside the globs.
    auto diagnostics =
        workspace.isSessionPath(target.workspacePath) || !target.explicitlyNamed ||
                target.workspacePath == features::kProgressFilePath
            ? features::diagnoseInWorkspace(workspace, target.workspacePath, *document)
            : features::diagnose(
                  *document, features::checkContextFor(workspace, target.workspacePath, *document));
    findingsPerTarget[i] = findingsOf(target.shownPath, *document, std::move(diagnostics));
  });
  for (size_t i = 0; i < collected.targets.size(); ++i) {
    if (unreadable[i]) {
      err << collected.targets[i].shownPath << ": cannot read\n";
      collected.ioProblem = true;
    }
    std::move(findingsPerTarget[i].begin(), findingsPerTarget[i].end(),
              std::back_inserter(findings));
  }

  if (showProgress)
    err << "\r\033[K" << std::flush;

  std::map<Severity, size_t> counts;
  bool anyError = false;
  std::vector<Finding> shown;
  for (auto& finding : findings) {
    anyError |= finding.diagnostic.severity == Severity::Error;
    if (finding.diagnostic.severity > options->minimum)
      continue;
    ++counts[finding.diagnostic.severity];
    shown.push_back(std::move(finding));
  }
  printFindings(shown, options->format, out);
  err << "checked " << collected.targets.size() << " file"
      << (collected.targets.size() == 1 ? "" : "s") << ": " << counts[Severity::Error]
      << " errors, " << counts[Severity::Warning] << " warnings, " << counts[Severity::Information]
      << " information, " << counts[Severity::Hint] << " hints\n";

  if (collected.ioProblem)
    return kUsageOrIo;
  return anyError ? kErrorsFound : kClean;
}

} // namespace session::cli
