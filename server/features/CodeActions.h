// Quick fixes (SPEC §5): one or more actions per fixable diagnostic, and `source.fixAll`.
//
// A fix names exactly the bytes it replaces and never touches text outside them. Results are
// plain values in byte offsets of the document (edits in other files carry the positions the
// workspace index keeps); the LSP layer turns them into a WorkspaceEdit.
#pragma once

#include "server/core/Diagnostic.h"
#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/core/Workspace.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace session::features {

struct TextEdit {
  core::ByteRange range;
  std::string newText;
  bool operator==(const TextEdit&) const = default;
};

/// An edit of another file, at a place the workspace index recorded (a citation).
struct IndexedEdit {
  std::string workspacePath;
  core::Citation position;
  std::string newText;
};

struct CodeAction {
  std::string title;
  bool preferred = false;
  /// Safe to apply without looking (part of `source.fixAll`): it removes its diagnostic and
  /// adds no new text to fill in.
  bool safe = false;
  /// Index of the diagnostic it fixes, in the list given to codeActions().
  size_t diagnostic = 0;
  std::vector<TextEdit> edits;
  /// Create this workspace file (never overwriting), before the edits.
  std::optional<std::string> createFile;
  /// Rename this document to this workspace path (never overwriting), after the edits.
  std::optional<std::string> renameTo;
  /// Link updates in other files (and in this one, by index position) that a rename needs.
  std::vector<IndexedEdit> indexedEdits;
};

struct CodeActionContext {
  const core::Document* document = nullptr;
  const core::Schema* schema = nullptr;
  /// Existence of files, other sessions' citations; null outside a workspace (then no file
  /// creation, no rename).
  const core::Workspace* workspace = nullptr;
  std::string workspacePath;
};

/// The quick fixes for \p diagnostics (the document's own, as diagnose() produced them), in
/// diagnostic order; each diagnostic's preferred fix first.
std::vector<CodeAction> codeActions(const CodeActionContext& context,
                                    const std::vector<core::Diagnostic>& diagnostics);

/// Every safe fix for \p diagnostics at once, as non-overlapping edits sorted by position
/// (`source.fixAll`). Applying them and diagnosing again yields no further safe fix.
std::vector<TextEdit> fixAll(const CodeActionContext& context,
                             const std::vector<core::Diagnostic>& diagnostics);

} // namespace session::features
