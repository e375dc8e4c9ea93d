// The workspace a user opened: its root folder, settings, schema (from its template or the
// seed) and the facts other files contribute (modules used by sessions, track folders).
//
// Reading is bounded to the root: paths that climb out of it, or symlinks that lead out of
// it, are treated as missing and never read.
#pragma once

#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/core/Settings.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace session::core {

/// An evidence path a session cites, as the index keeps it: where it stands and the workspace
/// paths it may name (file-relative first, then root-relative), without touching the disk.
struct Citation {
  std::vector<std::string> candidates;
  std::string target; // as written (a rename rewrites it)
  uint32_t line = 0;
  uint32_t column = 0, endColumn = 0;           // UTF-8 bytes in the line
  uint32_t utf16Column = 0, utf16EndColumn = 0; // UTF-16 code units in the line
};

/// The metadata values of a session that other files' rules need.
struct SessionFacts {
  std::string module;
  std::string date; // empty unless a real `YYYY-MM-DD` date
  std::string startTime;
  std::string levelBefore;
  std::string levelAfter;
  std::string track;
  std::vector<std::string> tags;
  std::string topic;
  /// Where the `module` value stands (candidates empty), for references on a module.
  Citation modulePosition;
  /// Evidence paths the session cites (filled by the extractor the server installs; the
  /// checker does not need them).
  std::vector<Citation> citations;

  // What the progress roll-up needs (SPEC §7), filled by features::addProgressFacts().
  /// `duration_min` when it is a non-negative integer.
  std::optional<int> durationMinutes;
  /// The metadata `status` as written (`weak`, `ok`, `mastered`).
  std::string status;
  /// The `5.2 Result` section's `Status` bullet: its enum part in the template's spelling
  /// (`Passed`, `Failed`, `Not started`), the text as written when it is not a template value,
  /// empty when the section or bullet is absent or empty.
  std::string verification;
  /// Workspace paths listed in `evidence_targets.tracks` and `evidence_targets.lab`, in order.
  std::vector<std::string> evidence;
  /// A row of the risk register (template section 7) that names a risk and a severity.
  struct Risk {
    std::string text;       // the `Gap / Risk` cell
    std::string severity;   // the `Severity` cell's enum part in the template's spelling (`H`)
    std::string mitigation; // the `Fix plan` cell; empty when none
  };
  std::vector<Risk> risks;
};

/// Reads a session's facts from its parsed document (see Workspace::setFactsExtractor).
using FactsExtractor = std::function<std::optional<SessionFacts>(const Document&, const Schema&,
                                                                 std::string_view workspacePath)>;

/// A value and how many sessions use it (completion ranks by it).
struct UsageCount {
  std::string value;
  size_t count = 0;
  bool operator==(const UsageCount&) const = default;
};

/// The facts of a parsed session; nullopt when its metadata did not parse.
std::optional<SessionFacts> sessionFacts(const Document& document);

