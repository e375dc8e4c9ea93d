// Private to server/core: reusing the previous parse of a file when only its front matter changed.
#pragma once

#include "server/core/Document.h"

namespace session::core::detail {

/// True when \p document (its metadata found and bodyStart set) and \p previous both have front
/// matter, the bytes after it are identical, and both bodies start at a line start.
bool canReuseBody(const Document& document, const Document& previous);

/// When \p document (its metadata found, its bodyStart set, its body not yet parsed) and
/// \p previous both have front matter and the bytes after it are identical, copies previous's
/// body model (headings, sections, bullets, tables, comments, references) into \p document,
/// shifted by the change in the body's start offset and line, and returns true. Otherwise
/// leaves \p document untouched and returns false.
///
/// This is exact because the body model is a function of the body's bytes alone: the body
/// parser never looks before bodyStart, and bodyStart is a line start.
bool reuseBody(Document& document, const Document& previous);

} // namespace session::core::detail
