#include "protocol/Framing.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using protocol::DecodeResult;
using protocol::DelimitedDecoder;
using protocol::encodeFrame;
using protocol::FrameDecoder;
using protocol::MessageDecoder;

namespace {

// Everything the decoder yields, as "msg:<body>" / "err" entries, after feeding \p chunks and
// then signalling end of input.
std::vector<std::string> decodeAll(MessageDecoder& decoder,
                                   const std::vector<std::string>& chunks) {
  std::vector<std::string> out;
  auto drain = [&](DecodeResult result) {
    for (;; result = decoder.next()) {
      if (result.isMessage())
        out.push_back("msg:" + result.text);
      else if (result.isError())
        out.push_back("err");
      else
        return;
    }
  };
  for (const std::string& chunk : chunks) {
    decoder.feed(chunk);
    drain(decoder.next());
  }
  DecodeResult last = decoder.finish();
  if (last.isMessage())
    out.push_back("msg:" + last.text);
  else if (last.isError())
    out.push_back("err");
  return out;
}

std::vector<std::string> decodeFrames(const std::string& stream, std::size_t maxBody = 1 << 20) {
  FrameDecoder decoder(maxBody);
  return decodeAll(decoder, {stream});
}

const std::string kFirst = R"({"jsonrpc":"2.0","id":1,"method":"a"})";
const std::string kSecond = R"({"jsonrpc":"2.0","method":"b","params":{"x":"한국어😀"}})";

} // namespace

TEST_CASE("encodeFrame writes a Content-Length header counted in bytes") {
  CHECK(encodeFrame("{}") == "Content-Length: 2\r\n\r\n{}");
  CHECK(encodeFrame("\"한\"") == "Content-Length: 5\r\n\r\n\"한\"");
}

TEST_CASE("FrameDecoder survives every split point of a two-message stream") {
  std::string stream = encodeFrame(kFirst) + encodeFrame(kSecond);
  std::vector<std::string> expected = {"msg:" + kFirst, "msg:" + kSecond};
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    FrameDecoder decoder;
    INFO("split at " << split);
    CHECK(decodeAll(decoder, {stream.substr(0, split), stream.substr(split)}) == expected);
  }
}

TEST_CASE("FrameDecoder accepts one byte at a time") {
  std::string stream = encodeFrame(kFirst) + encodeFrame(kSecond);
  std::vector<std::string> bytes;
  for (char c : stream)
    bytes.emplace_back(1, c);
  FrameDecoder decoder;
  CHECK(decodeAll(decoder, bytes) == std::vector<std::string>{"msg:" + kFirst, "msg:" + kSecond});
}

TEST_CASE("FrameDecoder splits several messages merged in one chunk") {
  std::string stream = encodeFrame(kFirst) + encodeFrame(kSecond) + encodeFrame(kFirst);
  CHECK(decodeFrames(stream) ==
        std::vector<std::string>{"msg:" + kFirst, "msg:" + kSecond, "msg:" + kFirst});
}

TEST_CASE("FrameDecoder headers: case, order, extra headers and bare newlines") {
  CHECK(decodeFrames("content-length: 2\r\n\r\n{}") == std::vector<std::string>{"msg:{}"});
  CHECK(decodeFrames("CONTENT-LENGTH:2\r\n\r\n{}") == std::vector<std::string>{"msg:{}"});
  CHECK(decodeFrames("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
                     "Content-Length: 2\r\n\r\n{}") == std::vector<std::string>{"msg:{}"});
  CHECK(decodeFrames("Content-Length: 2\r\nX-Other: 1\r\n\r\n{}") ==
        std::vector<std::string>{"msg:{}"});
  CHECK(decodeFrames("Content-Length: 2\n\n{}") == std::vector<std::string>{"msg:{}"});
  // The same length twice is harmless.
  CHECK(decodeFrames("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}") ==
        std::vector<std::string>{"msg:{}"});
  CHECK(decodeFrames("Content-Length: 0\r\n\r\n") == std::vector<std::string>{"msg:"});
}

TEST_CASE("FrameDecoder reports a missing Content-Length and resynchronises") {
  std::string stream = "Content-Type: x\r\n\r\n" + kFirst + encodeFrame(kSecond);
  // The orphan body runs into the next header line; decoding restarts at "Content-Length:".
  CHECK(decodeFrames(stream) == std::vector<std::string>{"err", "msg:" + kSecond});
}

