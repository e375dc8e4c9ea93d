// Folding ranges (SPEC §4): sections, subsections and Q blocks, the metadata block, multi-line
// HTML comments and tables. A pure function over the document model.
#pragma once

#include "server/core/Document.h"

#include <cstdint>
#include <vector>

namespace session::features {

struct FoldingRegion {
  uint32_t startLine = 0; // 0-based
  uint32_t endLine = 0;   // inclusive, > startLine
  enum class Kind { Region, Comment } kind = Kind::Region;
};

/// - Headings (`#`, `##`, `###`, Q blocks included): from the heading line to the last body line
///   that is neither blank nor a thematic break, i.e. the symbol range of documentSymbols(). So
///   trailing blank lines and the template's `---` separator stay visible between folded
///   sections (VS Code's markdown folding keeps the separator inside; we do not).
/// - The metadata block: from its first line (`---` or the ```yaml fence) to its closing line.
/// - Multi-line HTML comments (Kind::Comment) and tables (header to last row).
/// Nothing one line long. Sorted by startLine, then by endLine descending; no duplicates.
std::vector<FoldingRegion> foldingRanges(const core::Document& document);

} // namespace session::features