class Workspace {
public:
  /// A workspace rooted at \p root (need not exist: then it is empty and uses defaults).
  explicit Workspace(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  const Settings& settings() const { return settings_; }
  /// Problems of `.session-lsp.yaml` (empty when it is fine or absent).
  const std::vector<Diagnostic>& settingsProblems() const { return settingsProblems_; }
  std::shared_ptr<const Schema> schema() const { return schema_; }
  /// The workspace-relative path of the template in use, or empty for the built-in seed.
  const std::string& templatePath() const { return templatePath_; }

  /// Re-reads `.session-lsp.yaml` and the template from disk.
  void reload();
  /// Uses \p text as the settings file's content (an unsaved editor buffer).
  void setSettingsText(std::string_view text);
  /// The editor's settings (`workspace/configuration`, section `sessionLsp`), as YAML or JSON
  /// text; the settings file's keys win over them (core::layeredSettings). Returns their
  /// problems (no file holds them, so the server logs them).
  std::vector<Diagnostic> setEditorSettings(std::string_view text);
  /// Uses \p text as the template's content (an unsaved editor buffer).
  void setTemplateText(std::string_view text);

  /// `/`-separated path of \p path relative to the root, or nullopt when outside it.
  std::optional<std::string> relativePath(const std::filesystem::path& path) const;
  std::filesystem::path absolutePath(std::string_view workspacePath) const;
  /// Remembers every exists() answer from now on: for a one-shot run over files that do not
  /// change meanwhile (`session-lsp check`), where sessions cite the same notes thousands of
  /// times. The server does not use it: a file may vanish without a watcher event. Thread-safe.
  void rememberExistence();

  /// The real path of \p workspacePath when it exists and stays inside the root, symlinks
  /// followed; nullopt otherwise.
  std::optional<std::filesystem::path> resolveInside(std::string_view workspacePath) const;
  /// resolveInside as a plain string (what exists() needs, without building an fs::path).
  std::optional<std::string> resolveInsideNative(std::string_view workspacePath) const;
  bool isSessionPath(std::string_view workspacePath) const;
  bool isTemplatePath(std::string_view workspacePath) const;
  /// Session files on disk (matching the settings' globs), sorted, workspace-relative.
  std::vector<std::string> findSessionFiles() const;
  /// Whether a workspace-relative path exists inside the root (symlinks leaving it: false).
  bool exists(std::string_view workspacePath) const;
  /// Names of the folders under `tracks/*/` (module folders), sorted and unique.
  std::vector<std::string> trackModuleFolders() const;
  /// Names of the folders under `tracks/<track>/`, sorted.
  std::vector<std::string> trackModuleFolders(std::string_view track) const;
  /// Reads a workspace file (nullopt when missing, outside the root, or not a regular file).
  std::optional<std::string> readFile(std::string_view workspacePath) const;
  /// The file's modification time and size as text (changes when the file does), or nullopt
  /// when it is missing or outside the root.
  std::optional<std::string> fileStamp(std::string_view workspacePath) const;
  /// Whether a workspace-relative path is a folder inside the root.
  bool isDirectory(std::string_view workspacePath) const;
  struct FolderEntry {
    std::string name;
    bool isDirectory = false;
  };
  /// The entries of a folder inside the root, sorted by name; entries whose real path leaves
  /// the root (symlinks) and hidden ones (`.git`) are left out.
  std::vector<FolderEntry> listFolder(std::string_view workspacePath) const;

  /// What each indexed session says of itself, for `unknown-module` and `level-discontinuity`.
  void setSessionFacts(const std::string& workspacePath, std::optional<SessionFacts> facts);
  /// How facts are read from a parsed session; the default reads the metadata only
  /// (sessionFacts()). The server installs one that also lists citations.
  void setFactsExtractor(FactsExtractor extractor) { extractor_ = std::move(extractor); }
  std::optional<SessionFacts> extractFacts(const Document& document,
                                           std::string_view workspacePath) const;
  /// Every indexed session and its facts, by workspace path.
  const std::map<std::string, SessionFacts, std::less<>>& sessions() const { return sessions_; }
  /// The sessions that cite \p workspacePath, with where they cite it.
  std::vector<std::pair<std::string, Citation>> citationsOf(std::string_view workspacePath) const;
  /// The sessions whose module is exactly \p module.
  std::vector<std::string> sessionsOnModule(std::string_view module) const;
  /// Reads and indexes the facts of every session file on disk (the CLI and the server's
  /// start). Returns how many sessions were indexed.
  size_t indexSessionsOnDisk();
  /// Re-reads one session file from disk (after it changed or its buffer closed); a file that
  /// is gone leaves the index.
  void reindexSessionOnDisk(const std::string& workspacePath);
  /// Modules that sessions other than \p workspacePath use, plus the track folders.
  std::vector<std::string> knownModulesExcept(std::string_view workspacePath) const;
  /// Modules / tags that sessions other than \p workspacePath use, most used first, ties by
  /// name (a half-typed value in the file being edited must not suggest itself).
  std::vector<UsageCount> moduleUsageExcept(std::string_view workspacePath) const;
  std::vector<UsageCount> tagUsageExcept(std::string_view workspacePath) const;
  size_t sessionCount() const { return sessions_.size(); }
  /// The latest session before \p self (at \p workspacePath) on the same module (exact match,
  /// any track), ordered by date, then start time, then file name (SPEC §3.1). Sessions without
  /// a valid date take no part.
  std::optional<std::pair<std::string, SessionFacts>>
  previousSessionOnModule(std::string_view workspacePath, const SessionFacts& self) const;

private:
  void applySettings(SettingsResult result);
  void applyLayers();
  void loadTemplate(std::optional<std::string> text);

  std::filesystem::path root_;
  std::filesystem::path canonicalRoot_;
  Settings settings_; // the file's over the editor's
  SettingsResult fileSettings_;
  SettingsResult editorSettings_;
  std::vector<Diagnostic> settingsProblems_;
  std::shared_ptr<const Schema> schema_;
  std::string templatePath_;
  std::map<std::string, SessionFacts, std::less<>> sessions_;
  FactsExtractor extractor_;
  /// module → the sessions that use it, so lookups by module need not walk every session.
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> sessionsByModule_;
  /// Dated sessions per module in SPEC §3.1 order (date, start time, path): the previous
  /// session is a lookup, not a scan (`check` asks it for every file).
  using SessionOrderKey = std::tuple<std::string, std::string, std::string>;
  std::map<std::string, std::set<SessionOrderKey>, std::less<>> orderByModule_;
  /// tag → how many sessions list it.
  std::map<std::string, size_t, std::less<>> tagCounts_;
  /// track folder → its module folders; read from disk on first use, dropped by reload().
  mutable std::optional<std::map<std::string, std::vector<std::string>, std::less<>>> trackFolders_;
  struct ExistenceMemo {
    std::mutex mutex;
    std::map<std::string, bool, std::less<>> answers;
  };
  std::unique_ptr<ExistenceMemo> existence_; // set by rememberExistence()
  const std::map<std::string, std::vector<std::string>, std::less<>>& trackFolderMap() const;
};

/// The workspace root for \p start (a file or folder): the nearest folder at or above it that
/// has `.session-lsp.yaml`, `SESSION-TEMPLATE.md`, `sessions/` or `.git`; else its folder.
std::filesystem::path findWorkspaceRoot(std::filesystem::path start);

} // namespace session::core