TEST_CASE("FrameDecoder reports a non-numeric Content-Length") {
  CHECK(decodeFrames("Content-Length: abc\r\n\r\n" + encodeFrame(kFirst)) ==
        std::vector<std::string>{"err", "msg:" + kFirst});
  CHECK(decodeFrames("Content-Length: -5\r\n\r\n" + encodeFrame(kFirst)) ==
        std::vector<std::string>{"err", "msg:" + kFirst});
  CHECK(decodeFrames("Content-Length: 99999999999999999999999\r\n\r\n" + encodeFrame(kFirst)) ==
        std::vector<std::string>{"err", "msg:" + kFirst});
}

TEST_CASE("FrameDecoder reports conflicting duplicate Content-Length headers") {
  CHECK(decodeFrames("Content-Length: 2\r\nContent-Length: 3\r\n\r\n" + encodeFrame(kFirst)) ==
        std::vector<std::string>{"err", "msg:" + kFirst});
}

TEST_CASE("FrameDecoder skips a body above the limit and stays in sync") {
  std::string huge(5000, 'x');
  std::string stream = encodeFrame(huge) + encodeFrame(kFirst);
  CHECK(decodeFrames(stream, 1000) == std::vector<std::string>{"err", "msg:" + kFirst});

  // Also when the oversized body arrives in small pieces.
  FrameDecoder decoder(1000);
  std::vector<std::string> chunks;
  for (std::size_t i = 0; i < stream.size(); i += 7)
    chunks.push_back(stream.substr(i, 7));
  CHECK(decodeAll(decoder, chunks) == std::vector<std::string>{"err", "msg:" + kFirst});

  FrameDecoder defaultLimit;
  defaultLimit.feed("Content-Length: 67108865\r\n\r\n");
  DecodeResult result = defaultLimit.next();
  REQUIRE(result.isError());
  CHECK_THAT(result.text, Catch::Contains("67108865"));
}

TEST_CASE("FrameDecoder reports junk before a header once and recovers") {
  CHECK(decodeFrames("garbage\r\nmore garbage\r\n" + encodeFrame(kFirst)) ==
        std::vector<std::string>{"err", "msg:" + kFirst});
}

TEST_CASE("FrameDecoder reports a truncated body at end of input") {
  CHECK(decodeFrames("Content-Length: 100\r\n\r\n{\"a\":1}") == std::vector<std::string>{"err"});
  CHECK(decodeFrames("Content-Length: 10\r\n") == std::vector<std::string>{"err"});
  CHECK(decodeFrames(encodeFrame(kFirst) + "\r\n").size() == 1);
}

TEST_CASE("DelimitedDecoder splits on --- lines and drops comments") {
  DelimitedDecoder decoder;
  std::string input = "# RUN: something\n"
                      "{\"a\":1}\n"
                      "# CHECK: x\n"
                      "---\n"
                      "\n"
                      "---\r\n"
                      "  # indented comment\n"
                      "{\"b\":\n"
                      "  2}\n"
                      "---\n"
                      "{\"c\":3}";
  CHECK(decodeAll(decoder, {input}) ==
        std::vector<std::string>{"msg:{\"a\":1}\n", "msg:{\"b\":\n  2}\n", "msg:{\"c\":3}\n"});
}

TEST_CASE("DelimitedDecoder handles byte-by-byte input and a final ---") {
  std::string input = "{\"a\":1}\n---\n{\"b\":2}\n---";
  std::vector<std::string> bytes;
  for (char c : input)
    bytes.emplace_back(1, c);
  DelimitedDecoder decoder;
  CHECK(decodeAll(decoder, bytes) ==
        std::vector<std::string>{"msg:{\"a\":1}\n", "msg:{\"b\":2}\n"});
}

TEST_CASE("DelimitedDecoder does not split on lines that merely contain ---") {
  DelimitedDecoder decoder;
  CHECK(decodeAll(decoder, {"{\"a\":\"---\"}\n ---\n----\n---\n"}) ==
        std::vector<std::string>{"msg:{\"a\":\"---\"}\n ---\n----\n"});
}
