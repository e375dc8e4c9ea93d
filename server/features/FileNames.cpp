#include "server/features/FileNames.h"

#include <cstdint>
#include <optional>

namespace session::features {

namespace {

struct CodePoint {
  char32_t value = 0;
  size_t length = 1;
};

/// Decodes the UTF-8 sequence at \p text's start; nullopt for an invalid one.
std::optional<CodePoint> decodeUtf8(std::string_view text) {
  auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  unsigned char lead = byte(0);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 0 || length > text.size())
    return std::nullopt;
  char32_t value = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80)
      return std::nullopt;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  return CodePoint{value, length};
}

/// Non-ASCII code points that separate words in a file name rather than belong to one:
/// punctuation, symbols, spaces, emoji, variation selectors and the like. Everything else
/// outside ASCII (letters of any script, combining marks) is kept.
bool isNonAsciiSeparator(char32_t c) {
  struct Range {
    char32_t first, last;
  };
  static constexpr Range kSeparators[] = {
      {0x0080, 0x00BF},   // C1 controls, no-break space, Latin-1 punctuation and signs
      {0x00D7, 0x00D7},   // ×
      {0x00F7, 0x00F7},   // ÷
      {0x2000, 0x2BFF},   // general punctuation, arrows, math, box drawing, dingbats, …
      {0x2E00, 0x2E7F},   // supplemental punctuation
      {0x3000, 0x303F},   // CJK symbols and punctuation (ideographic space, 「」, 。)
      {0xE000, 0xF8FF},   // private use
      {0xFE00, 0xFE6F},   // variation selectors, vertical and small forms
      {0xFEFF, 0xFEFF},   // byte order mark
      {0xFF01, 0xFF0F},   // fullwidth punctuation
      {0xFF1A, 0xFF20},   //
      {0xFF3B, 0xFF40},   //
      {0xFF5B, 0xFF65},   //
      {0xFFF0, 0xFFFF},   // specials
      {0x1F000, 0x1FAFF}, // emoji and pictographs
      {0xE0000, 0xE007F}, // tags (flag sequences)
  };
  for (const auto& range : kSeparators)
    if (c >= range.first && c <= range.last)
      return true;
  return false;
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

} // namespace

std::string fileNameSlug(std::string_view topic) {
  std::string slug;
  bool pendingDash = false;
  // Appends a kept character; false once the slug is full (it is cut, never split mid-character).
  auto append = [&](std::string_view part) {
    bool dash = pendingDash && !slug.empty();
    if (slug.size() + part.size() + (dash ? 1 : 0) > kMaxSlugBytes)
      return false;
    if (dash)
      slug += '-';
    pendingDash = false;
    slug += part;
    return true;
  };
  for (size_t i = 0; i < topic.size();) {
    char c = topic[i];
    size_t length = 1;
    bool kept = false;
    if (static_cast<unsigned char>(c) < 0x80) {
      char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if ((lower >= 'a' && lower <= 'z') || isDigit(lower)) {
        if (!append(std::string_view(&lower, 1)))
          break;
        kept = true;
      }
    } else if (auto codePoint = decodeUtf8(topic.substr(i))) {
      // A stray byte (invalid UTF-8) is never written into a file name: it separates.
      length = codePoint->length;
      if (!isNonAsciiSeparator(codePoint->value)) {
        if (!append(topic.substr(i, length)))
          break;
        kept = true;
      }
    }
    if (!kept)
      pendingDash = true;
    i += length;
  }
  return slug;
}

std::string preferredSessionFileName(std::string_view date, std::string_view track,
                                     std::string_view module, std::string_view slug) {
  std::string name;
  name.append(date).append("__").append(track).append("__").append(module).append("__");
  name.append(slug).append(".md");
  return name;
}

} // namespace session::features
