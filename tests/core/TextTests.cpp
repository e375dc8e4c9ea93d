#include "server/core/Text.h"

#include <catch2/catch.hpp>

using session::core::firstInvalidUtf8;
using session::core::isValidUtf8;
using session::core::LineColumn;
using session::core::LineIndex;
using session::core::utf16Length;

TEST_CASE("LineIndex recognises LF, CRLF and lone CR line ends", "[text]") {
  std::string text = "a\nbb\r\nccc\rd";
  LineIndex lines(text);
  REQUIRE(lines.lineCount() == 4);
  CHECK(lines.lineText(0) == "a");
  CHECK(lines.lineText(1) == "bb");
  CHECK(lines.lineText(2) == "ccc");
  CHECK(lines.lineText(3) == "d");
  CHECK(lines.lineEnd(1) == 4);                     // before "\r\n"
  CHECK(lines.toLineColumn(5) == LineColumn{1, 3}); // the "\n" of "\r\n" stays on line 1
  CHECK(lines.toLineColumn(6) == LineColumn{2, 0});
}

TEST_CASE("LineIndex maps offsets and positions both ways, clamping columns", "[text]") {
  std::string text = "key: 한국어 😀 value\nsecond";
  LineIndex lines(text);
  auto value = static_cast<uint32_t>(text.find("value"));
  CHECK(lines.toLineColumn(value) == LineColumn{0, value});
  CHECK(lines.toOffset({0, value}) == value);
  CHECK(lines.toOffset({0, 999}) == lines.lineEnd(0));
  CHECK(lines.toOffset({7, 0}) == text.size());
  CHECK(lines.toLineColumn(static_cast<uint32_t>(text.size()) + 10) == LineColumn{1, 6});
}

TEST_CASE("LineIndex of an empty text has one empty line", "[text]") {
  LineIndex lines("");
  CHECK(lines.lineCount() == 1);
  CHECK(lines.lineText(0).empty());
  CHECK(lines.toOffset({0, 5}) == 0);
}

TEST_CASE("A trailing newline starts a last empty line", "[text]") {
  LineIndex lines("a\n");
  CHECK(lines.lineCount() == 2);
  CHECK(lines.lineOf(2) == 1);
}

TEST_CASE("isValidUtf8 accepts UTF-8 and rejects malformed sequences", "[text]") {
  CHECK(isValidUtf8("plain"));
  CHECK(isValidUtf8("한국어 😀"));
  CHECK_FALSE(isValidUtf8("\xff"));
  CHECK_FALSE(isValidUtf8("\xc0\xaf"));         // overlong "/"
  CHECK_FALSE(isValidUtf8("\xed\xa0\x80"));     // a lone surrogate
  CHECK_FALSE(isValidUtf8("\xf0\x9f\x98"));     // truncated emoji
  CHECK_FALSE(isValidUtf8("\xf4\x90\x80\x80")); // past U+10FFFF
}

TEST_CASE("utf16Length counts UTF-16 units over ASCII, Korean, emoji and mixed runs") {
  CHECK(utf16Length("") == 0);
  CHECK(utf16Length("plain ascii text longer than eight") == 34);
  CHECK(utf16Length("한국어") == 3);
  CHECK(utf16Length("🚀") == 2);
  CHECK(utf16Length("abc🚀defgh한국어ijklmnop🚀") == 3 + 2 + 5 + 3 + 8 + 2);
  // Against a byte-at-a-time count, at every length and alignment of a mixed text.
  const std::string mixed = "ab한cd🚀efghij국어klmn🙂opq\xC3\xA9rstuvwx🚀yz";
  auto slowCount = [](std::string_view text) {
    uint32_t units = 0;
    for (unsigned char byte : text)
      units += ((byte & 0xC0) != 0x80) + ((byte & 0xF8) == 0xF0);
    return units;
  };
  for (size_t begin = 0; begin < mixed.size(); ++begin)
    for (size_t end = begin; end <= mixed.size(); ++end) {
      std::string_view part = std::string_view(mixed).substr(begin, end - begin);
      REQUIRE(utf16Length(part) == slowCount(part));
    }
}

TEST_CASE("firstInvalidUtf8 finds the first bad byte after long ASCII runs") {
  std::string text(100, 'a');
  CHECK_FALSE(firstInvalidUtf8(text));
  for (size_t at : {0u, 7u, 8u, 9u, 63u, 99u}) {
    std::string bad = text;
    bad[at] = '\xFF';
    CHECK(firstInvalidUtf8(bad) == at);
  }
  CHECK(firstInvalidUtf8(text + "한국어\xED\xA0\x80") == 109u); // a surrogate
}

TEST_CASE("LineIndex without CR (the fast path) matches the general one", "[text]") {
  std::string text = "first\n\nthird line\n한국어\n";
  LineIndex lines(text);
  REQUIRE(lines.lineCount() == 5);
  CHECK(lines.lineText(2) == "third line");
  CHECK(lines.lineText(3) == "한국어");
  CHECK(lines.lineText(4).empty());
  CHECK(LineIndex("").lineCount() == 1);
  CHECK(LineIndex(std::string_view{}).lineCount() == 1);
}
