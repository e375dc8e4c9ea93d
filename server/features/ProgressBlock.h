// The generated block of `progress/tech-stack.md` (SPEC §7): the text between
// `<!-- session-lsp:progress:begin -->` and `<!-- session-lsp:progress:end -->`, refreshed by
// `session-lsp report --write` and the `stale-progress` quick fix. Every byte outside the
// markers is kept as it was (BOM, CRLF line endings, text after the end marker).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace session::features {

inline constexpr std::string_view kProgressBeginMarker = "<!-- session-lsp:progress:begin -->";
inline constexpr std::string_view kProgressEndMarker = "<!-- session-lsp:progress:end -->";
/// Where the generated block goes, workspace-relative.
inline constexpr std::string_view kProgressFilePath = "progress/tech-stack.md";

/// Byte offsets of the generated block in a file's text.
struct ProgressBlockRange {
  uint32_t begin = 0;        // the begin marker's first byte
  uint32_t end = 0;          // just past the end marker (or past the begin marker without one)
  uint32_t contentBegin = 0; // just past the begin marker
  uint32_t contentEnd = 0;   // the end marker's first byte (the text's end without one)
  bool hasEndMarker = false;
};

/// The first begin marker and the first end marker after it; nullopt without a begin marker.
std::optional<ProgressBlockRange> findProgressBlock(std::string_view fileText);

/// \p fileText with the block refreshed to \p generatedMarkdown (`\n` line endings; they are
/// written as `\r\n` when the file's first line ends so):
/// - both markers: the bytes between them are replaced by a line break, the block, and the end
///   marker stays where it was; nothing else changes;
/// - a begin marker without an end marker: the block and an end marker are inserted right
///   after the begin marker, and whatever followed it stays after the new end marker (never
///   lost; the user removes it, or it stays outside the block);
/// - no begin marker: the markers and the block are appended after a blank line (a line break
///   is added first when the text does not end with one);
/// - an empty text (or a file that does not exist): a `# Tech stack progress` title, a blank
///   line, then the markers and the block.
std::string spliceProgressBlock(std::string_view fileText, std::string_view generatedMarkdown);

/// True when the file has both markers and the text between them is the block that
/// spliceProgressBlock() would write (line endings compared as `\n`).
bool progressBlockIsCurrent(std::string_view fileText, std::string_view generatedMarkdown);

} // namespace session::features
