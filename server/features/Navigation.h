// Evidence navigation (SPEC §4): go to definition on an evidence path or a `module` value,
// document links for every evidence path, references (the sessions that cite a file, or use a
// module), and workspace symbols (sessions by topic, module, track or date).
//
// Every read goes through core::Workspace, which never leaves the workspace root: a path that
// climbs out of it, or a symlink that leads out, is not followed.
#pragma once

#include "server/core/Document.h"
#include "server/core/Workspace.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::features {

/// A place in another workspace file: a 0-based line (the `#anchor`'s heading, a `#L12`
/// line, or 0).
struct FileTarget {
  std::string workspacePath;
  uint32_t line = 0;
};

struct EvidenceLink {
  core::ByteRange range; // of the path in the citing document
  FileTarget target;
  std::string tooltip;
};

/// The evidence path or `module` value at \p offset and where it leads; nullopt when the
/// cursor is on neither, or the path does not resolve inside the workspace. A folder leads to
/// its `INDEX.md`, `README.md` or `index.md`.
std::optional<EvidenceLink> definitionAt(const core::Document& document, uint32_t offset,
                                         const core::Workspace& workspace,
                                         std::string_view fromFile);

/// Every evidence path of the document that resolves, as a link.
std::vector<EvidenceLink> documentLinks(const core::Document& document,
                                        const core::Workspace& workspace,
                                        std::string_view fromFile);

struct ReferenceLocation {
  std::string workspacePath;
  core::Citation position;
};

/// On an evidence path: the sessions that cite its target. On the `module` value: the sessions
/// on that module. Elsewhere: the sessions that cite \p fromFile itself. From the workspace
/// index (open buffers included), sorted by path.
std::vector<ReferenceLocation> referencesAt(const core::Document& document, uint32_t offset,
                                            const core::Workspace& workspace,
                                            std::string_view fromFile);

struct SessionSymbol {
  std::string name;      // the topic (the file name when there is none)
  std::string container; // `date · track / module`
  std::string workspacePath;
};

/// Sessions whose date, topic, track, module or file name contain every word of \p query
/// (case-insensitive), newest first, at most \p limit.
std::vector<SessionSymbol> workspaceSymbols(const core::Workspace& workspace,
                                            std::string_view query, size_t limit = 500);

/// GitHub's heading anchor: lower case, punctuation and symbols dropped, spaces to `-`.
std::string headingSlug(std::string_view headingText);

} // namespace session::features
