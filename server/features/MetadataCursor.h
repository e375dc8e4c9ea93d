// Where a cursor stands in the metadata block: on which line, under which field path, on the
// key or in the value. Read from the lexical lines of core::Metadata, so it works while the
// YAML is half typed and does not parse (completion and hover share it).
#pragma once

#include "server/core/Document.h"

#include <cstdint>
#include <optional>
#include <string>

namespace session::features {

struct MetadataCursor {
  const core::MetadataLine* line = nullptr;
  /// Dotted path of the mappings or lists that hold the line (`evidence_targets`, `refs`),
  /// empty at the top level.
  std::string parentPath;
  /// The field the cursor is in: parentPath + line key (`evidence_targets.sessions`), or the
  /// parent's path for a bare `- item` line; empty when the line has no key yet.
  std::string fieldPath;
  /// The cursor is after the line's `key:` (in the value part) or on a bare `- item`.
  bool inValue = false;
};

/// The metadata line holding \p offset (its end included), or nullopt outside the metadata.
std::optional<MetadataCursor> metadataCursorAt(const core::Document& document, uint32_t offset);

/// Top-level keys (parentPath empty) or the keys of the mapping at \p parentPath that the
/// metadata already holds, lexically (works on unparsed YAML).
std::vector<std::string> presentKeys(const core::Document& document, std::string_view parentPath);

} // namespace session::features
