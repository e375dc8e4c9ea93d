#include "protocol/PositionEncoding.h"

#include <algorithm>

namespace protocol {
namespace {

struct Character {
  uint32_t bytes;      // Length of the UTF-8 sequence (1 for an invalid byte).
  uint32_t utf16Units; // 2 for characters beyond the BMP, else 1.
};

bool isContinuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// The character starting at \p offset; invalid or truncated UTF-8 yields a 1-byte character.
Character characterAt(std::string_view text, std::size_t offset) {
  auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(text[offset + i]);
  };
  unsigned char lead = byte(0);
  std::size_t available = text.size() - offset;
  if (lead < 0x80)
    return {1, 1};
  if (lead >= 0xC2 && lead <= 0xDF && available >= 2 && isContinuation(byte(1)))
    return {2, 1};
  if (lead >= 0xE0 && lead <= 0xEF && available >= 3) {
    unsigned char second = byte(1);
    bool validSecond = lead == 0xE0   ? second >= 0xA0 && second <= 0xBF // No overlongs.
                       : lead == 0xED ? second >= 0x80 && second <= 0x9F // No surrogates.
                                      : isContinuation(second);
    if (validSecond && isContinuation(byte(2)))
      return {3, 1};
  }
  if (lead >= 0xF0 && lead <= 0xF4 && available >= 4) {
    unsigned char second = byte(1);
    bool validSecond = lead == 0xF0   ? second >= 0x90 && second <= 0xBF // No overlongs.
                       : lead == 0xF4 ? second >= 0x80 && second <= 0x8F // Up to U+10FFFF.
                                      : isContinuation(second);
    if (validSecond && isContinuation(byte(2)) && isContinuation(byte(3)))
      return {4, 2};
  }
  return {1, 1};
}

uint32_t unitsOf(Character character, PositionEncoding encoding) {
  return encoding == PositionEncoding::Utf8 ? character.bytes : character.utf16Units;
}

} // namespace

PositionEncoding negotiate(const nlohmann::json& clientCapabilities) {
  if (!clientCapabilities.is_object())
    return PositionEncoding::Utf16;
  auto general = clientCapabilities.find("general");
  if (general == clientCapabilities.end() || !general->is_object())
    return PositionEncoding::Utf16;
  auto offered = general->find("positionEncodings");
  if (offered == general->end() || !offered->is_array())
    return PositionEncoding::Utf16;
  for (const auto& name : *offered)
    if (name == "utf-8")
      return PositionEncoding::Utf8;
  return PositionEncoding::Utf16;
}

PositionEncoding negotiate(std::span<const std::string> offeredEncodings) {
  bool offersUtf8 = std::find(offeredEncodings.begin(), offeredEncodings.end(), "utf-8") !=
                    offeredEncodings.end();
  return offersUtf8 ? PositionEncoding::Utf8 : PositionEncoding::Utf16;
}

const char* encodingName(PositionEncoding encoding) {
  return encoding == PositionEncoding::Utf8 ? "utf-8" : "utf-16";
}

uint32_t toClientColumn(std::string_view lineText, uint32_t byteColumn, PositionEncoding encoding) {
  uint32_t units = 0;
  std::size_t offset = 0;
  while (offset < lineText.size()) {
    Character character = characterAt(lineText, offset);
    if (offset + character.bytes > byteColumn)
      break;
    offset += character.bytes;
    units += unitsOf(character, encoding);
  }
  return units;
}

uint32_t toByteColumn(std::string_view lineText, uint32_t clientColumn, PositionEncoding encoding) {
  uint32_t units = 0;
  std::size_t offset = 0;
  while (offset < lineText.size()) {
    Character character = characterAt(lineText, offset);
    uint32_t width = unitsOf(character, encoding);
    if (units + width > clientColumn)
      break;
    offset += character.bytes;
    units += width;
  }
  return static_cast<uint32_t>(offset);
}

} // namespace protocol
