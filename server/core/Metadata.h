// Private to server/core: finding the metadata block and reading its YAML (Metadata.cpp, the
// only user of yaml-cpp).
#pragma once

#include "server/core/Document.h"

#include <optional>
#include <string_view>
#include <vector>

namespace session::core::detail {

/// Metadata blocks larger than this are not handed to the YAML parser.
inline constexpr size_t kMaxMetadataBytes = 1024 * 1024;

/// Recognises front matter: line 0 (after a BOM of \p bomLength bytes) is `---` and a later line
/// is `---` or `...`. Fills placement, firstLine, blockRange and contentRange, and returns the
/// offset where the markdown body starts; nullopt (and \p metadata untouched) otherwise.
std::optional<uint32_t> findFrontMatter(std::string_view text, const LineIndex& lines,
                                        uint32_t bomLength, Metadata& metadata);

/// Sets \p metadata up for a fenced block whose fence is on \p openLine and which closes on
/// \p closeLine (nullopt: unclosed, it runs to the end of the text). Leading and trailing `---`
/// (or trailing `...`) lines inside the fence are delimiters, not content.
void setFencedBlock(std::string_view text, const LineIndex& lines, uint32_t openLine,
                    std::optional<uint32_t> closeLine, Metadata& metadata);

/// Parses the YAML in metadata.contentRange (first document only) into metadata.entries and
/// sets metadata.parsed; a `yaml-syntax` problem goes to \p problems when it does not parse,
/// is too large, or is not a mapping. Never throws.
void parseMetadataYaml(std::string_view text, const LineIndex& lines, Metadata& metadata,
                       std::vector<Diagnostic>& problems);

} // namespace session::core::detail
