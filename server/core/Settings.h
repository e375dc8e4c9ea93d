// `.session-lsp.yaml` (SPEC §8). A bad settings file never stops the server: every problem
// becomes a diagnostic of the settings file and the default is kept for that key.
#pragma once

#include "server/core/Diagnostic.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::core {

struct Settings {
  /// Globs of session files, workspace-relative (`**` any folders, `*` and `?` within a name).
  std::vector<std::string> sessionGlobs = {"sessions/**/*.md"};
  /// The template's workspace-relative path; empty: `SESSION-TEMPLATE.md` at the root when it
  /// exists, else the built-in seed.
  std::string templatePath;
  /// Per-code severity; nullopt means `off`.
  std::map<std::string, std::optional<Severity>, std::less<>> severity;
  /// Evidence roots (workspace-relative); empty means the workspace root.
  std::vector<std::string> roots;
  /// Level meanings that replace the built-in ones.
  std::map<std::string, std::string> levels;
  uint32_t staleAfterDays = 30;
};

struct SettingsResult {
  Settings settings;
  /// Problems with code `invalid-settings`, ranged in the settings text.
  std::vector<Diagnostic> problems;
  /// The top-level keys the text sets (known ones), for layering (layeredSettings).
  std::vector<std::string> keys;
};

inline constexpr std::string_view kSettingsFileName = ".session-lsp.yaml";

SettingsResult parseSettings(std::string_view yamlText);

/// The editor's settings (`workspace/configuration`, section `sessionLsp`) under the
/// settings file's: a key that `.session-lsp.yaml` sets wins, since the repository's file is
/// what `session-lsp check` in CI reads too; `severity` and `levels` merge entry by entry, the
/// file's entries winning.
Settings layeredSettings(const SettingsResult& editor, const SettingsResult& file);

/// True when the workspace-relative, `/`-separated \p path matches \p glob.
bool globMatch(std::string_view glob, std::string_view path);

} // namespace session::core
