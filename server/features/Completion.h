// Completion (SPEC §4): values of the metadata's closed and open enums (levels with their
// meanings, modules ranked by use, workspace tags, today's date), field names that are missing,
// body enums (labelled bullets and table columns), missing section headings, which insert
// the template's skeleton, and workspace paths in evidence lists and markdown links.
//
// Results are plain values in byte offsets: the LSP layer converts ranges to the client's
// encoding and picks the snippet or the plain text.
#pragma once

#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/core/Workspace.h"

#include <string>
#include <vector>

namespace session::features {

enum class CompletionKind { EnumValue, Level, Module, Tag, Date, Field, Section, File, Folder };

struct CompletionItem {
  std::string label;
  CompletionKind kind = CompletionKind::EnumValue;
  std::string detail;
  std::string documentation; // markdown
  std::string sortText;
  std::string filterText; // matched against the text from editRange.begin to the cursor
  /// The text the item replaces: the partial word around the cursor (so `L` + `L3` gives `L3`).
  core::ByteRange editRange;
  std::string newText;
  /// The same edit as an LSP snippet (tab stops, choices), or empty when there is none.
  std::string snippet;
};

struct CompletionRequest {
  const core::Document* document = nullptr;
  uint32_t offset = 0;
  const core::Schema* schema = nullptr;
  /// Facts of the other sessions (modules, tags, track folders); null outside a workspace.
  const core::Workspace* workspace = nullptr;
  /// The file's workspace-relative path; empty outside a workspace.
  std::string workspacePath;
  /// Today's date as `YYYY-MM-DD` (offered for date fields).
  std::string today;
};

/// Items for the cursor's context; empty where nothing completes. Never throws on any input.
std::vector<CompletionItem> complete(const CompletionRequest& request);

/// Escapes text for an LSP snippet (`\`, `$`, `}`).
std::string escapeSnippet(std::string_view text);

} // namespace session::features
