// The document outline (SPEC §4 "Document symbols"): the metadata block with its fields, and the
// headings with the template's `##` sections, `###` subsections and `### Qn — …` question blocks.
// A pure function over the document model; the LSP binding turns it into DocumentSymbol[].
#pragma once

#include "server/core/Document.h"

#include <string>
#include <vector>

namespace session::features {

enum class OutlineKind { Metadata, Field, Section, Subsection, Question };

struct OutlineSymbol {
  /// The heading text as written (e.g. "5) Verification (MANDATORY)"), the field key, or
  /// "Metadata". Never empty: an empty heading is "(empty heading)", an empty key `""`.
  std::string name;
  /// Question: the `My question (verbatim)` bullet's value when non-empty. Field: the scalar
  /// value, or "[a, b]"-like short text for lists, "" for mappings. Else "". One line, at most
  /// about 80 bytes (longer text ends in "…").
  std::string detail;
  OutlineKind kind = OutlineKind::Section;
  /// The whole extent. A heading: from its line's start to the end of its last body line that is
  /// neither blank nor a thematic break (`---`), so the separator between two template sections
  /// belongs to neither. Metadata: Metadata::blockRange. Field: key start to end of value.
  core::ByteRange range;
  /// The heading's text / the field key / the metadata block's first line; inside range.
  core::ByteRange selectionRange;
  std::vector<OutlineSymbol> children;
};

/// The outline, in document order: level-1 headings (`# Title`) and `##` sections at top level
/// (a `##` after a `#` does not nest under it: flat, like the template), `###` subsections as
/// children of their `##` (a `### Qn — …` one is a Question). The metadata block is a symbol
/// (children: its top-level fields, nested mapping keys as theirs; none when it does not parse)
/// placed where it stands: real front matter first at top level, the template's fenced ```yaml
/// block as a child of the section that holds it (`## YAML Metadata (Required)`).
/// `####` and deeper headings, and `###` headings outside any `##` section, are not listed.
std::vector<OutlineSymbol> documentSymbols(const core::Document& document);

} // namespace session::features
