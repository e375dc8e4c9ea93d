// A new session file from the template (SPEC §5 `session-lsp.newSession`, §6 `session-lsp new`):
// the template's own text with the metadata values filled in place, under the preferred name
// `YYYY-MM-DD__track__module__topic-slug.md`. Pure: the callers read the template and write the
// file (never over an existing one).
#pragma once

#include "server/core/Schema.h"
#include "server/core/Workspace.h"

#include <string>
#include <string_view>
#include <vector>

namespace session::features {

struct NewSessionRequest {
  std::string track;  // must be one of the template's values when `track` is a closed enum
  std::string module; // becomes part of the file name: no `/`, `\`, blanks or `__`
  std::string topic;  // free text; its slug ends the file name
  std::string date;   // `YYYY-MM-DD`, a real date (the callers pass today by default)
  /// Workspace-relative folder for the file, `/`-separated, no leading or trailing `/`; empty
  /// for the workspace root. See sessionsFolderFromGlobs().
  std::string sessionsFolder = "sessions";
};

struct NewSessionResult {
  /// Why nothing was made (a message for the user); empty on success.
  std::string error;
  /// `sessions/2026-11-20__02-Infra-System__vLLM__paged-attention.md`
  std::string workspacePath;
  /// The file's full text.
  std::string text;

  bool ok() const { return error.empty(); }
};

/// Turns \p templateText into a session for \p request. The metadata stays where the template
/// puts it (front matter or the fenced `yaml` block) and is edited value by value, comments
/// and layout kept: `date`, `track`, `module` and `topic` are filled,
/// `evidence_targets.sessions` lists the file's own `/`-rooted path, and enum fields that
/// still show the template's alternatives (`weak | ok | mastered`) become `""` with the
/// alternatives as a comment (a placeholder to fill, not an invalid value). Other fields keep
/// the template's placeholders. A level-1 title before the first section becomes
/// `DATE — topic`. Returns an error for an unknown track, a bad date, a module that cannot be
/// part of a file name, a topic without letters or digits, or a template without metadata.
NewSessionResult newSession(const core::Schema& schema, std::string_view templateText,
                            const NewSessionRequest& request);

/// The folder new sessions go to: the leading literal folders of the first sessions glob
/// (`sessions/**/*.md` → `sessions`, `notes/2026/*.md` → `notes/2026`, `**/*.md` → ``).
std::string sessionsFolderFromGlobs(const std::vector<std::string>& sessionGlobs);

/// The text of the template \p workspace derives its schema from: its template file when it
/// has a usable one on disk, else the built-in seed.
std::string templateTextOf(const core::Workspace& workspace);

/// Today in the local time zone, `YYYY-MM-DD` (the user's calendar day, not UTC's): the
/// default date of a new session and the date completion offers.
std::string localDateToday();

} // namespace session::features
