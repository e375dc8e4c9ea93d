#include "protocol/PositionEncoding.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using nlohmann::json;
using namespace protocol;

namespace {
// 한국어 = 3 x 3 bytes (1 UTF-16 unit each); 😀 = 4 bytes (a surrogate pair).
constexpr std::string_view kLine = "한국어 😀 value";
constexpr uint32_t kValueByte = 9 + 1 + 4 + 1;
constexpr uint32_t kValueUtf16 = 3 + 1 + 2 + 1;
} // namespace

TEST_CASE("columns before a value after Korean text and an emoji") {
  REQUIRE(kLine.substr(kValueByte) == "value");
  CHECK(toClientColumn(kLine, kValueByte, PositionEncoding::Utf16) == kValueUtf16);
  CHECK(toClientColumn(kLine, kValueByte, PositionEncoding::Utf8) == kValueByte);
  CHECK(toByteColumn(kLine, kValueUtf16, PositionEncoding::Utf16) == kValueByte);
  CHECK(toByteColumn(kLine, kValueByte, PositionEncoding::Utf8) == kValueByte);

  // Every character boundary round-trips.
  struct Boundary {
    uint32_t byte, utf16;
  };
  for (Boundary b :
       std::vector<Boundary>{{0, 0}, {3, 1}, {6, 2}, {9, 3}, {10, 4}, {14, 6}, {15, 7}, {20, 12}}) {
    INFO("byte " << b.byte);
    CHECK(toClientColumn(kLine, b.byte, PositionEncoding::Utf16) == b.utf16);
    CHECK(toByteColumn(kLine, b.utf16, PositionEncoding::Utf16) == b.byte);
  }
}

TEST_CASE("a UTF-16 column inside a surrogate pair moves to the character start") {
  CHECK(toByteColumn(kLine, 5, PositionEncoding::Utf16) == 10); // Between the two halves of 😀.
  CHECK(toByteColumn("😀", 1, PositionEncoding::Utf16) == 0);
}

TEST_CASE("a byte column inside a character moves to its start") {
  CHECK(toClientColumn(kLine, 4, PositionEncoding::Utf16) == 1);  // Inside 국.
  CHECK(toClientColumn(kLine, 12, PositionEncoding::Utf16) == 4); // Inside 😀.
  CHECK(toByteColumn(kLine, 4, PositionEncoding::Utf8) == 3);
}

TEST_CASE("columns past the end clamp to the line end") {
  CHECK(toClientColumn(kLine, 1000, PositionEncoding::Utf16) == 12);
  CHECK(toClientColumn(kLine, 1000, PositionEncoding::Utf8) == kLine.size());
  CHECK(toByteColumn(kLine, 1000, PositionEncoding::Utf16) == kLine.size());
  CHECK(toByteColumn(kLine, 1000, PositionEncoding::Utf8) == kLine.size());
  CHECK(toByteColumn("", 3, PositionEncoding::Utf16) == 0);
}

TEST_CASE("invalid UTF-8 bytes count as one unit each") {
  std::string line = "a\xff\xfe"
                     "b\xed\xa0\x80"
                     "c"; // Stray bytes, then an encoded surrogate.
  CHECK(toClientColumn(line, 3, PositionEncoding::Utf16) == 3);
  CHECK(toClientColumn(line, 8, PositionEncoding::Utf16) == 8);
  CHECK(toByteColumn(line, 8, PositionEncoding::Utf16) == 8);
  std::string truncated = "x\xF0\x9F"; // The start of an emoji, cut off.
  CHECK(toClientColumn(truncated, 3, PositionEncoding::Utf16) == 3);
}

TEST_CASE("negotiate picks utf-8 only when offered") {
  CHECK(negotiate(json::object()) == PositionEncoding::Utf16);
  CHECK(negotiate(json(nullptr)) == PositionEncoding::Utf16);
  CHECK(negotiate(json{{"general", {{"positionEncodings", {"utf-16"}}}}}) ==
        PositionEncoding::Utf16);
  CHECK(negotiate(json{{"general", {{"positionEncodings", {"utf-32", "utf-8", "utf-16"}}}}}) ==
        PositionEncoding::Utf8);
  CHECK(negotiate(json{{"general", {{"positionEncodings", "utf-8"}}}}) == PositionEncoding::Utf16);
  std::vector<std::string> offered = {"utf-8"};
  CHECK(negotiate(std::span<const std::string>(offered)) == PositionEncoding::Utf8);
  CHECK(std::string(encodingName(PositionEncoding::Utf16)) == "utf-16");
  CHECK(std::string(encodingName(PositionEncoding::Utf8)) == "utf-8");
}
