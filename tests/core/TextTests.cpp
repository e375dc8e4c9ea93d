#include "server/core/Text.h"

#include <catch2/catch.hpp>

using session::core::isValidUtf8;
using session::core::LineColumn;
using session::core::LineIndex;

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
