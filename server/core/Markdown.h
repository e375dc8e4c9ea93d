// Private to server/core: the markdown body through md4c (Markdown.cpp is its only user).
#pragma once

#include "server/core/Document.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::core::detail {

/// A fenced code block, located by lines.
struct FencedCode {
  std::string lang; // first word of the info string, as written
  uint32_t openLine = 0;
  std::optional<uint32_t> closeLine; // nullopt: unclosed
};

/// A list item, from its marker to the end of its last line.
struct ListItem {
  ByteRange range;
  uint32_t depth = 0; // 0: not inside another item
};

struct MarkdownBody {
  std::vector<Heading> headings;
  /// Parallel to headings: true when the heading stands in a block quote or list item (such a
  /// heading is listed but does not open a section).
  std::vector<bool> headingInContainer;
  std::vector<FencedCode> fencedCode;
  std::vector<ListItem> items;
  std::vector<LabelledBullet> bullets;
  std::vector<Table> tables;
  std::vector<HtmlComment> comments; // in source order
  std::vector<InlineReference> references;
};

/// What a Document keeps of its MarkdownBody beyond its public fields, so that the next parse
/// of the same file can take unchanged blocks over (IncrementalParse.h).
struct BodyLayout {
  std::vector<bool> headingInContainer; // parallel to Document::headings
  std::vector<FencedCode> fencedCode;
  std::vector<ListItem> items;
};

/// `#` to `######` at column 0, then a blank or the line's end.
bool isAtxHeadingLine(std::string_view line);

/// Parses text[bodyStart, end) as markdown (GFM tables and task lists, HTML kept). All ranges are
/// offsets into \p text. Never throws md4c errors; a body md4c gives up on yields what was seen.
MarkdownBody parseMarkdown(std::string_view text, const LineIndex& lines, uint32_t bodyStart);

/// Parses only text[parseBegin, parseEnd) of a body that starts at \p bodyStart: one part of the
/// body whose first line starts at a top-level heading (IncrementalParse.cpp).
MarkdownBody parseMarkdownPart(std::string_view text, const LineIndex& lines, uint32_t bodyStart,
                               uint32_t parseBegin, uint32_t parseEnd);

/// `##` sections with their `###` subsections, from the headings outside containers.
std::vector<Section> buildSections(std::string_view text, const LineIndex& lines,
                                   const MarkdownBody& body);

} // namespace session::core::detail
