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
/// is `---` or `...`. A `# heading` followed by a line that cannot be YAML (prose, a `* `
/// bullet, a table) means the markdown body has begun, so a later `---` rule does not close
/// it. Front matter with `key:` lines but no closing line is still front matter, unclosed: it
/// ends after its last YAML line before the body, without a closing line (blockRange.end <=
/// contentRange.end), and parseMetadataYaml reports it. Fills placement, firstLine, blockRange and
/// contentRange, and returns the offset where the markdown body starts; nullopt (and \p metadata
/// untouched) otherwise.
std::optional<uint32_t> findFrontMatter(std::string_view text, const LineIndex& lines,
                                        uint32_t bomLength, Metadata& metadata);

/// Whether a fence's language (the info string's first word) marks a YAML block: `yaml` or
/// `yml`, in any case.
bool isYamlFenceLanguage(std::string_view language);

/// Sets \p metadata up for a fenced block whose fence is on \p openLine and which closes on
/// \p closeLine (nullopt: unclosed, it runs to the end of the text). Leading and trailing `---`
/// (or trailing `...`) lines inside the fence are delimiters, not content.
void setFencedBlock(std::string_view text, const LineIndex& lines, uint32_t openLine,
                    std::optional<uint32_t> closeLine, Metadata& metadata);

/// Parses the YAML in metadata.contentRange (first document only) into metadata.entries and
/// sets metadata.parsed; a `yaml-syntax` problem goes to \p problems when it does not parse,
/// is too large, is not a mapping, or is unclosed front matter (not parsed then). Lone `\r`
/// line ends are read as line breaks. Never throws.
/// \p reader: FastFirst tries parseSimpleYaml before yaml-cpp; LibraryOnly is for the tests
/// that check the two agree.
enum class YamlReader { FastFirst, LibraryOnly };
void parseMetadataYaml(std::string_view text, const LineIndex& lines, Metadata& metadata,
                       std::vector<Diagnostic>& problems,
                       YamlReader reader = YamlReader::FastFirst);

/// The entries of the root mapping in text[content], read by a fast reader that accepts only
/// plain one-line YAML (SimpleYaml.cpp); nullopt for anything else, which yaml-cpp then reads.
/// Where it accepts, its result equals yaml-cpp's, ranges included.
std::optional<std::vector<YamlNode::Entry>> parseSimpleYaml(std::string_view text,
                                                            ByteRange content);

/// Fills metadata.lines from metadata.contentRange (MetadataLines.cpp). Never fails.
void scanMetadataLines(std::string_view text, const LineIndex& lines, Metadata& metadata);

} // namespace session::core::detail
