#include "protocol/Transport.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace protocol;

namespace {

// A pipe whose ends close with the object.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() { REQUIRE(::pipe(fds) == 0); }
  ~Pipe() {
    closeReadEnd();
    closeWriteEnd();
  }
  int readEnd() const { return fds[0]; }
  int writeEnd() const { return fds[1]; }
  void write(const std::string& bytes) {
    REQUIRE(::write(fds[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  void closeReadEnd() {
    if (fds[0] >= 0)
      ::close(std::exchange(fds[0], -1));
  }
  void closeWriteEnd() {
    if (fds[1] >= 0)
      ::close(std::exchange(fds[1], -1));
  }
  // Everything written so far (the write end must be closed).
  std::string drain() {
    std::string out;
    char buffer[4096];
    ssize_t count;
    while ((count = ::read(fds[0], buffer, sizeof buffer)) > 0)
      out.append(buffer, static_cast<std::size_t>(count));
    return out;
  }
};

} // namespace

TEST_CASE("Transport reads Content-Length frames from a pipe until EOF") {
  Pipe input, output;
  std::vector<std::string> errors;
  TransportOptions options;
  options.onFramingError = [&](const std::string& error) {
    errors.push_back(error);
  };
  Transport transport(input.readEnd(), output.writeEnd(), options);

  input.write(encodeFrame("{\"a\":1}") + "Content-Length: x\r\n\r\n" + encodeFrame("{\"b\":2}") +
              "Content-Length: 50\r\n\r\n{");
  input.closeWriteEnd();
  CHECK(transport.readMessage() == "{\"a\":1}");
  CHECK(transport.readMessage() == "{\"b\":2}");
  CHECK(transport.readMessage() == std::nullopt);
  CHECK(transport.readMessage() == std::nullopt);
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors[0], Catch::Contains("invalid Content-Length"));
  CHECK_THAT(errors[1], Catch::Contains("end of input"));
}

TEST_CASE("Transport writes frames, also from several threads at once") {
  Pipe input, output;
  Transport transport(input.readEnd(), output.writeEnd());
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&transport, t] {
      for (int i = 0; i < 50; ++i)
        transport.writeMessage(
            nlohmann::json{{"t", t}, {"i", i}, {"pad", std::string(100, 'x')}}.dump());
    });
  for (std::thread& writer : writers)
    writer.join();
  output.closeWriteEnd();
  FrameDecoder decoder;
  decoder.feed(output.drain());
  int count = 0;
  for (DecodeResult result = decoder.next(); !result.needsMore(); result = decoder.next()) {
    REQUIRE(result.isMessage());
    CHECK(nlohmann::json::parse(result.text)["pad"].get<std::string>().size() == 100);
    ++count;
  }
  CHECK(count == 200);
}

TEST_CASE("Transport in delimited style reads --- files and writes pretty JSON") {
  char path[] = "/tmp/protocol-transport-XXXXXX";
  int file = ::mkstemp(path);
  REQUIRE(file >= 0);
  std::string content = "# comment\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}\n---\n"
                        "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n";
  REQUIRE(::write(file, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::lseek(file, 0, SEEK_SET);

  Pipe output;
  {
    // A regular file as input, as with `session-lsp --lit-test < file.test`.
    TransportOptions options;
    options.style = StreamStyle::Delimited;
    Transport transport(file, output.writeEnd(), options);
    CHECK(transport.readMessage() == "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}\n");
    CHECK(transport.readMessage() == "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n");
    CHECK(transport.readMessage() == std::nullopt);
    transport.writeMessage(R"({"z":1,"a":{"c":[1],"b":null}})");
  }
  // The descriptors stay open and usable after the transport is gone.
  CHECK(::lseek(file, 0, SEEK_SET) == 0);
  ::close(file);
  ::unlink(path);
  output.closeWriteEnd();
  CHECK(output.drain() == "{\n  \"a\": {\n    \"b\": null,\n    \"c\": [\n      1\n    ]\n  },\n"
                          "  \"z\": 1\n}\n---\n");
}

TEST_CASE("Transport survives a reader that went away") {
  Pipe input, output;
  Transport transport(input.readEnd(), output.writeEnd());
  output.closeReadEnd();
  transport.writeMessage("{}"); // EPIPE: logged, not fatal (SIGPIPE is ignored).
  transport.writeMessage("{}");
  SUCCEED();
}
