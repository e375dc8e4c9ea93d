#include "protocol/Transport.h"

#include "protocol/JsonRpc.h"

#include <array>
#include <asio.hpp>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace protocol {

struct Transport::Streams {
  asio::io_context context;
  asio::posix::stream_descriptor input{context};
  asio::posix::stream_descriptor output{context};
};

namespace {

std::unique_ptr<MessageDecoder> makeDecoder(const TransportOptions& options) {
  if (options.style == StreamStyle::Delimited)
    return std::make_unique<DelimitedDecoder>();
  return std::make_unique<FrameDecoder>(options.maxBodyBytes);
}

void logToStderr(std::string_view message) {
  std::cerr << "[protocol] " << message << '\n';
}

} // namespace

Transport::Transport(int inputFd, int outputFd, TransportOptions options)
    : options_(std::move(options)), decoder_(makeDecoder(options_)),
      streams_(std::make_unique<Streams>()) {
  std::signal(SIGPIPE, SIG_IGN);
  if (!options_.onFramingError)
    options_.onFramingError = [](const std::string& description) {
      logToStderr("framing error: " + description);
    };
  // asio registers descriptors with epoll, which refuses regular files with EPERM; asio treats
  // that as "always ready", so blocking reads from a redirected file work too.
  streams_->input.assign(inputFd);
  streams_->output.assign(outputFd);
}

std::unique_ptr<Transport> Transport::stdio(TransportOptions options) {
  return std::make_unique<Transport>(STDIN_FILENO, STDOUT_FILENO, std::move(options));
}

Transport::~Transport() {
  // The descriptors belong to the caller.
  streams_->input.release();
  streams_->output.release();
}

std::optional<std::string> Transport::readMessage() {
  std::array<char, 64 * 1024> chunk;
  while (true) {
    DecodeResult result = decoder_->next();
    if (result.isMessage())
      return std::move(result.text);
    if (result.isError()) {
      options_.onFramingError(result.text);
      continue;
    }
    if (endOfInput_) {
      DecodeResult last = decoder_->finish();
      if (last.isMessage())
        return std::move(last.text);
      if (last.isError())
        options_.onFramingError(last.text);
      return std::nullopt;
    }
    asio::error_code error;
    std::size_t count = streams_->input.read_some(asio::buffer(chunk), error);
    if (error == asio::error::interrupted || error == asio::error::try_again)
      continue;
    if (error) {
      if (error != asio::error::eof)
        logToStderr("read failed: " + error.message());
      endOfInput_ = true;
      continue;
    }
    decoder_->feed(std::string_view(chunk.data(), count));
  }
}

void Transport::writeMessage(std::string_view body) {
  std::string bytes;
  if (options_.style == StreamStyle::Delimited) {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    bytes = parsed.is_discarded() ? std::string(body) : serializePretty(parsed);
    bytes += "\n---\n";
  } else {
    bytes = encodeFrame(body);
  }
  std::lock_guard lock(writeMutex_);
  if (writeFailed_)
    return;
  asio::error_code error;
  asio::write(streams_->output, asio::buffer(bytes), error);
  if (error) {
    writeFailed_ = true;
    logToStderr("write failed, dropping further output: " + error.message());
  }
}

} // namespace protocol
