// What the progress roll-up (SPEC §7, features/Progress.h) reads from one session beyond its
// metadata facts: its duration, status, verification result, the evidence it files under
// `evidence_targets.tracks` / `.lab`, and its risk register (template section 7).
#pragma once

#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/core/Workspace.h"

#include <string_view>

namespace session::features {

/// Fills SessionFacts::durationMinutes, status, verification, evidence and risks from the
/// parsed \p document at \p workspacePath (workspace-relative; relative evidence paths resolve
/// from it). Reads no file: an evidence path is resolved by its shape alone (see
/// evidencePathForProgress), so the server and the CLI derive the same facts.
void addProgressFacts(const core::Document& document, const core::Schema& schema,
                      std::string_view workspacePath, core::SessionFacts& facts);

/// The workspace path a progress report shows for \p target cited in \p fromFile, without
/// touching the disk: `/x` is root-relative; `./x` and `../x` are file-relative; any other
/// relative path (`tracks/…/x.md`, as the template writes them) is root-relative. Empty when
/// the path is not a path (`none`, a URL) or leaves the workspace.
std::string evidencePathForProgress(std::string_view fromFile, std::string_view target);

} // namespace session::features
