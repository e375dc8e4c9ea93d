// Every evidence path a session cites (SPEC §4 "Go to definition on any evidence path"): the
// metadata's evidence lists and local `refs[].link`s, markdown links in the body, the cells of
// `Evidence link` / `Proof (links)` columns, and `Lab path(s)`. The rules (`broken-link`) and
// navigation (definition, document links, references) read the same list.
#pragma once

#include "server/core/Document.h"
#include "server/core/Schema.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace session::features {

enum class EvidencePlace { Metadata, Link, TableCell, LabPath };

struct EvidenceReference {
  core::ByteRange range; // the path as written
  std::string target;    // as written (messages, tooltips)
  std::string path;      // what resolves: no `#anchor`, percent-decoded for links
  std::string anchor;    // after `#`, percent-decoded; empty when none
  EvidencePlace place = EvidencePlace::Link;
};

/// The scalar items of the metadata that are evidence paths: the items of every string list
/// inside a mapping field (`evidence_targets.sessions`, `.tracks`, `.lab`) and every
/// `link` of a list of mappings (`refs[].link`). Items that are not scalars are skipped; the
/// caller decides which look like paths.
std::vector<const core::YamlNode*> metadataEvidenceItems(const core::Document& document,
                                                         const core::Schema& schema);

/// Every evidence path of \p document, sorted by position. \p fromFile (workspace-relative)
/// and \p exists decide whether a bare prose token is a path (isBareEvidencePath); without
/// \p exists bare tokens count only when they look like files (`bench.py`, `./x`).
std::vector<EvidenceReference>
evidenceReferences(const core::Document& document, const core::Schema& schema,
                   std::string_view fromFile, const std::function<bool(std::string_view)>& exists);

/// True for a table column whose cells are evidence places (`Evidence link`, `Proof (links)`).
bool isEvidenceColumn(std::string_view headerText);

/// A link target that names a place outside the workspace's files: `https:`, `mailto:`, …
bool hasUrlScheme(std::string_view target);

} // namespace session::features
