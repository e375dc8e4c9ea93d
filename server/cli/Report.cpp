// `session-lsp report [PATH] [--format markdown|json|html] [--write] [--today YYYY-MM-DD]`: the
// progress roll-up of SPEC §7 (issue 7), derived from the sessions (the single source of truth).
// `--write` refreshes the generated block of `progress/tech-stack.md` instead of printing.
#include "server/cli/Cli.h"
#include "server/cli/Parallel.h"

#include "server/cli/ReportFormats.h"
#include "server/core/Text.h"
#include "server/core/Workspace.h"
#include "server/features/NewSession.h"
#include "server/features/Progress.h"
#include "server/features/ProgressBlock.h"
#include "server/features/ProgressFacts.h"

#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sys/stat.h>
#include <unistd.h>

namespace session::cli {

namespace fs = std::filesystem;

namespace {

enum class ReportFormat { Markdown, Json, Html };

struct ReportOptions {
  std::optional<std::string> path;
  ReportFormat format = ReportFormat::Markdown;
  bool write = false;
  std::string today;
};

std::optional<ReportOptions> parseReportOptions(const std::vector<std::string>& arguments,
                                                std::ostream& err) {
  ReportOptions options;
  for (size_t i = 0; i < arguments.size(); ++i) {
    std::string argument = arguments[i];
    std::optional<std::string> inlineValue;
    if (auto equals = argument.find('=');
        argument.starts_with("--") && equals != std::string::npos) {
      inlineValue = argument.substr(equals + 1);
      argument.resize(equals);
    }
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (inlineValue)
        return inlineValue;
      if (i + 1 >= arguments.size()) {
        err << "session-lsp report: " << name << " needs a value\n";
        return std::nullopt;
      }
      return arguments[++i];
    };
    if (argument == "--format") {
      auto format = value("--format");
      if (!format)
        return std::nullopt;
      if (*format == "markdown" || *format == "md")
        options.format = ReportFormat::Markdown;
      else if (*format == "json")
        options.format = ReportFormat::Json;
      else if (*format == "html")
        options.format = ReportFormat::Html;
      else {
        err << "session-lsp report: --format must be markdown, json or html\n";
        return std::nullopt;
      }
    } else if (argument == "--write" && !inlineValue) {
      options.write = true;
    } else if (argument == "--today") {
      auto today = value("--today");
      if (!today)
        return std::nullopt;
      if (!core::isCalendarDate(*today)) {
        err << "session-lsp report: --today must be a date YYYY-MM-DD, not `" << *today << "`\n";
        return std::nullopt;
      }
      options.today = *today;
    } else if (argument.starts_with("--")) {
      err << "session-lsp report: unknown option " << arguments[i] << " (see --help)\n";
      return std::nullopt;
    } else if (options.path) {
      err << "session-lsp report: one workspace folder at most (got `" << *options.path << "` and `"
          << argument << "`)\n";
      return std::nullopt;
    } else {
      options.path = argument;
    }
  }
  if (options.today.empty())
    options.today = features::localDateToday();
  return options;
}

/// Every session's facts, read and parsed on all cores (the order of \p files is kept).
std::vector<std::pair<std::string, std::optional<core::SessionFacts>>>
readSessionFacts(const core::Workspace& workspace, const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, std::optional<core::SessionFacts>>> facts(files.size());
  auto schema = workspace.schema();
  forEachInParallel(files.size(), [&](size_t i) {
    facts[i].first = files[i];
    auto text = workspace.readFile(files[i]);
    if (!text)
      return;
    auto document = core::Document::parse(std::move(*text));
    // The metadata facts are enough here (no citations): the same values the server's
    // extractor gives, plus the progress facts.
    facts[i].second = core::sessionFacts(*document);
    if (facts[i].second)
      features::addProgressFacts(*document, *schema, files[i], *facts[i].second);
  });
  return facts;
}

/// Writes \p text to \p target through a temporary file in the same folder and a rename, so a
/// reader never sees half a file. Keeps an existing file's permissions.
bool writeAtomically(const fs::path& target, const std::string& text, std::string& problem) {
  std::string temporary =
      (target.parent_path() / ("." + target.filename().string() + ".session-lsp-XXXXXX")).string();
  int descriptor = mkstemp(temporary.data());
  if (descriptor < 0) {
    problem = "cannot create a temporary file beside it";
    return false;
  }
  struct stat existing {};
  mode_t mode = stat(target.c_str(), &existing) == 0 ? existing.st_mode & 07777 : 0644;
  bool ok = fchmod(descriptor, mode) == 0;
  for (size_t written = 0; ok && written < text.size();) {
    ssize_t count = ::write(descriptor, text.data() + written, text.size() - written);
    if (count < 0)
      ok = false;
    else
      written += static_cast<size_t>(count);
  }
  ok = fsync(descriptor) == 0 && ok;
  ok = close(descriptor) == 0 && ok;
  if (ok && std::rename(temporary.c_str(), target.c_str()) != 0)
    ok = false;
  if (!ok) {
    std::remove(temporary.c_str());
    problem = "cannot write it";
  }
  return ok;
}

int writeProgressFile(const core::Workspace& workspace, const features::ProgressReport& report,
                      std::ostream& out, std::ostream& err) {
  const std::string relative(features::kProgressFilePath);
  const fs::path target = workspace.absolutePath(relative);
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  // Never write through a link or outside the root: the folder must resolve inside it, and the
  // file must be a regular file (or absent).
  auto folder = fs::canonical(target.parent_path(), error);
  auto root = fs::canonical(workspace.root(), error);
  auto folderText = folder.generic_string(), rootText = root.generic_string();
  bool inside = !error && (folderText == rootText || folderText.starts_with(rootText + "/"));
  auto status = fs::symlink_status(target, error);
  bool exists = status.type() != fs::file_type::not_found;
  if (!inside || (exists && status.type() != fs::file_type::regular)) {
    err << "session-lsp report: " << relative
        << " is not a regular file inside the workspace; not writing it\n";
    return kUsageOrIo;
  }
  std::string before;
  if (exists) {
    auto text = workspace.readFile(relative);
    if (!text) {
      err << "session-lsp report: cannot read " << relative << "\n";
      return kUsageOrIo;
    }
    before = std::move(*text);
  }
  std::string block = features::renderProgressMarkdown(report, features::ProgressMarkdown::Block);
  if (exists && features::progressBlockIsCurrent(before, block)) {
    out << relative << ": already up to date\n";
    return kClean;
  }
  std::string after = features::spliceProgressBlock(before, block);
  std::string problem;
  if (!writeAtomically(target, after, problem)) {
    err << "session-lsp report: " << relative << ": " << problem << "\n";
    return kUsageOrIo;
  }
  bool hadMarkers = features::findProgressBlock(before).has_value();
  out << relative << ": "
      << (!exists      ? "created"
          : hadMarkers ? "updated the generated block"
                       : "added the generated block")
      << " (" << report.sessionCount << " sessions)\n";
  return kClean;
}

} // namespace

int runReport(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  auto options = parseReportOptions(arguments, err);
  if (!options)
    return kUsageOrIo;
  std::error_code error;
  if (options->path && !fs::is_directory(*options->path, error)) {
    err << "session-lsp report: " << *options->path << ": not a folder\n";
    return kUsageOrIo;
  }
  core::Workspace workspace(
      core::findWorkspaceRoot(options->path ? fs::path(*options->path) : fs::current_path()));
  auto facts = readSessionFacts(workspace, workspace.findSessionFiles());
  auto report = features::buildProgressReport(facts, options->today,
                                              static_cast<int>(workspace.settings().staleAfterDays),
                                              workspace.schema()->levels());
  if (options->write)
    return writeProgressFile(workspace, report, out, err);
  switch (options->format) {
  case ReportFormat::Markdown:
    out << features::renderProgressMarkdown(report);
    break;
  case ReportFormat::Json:
    out << renderProgressJson(report);
    break;
  case ReportFormat::Html:
    out << renderProgressHtml(report);
    break;
  }
  return kClean;
}

} // namespace session::cli
