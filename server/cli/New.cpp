// `session-lsp new --track T --module M --topic "…" [--date D] [--dry-run]` (SPEC §6): a session
// file from the workspace's template under its preferred name, never over an existing file.
// Run from anywhere inside the workspace; prints the created path (relative to the current
// folder, so `$EDITOR "$(session-lsp new …)"` works).
#include "server/cli/Cli.h"

#include "server/core/Workspace.h"
#include "server/features/NewSession.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <ostream>

namespace session::cli {

namespace fs = std::filesystem;

namespace {

struct NewOptions {
  std::optional<std::string> track, module, topic, date;
  bool dryRun = false;
  bool help = false;
};

constexpr const char* kUsage =
    "usage: session-lsp new --track T --module M --topic \"…\" [--date YYYY-MM-DD] [--dry-run]\n";

/// Options as `--name value` or `--name=value`; nullopt (after a message) on a usage error.
std::optional<NewOptions> parseNewOptions(const std::vector<std::string>& arguments,
                                          std::ostream& err) {
  NewOptions options;
  for (size_t i = 0; i < arguments.size(); ++i) {
    std::string name = arguments[i];
    std::optional<std::string> inlineValue;
    if (auto equals = name.find('='); name.starts_with("--") && equals != std::string::npos) {
      inlineValue = name.substr(equals + 1);
      name.resize(equals);
    }
    if (name == "--dry-run" && !inlineValue) {
      options.dryRun = true;
      continue;
    }
    if ((name == "--help" || name == "-h") && !inlineValue) {
      options.help = true;
      continue;
    }
    std::optional<std::string>* slot = name == "--track"    ? &options.track
                                       : name == "--module" ? &options.module
                                       : name == "--topic"  ? &options.topic
                                       : name == "--date"   ? &options.date
                                                            : nullptr;
    if (!slot) {
      err << "session-lsp new: unexpected argument `" << arguments[i] << "`\n" << kUsage;
      return std::nullopt;
    }
    if (!inlineValue && i + 1 >= arguments.size()) {
      err << "session-lsp new: " << name << " needs a value\n" << kUsage;
      return std::nullopt;
    }
    *slot = inlineValue ? *inlineValue : arguments[++i];
  }
  if (!options.help && (!options.track || !options.module || !options.topic)) {
    err << "session-lsp new: --track, --module and --topic are required\n" << kUsage;
    return std::nullopt;
  }
  return options;
}

std::string shownPath(const fs::path& absolute) {
  std::error_code error;
  auto relative = fs::relative(absolute, fs::current_path(error), error);
  return error || relative.empty() ? absolute.generic_string() : relative.generic_string();
}

/// Writes \p text to \p path only if nothing is there (O_EXCL: a file that appears meanwhile
/// is not overwritten either). Returns an error message, or empty on success.
std::string writeNewFile(const fs::path& path, const std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "wx");
  if (!file)
    return errno == EEXIST ? "already exists; not overwriting it" : std::strerror(errno);
  bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  bool closed = std::fclose(file) == 0;
  if (!written || !closed)
    return "could not be written completely";
  return {};
}

} // namespace

int runNew(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  auto options = parseNewOptions(arguments, err);
  if (!options)
    return kUsageOrIo;
  if (options->help) {
    out << kUsage
        << "Creates a session from the workspace's template (or the built-in one) in its "
           "sessions folder,\nnamed YYYY-MM-DD__track__module__topic-slug.md; the date is "
           "today's unless --date is given.\nNever overwrites a file. Exit codes: 0 created, 1 "
           "refused (invalid value or file exists), 2 usage.\n";
    return kClean;
  }

  std::error_code error;
  core::Workspace workspace(core::findWorkspaceRoot(fs::current_path(error)));
  features::NewSessionRequest request;
  request.track = *options->track;
  request.module = *options->module;
  request.topic = *options->topic;
  request.date = options->date.value_or(features::localDateToday());
  request.sessionsFolder = features::sessionsFolderFromGlobs(workspace.settings().sessionGlobs);
  auto result =
      features::newSession(*workspace.schema(), features::templateTextOf(workspace), request);
  if (!result.ok()) {
    err << "session-lsp new: " << result.error << "\n";
    return kRefused;
  }

  fs::path target = workspace.absolutePath(result.workspacePath);
  if (fs::symlink_status(target, error).type() != fs::file_type::not_found) {
    err << shownPath(target) << ": already exists; not overwriting it\n";
    return kRefused;
  }
  if (!workspace.isSessionPath(result.workspacePath))
    err << "session-lsp new: note: " << result.workspacePath
        << " does not match the `sessions` globs of .session-lsp.yaml\n";
  if (options->dryRun) {
    out << shownPath(target) << "\n" << result.text;
    return kClean;
  }

  // The folder must really be inside the workspace (a symlinked `sessions/` could lead out):
  // checked before creating anything, and again once it exists.
  auto insideWorkspace = [&] {
    return workspace.relativePath(target.parent_path()).has_value();
  };
  std::error_code folderError;
  bool inside = insideWorkspace();
  if (inside) {
    fs::create_directories(target.parent_path(), folderError);
    inside = !folderError && insideWorkspace();
  }
  if (!inside) {
    err << "session-lsp new: cannot create the sessions folder `" << request.sessionsFolder
        << "` inside the workspace"
        << (folderError ? " (" + folderError.message() + ")" : std::string()) << "\n";
    return kRefused;
  }
  if (auto problem = writeNewFile(target, result.text); !problem.empty()) {
    err << shownPath(target) << ": " << problem << "\n";
    return kRefused;
  }
  out << shownPath(target) << "\n";
  return kClean;
}

} // namespace session::cli
