// Reading and writing whole messages on a pair of file descriptors (stdio for the server, pipes
// in tests), in either stream style. Blocking, via asio's posix::stream_descriptor.
#pragma once

#include "protocol/Framing.h"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace protocol {

enum class StreamStyle {
  /// LSP base protocol: Content-Length frames both ways, compact JSON out.
  ContentLength,
  /// Test mode (`--lit-test`): `---`-separated input with `#` comment lines; output is each
  /// message pretty-printed with sorted keys, followed by a line `---`.
  Delimited,
};

struct TransportOptions {
  StreamStyle style = StreamStyle::ContentLength;
  std::size_t maxBodyBytes = kDefaultMaxBodyBytes;
  /// Receives every framing error (the transport then keeps reading). Default: log to stderr.
  std::function<void(const std::string& description)> onFramingError;
};

/// One reader thread calls readMessage(); any thread may call writeMessage().
/// Constructing a Transport makes the process ignore SIGPIPE, so a client that went away makes
/// writes fail (logged once) instead of killing the server.
class Transport {
public:
  /// Reads from \p inputFd and writes to \p outputFd. The descriptors stay owned by the caller
  /// and are not closed. Regular files and pipes both work as input.
  Transport(int inputFd, int outputFd, TransportOptions options = {});
  /// stdin / stdout.
  static std::unique_ptr<Transport> stdio(TransportOptions options = {});
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Blocks until a whole message body arrives; nullopt at end of input (or on a read error,
  /// which is logged). Framing errors go to TransportOptions::onFramingError.
  std::optional<std::string> readMessage();

  /// Writes one message (a JSON body) and flushes it. Thread-safe. In delimited style the body
  /// is re-printed pretty with sorted keys (kept as-is if it is not JSON).
  void writeMessage(std::string_view body);

private:
  struct Streams; // asio objects, kept out of this header.

  TransportOptions options_;
  std::unique_ptr<MessageDecoder> decoder_;
  std::unique_ptr<Streams> streams_;
  bool endOfInput_ = false;
  std::mutex writeMutex_;
  bool writeFailed_ = false;
};

} // namespace protocol
