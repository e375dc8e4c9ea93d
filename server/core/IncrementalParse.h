// Private to server/core: the markdown body of a file's new text, from its previous parse and
// the one part of the body that the edit touched.
#pragma once

#include "server/core/Document.h"
#include "server/core/Markdown.h"

#include <optional>

namespace session::core::detail {

/// The body model of \p document's text (its front matter found and bodyStart set, its body
/// not yet parsed), built from \p previous, the same file's last parse:
/// - the body's bytes unchanged (an edit in the front matter): previous's body, shifted;
/// - an edit inside one top-level `##` section: that section parsed again, the blocks before
///   it taken over as they are and those after it shifted.
/// nullopt when neither holds, or when the edit may change what lies outside its section (the
/// section's first heading or the next one no longer a top-level heading — an unclosed fence
/// or HTML block swallows it —, or a link reference definition anywhere); then the caller
/// parses the whole body.
///
/// Exact because md4c's state is empty at a top-level ATX heading at column 0, and the body
/// model's own searches for blocks md4c gives no text for stop at such a heading: the blocks
/// on either side of one do not depend on each other (link reference definitions excepted,
/// and checked: comments and link targets that run across a boundary).
struct ReusedBody {
  MarkdownBody body;
  /// Set when the body's bytes did not change: previous's sections, shifted.
  std::optional<std::vector<Section>> sections;
};
/// The edited bytes: previous.text()[prefix, size - suffix) became text[prefix, size - suffix).
struct EditWindow {
  size_t prefix = 0;
  size_t suffix = 0;
};
EditWindow editWindow(std::string_view text, std::string_view previousText);

std::optional<ReusedBody> reparseBody(const Document& document, const Document& previous,
                                      const EditWindow& edit);

/// True when the text is valid UTF-8, knowing that \p previous was and where the edit was:
/// only the edited bytes (widened to whole characters) are read.
bool validUtf8AfterEdit(std::string_view text, const EditWindow& edit);

} // namespace session::core::detail
