#include "server/core/Text.h"

#include <cstdint>
#include <cstring>
#include <string>

#include <algorithm>

namespace session::core {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  lineStarts_.reserve(text.size() / 32 + 1);
  lineStarts_.push_back(0);
  if (text.empty())
    return;
  if (std::memchr(text.data(), '\r', text.size()) == nullptr) {
    // No CR at all (the common case): memchr finds each line end many bytes at a time.
    const char* begin = text.data();
    const char* end = begin + text.size();
    for (const char* at = begin; (at = static_cast<const char*>(std::memchr(at, '\n', end - at)));
         ++at)
      lineStarts_.push_back(static_cast<uint32_t>(at - begin + 1));
    return;
  }
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      lineStarts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n')
        ++i;
      lineStarts_.push_back(i + 1);
    }
  }
}

uint32_t LineIndex::lineOf(uint32_t offset) const {
  auto next = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  return static_cast<uint32_t>(next - lineStarts_.begin()) - 1;
}

LineColumn LineIndex::toLineColumn(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  uint32_t line = lineOf(offset);
  return {line, offset - lineStarts_[line]};
}

uint32_t LineIndex::toOffset(LineColumn position) const {
  if (position.line >= lineCount())
    return static_cast<uint32_t>(text_.size());
  uint32_t start = lineStarts_[position.line];
  return std::min(start + position.column, lineEnd(position.line));
}

std::optional<uint32_t> firstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // Runs of ASCII, eight bytes at a time: most of a session's bytes, even in Korean notes.
    while (i + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (word & 0x8080808080808080ULL)
        break;
      i += 8;
    }
    if (i >= text.size())
      break;
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t codepoint = 0;
    if ((byte & 0xE0) == 0xC0) {
      length = 2;
      codepoint = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      codepoint = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      codepoint = byte & 0x07;
    } else {
      return static_cast<uint32_t>(i);
    }
    if (i + length > text.size())
      return static_cast<uint32_t>(i);
    for (size_t k = 1; k < length; ++k) {
      auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xC0) != 0x80)
        return static_cast<uint32_t>(i);
      codepoint = (codepoint << 6) | (continuation & 0x3F);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codepoint < kSmallest[length] || codepoint > 0x10FFFF ||
        (codepoint >= 0xD800 && codepoint <= 0xDFFF))
      return static_cast<uint32_t>(i);
    i += length;
  }
  return std::nullopt;
}

uint32_t utf16Length(std::string_view text) {
  uint32_t units = 0;
  size_t i = 0;
  // Eight bytes at a time while no byte starts a 4-byte sequence: every byte but a
  // continuation byte (10xxxxxx) is one UTF-16 unit.
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    uint64_t fourByteLeads = word & (word << 1) & (word << 2) & (word << 3) & kHighBits;
    if (fourByteLeads)
      break;
    uint64_t continuations = word & ~(word << 1) & kHighBits;
    units += 8 - static_cast<uint32_t>(__builtin_popcountll(continuations));
  }
  for (unsigned char byte : text.substr(i)) {
    if ((byte & 0xC0) != 0x80)
      ++units; // a lead byte or an ASCII byte starts a code point
    if ((byte & 0xF8) == 0xF0)
      ++units; // a code point past U+FFFF takes a surrogate pair
  }
  return units;
}

bool isCalendarDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9')
      return false;
  int year = std::stoi(std::string(text.substr(0, 4)));
  int month = std::stoi(std::string(text.substr(5, 2)));
  int day = std::stoi(std::string(text.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1])
    return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

bool isThematicBreak(std::string_view line) {
  auto isBlank = [](char c) {
    return c == ' ' || c == '\t';
  };
  size_t begin = 0;
  size_t end = line.size();
  while (begin < end && isBlank(line[begin]))
    ++begin;
  while (end > begin && isBlank(line[end - 1]))
    --end;
  line = line.substr(begin, end - begin);
  if (line.empty() || (line[0] != '-' && line[0] != '*' && line[0] != '_'))
    return false;
  size_t count = 0;
  for (char c : line) {
    if (c == line[0])
      ++count;
    else if (!isBlank(c))
      return false;
  }
  return count >= 3;
}

} // namespace session::core
