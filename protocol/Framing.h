// LSP base-protocol framing: turning a byte stream into message bodies and back.
//
// The decoders are pure: they never read or write anything themselves. The caller feeds bytes in
// whatever chunks the operating system delivers (one byte at a time, or several messages at
// once) and pulls complete bodies out with next(). Transport.h wires them to file descriptors.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace protocol {

/// Bodies larger than this are refused by default (a client never sends 64 MiB of JSON; a fuzzer
/// or a corrupted stream might claim to).
inline constexpr std::size_t kDefaultMaxBodyBytes = std::size_t{64} * 1024 * 1024;

/// What a decoder produced on one call to next().
struct DecodeResult {
  enum class Kind {
    NeedMore, ///< No complete message buffered: feed more bytes (or call finish() at EOF).
    Message,  ///< `text` is one message body.
    Error,    ///< `text` describes a framing error. The decoder has already resynchronised, so
              ///< the caller reports the error and keeps calling next().
  };
  Kind kind = Kind::NeedMore;
  std::string text;

  bool isMessage() const { return kind == Kind::Message; }
  bool isError() const { return kind == Kind::Error; }
  bool needsMore() const { return kind == Kind::NeedMore; }
  static DecodeResult needMore() { return {}; }
  static DecodeResult message(std::string body) { return {Kind::Message, std::move(body)}; }
  static DecodeResult error(std::string description) {
    return {Kind::Error, std::move(description)};
  }
};

/// The interface Transport reads through, so both stream styles are interchangeable.
class MessageDecoder {
public:
  virtual ~MessageDecoder() = default;
  /// Appends bytes read from the stream.
  virtual void feed(std::string_view bytes) = 0;
  /// The next message or error from the buffered bytes, or NeedMore.
  virtual DecodeResult next() = 0;
  /// Called once at end of input, after next() returned NeedMore: a last message (delimited mode
  /// allows the final `---` to be missing), an error for a truncated message, or NeedMore when
  /// nothing was left over.
  virtual DecodeResult finish() = 0;
};

/// Decodes `Content-Length: N\r\n ... \r\n\r\n<N bytes>` frames.
///
/// Header names are case-insensitive and headers other than Content-Length (Content-Type, ...)
/// are ignored. Bare `\n` line ends are accepted as well as `\r\n`. Error handling, which always
/// yields one Error result and then continues:
/// - a header block without Content-Length, with a non-numeric one, or with two that disagree:
///   the header block is dropped and decoding resumes at the next header block (bytes that do not
///   look like a header line are skipped silently while resynchronising);
/// - a Content-Length above the maximum: the announced number of bytes is skipped unbuffered, so
///   the stream stays in sync;
/// - a header line that is not `Name: value`: the line is skipped (if it contains
///   `Content-Length:` further on, e.g. after a body that was longer than announced, decoding
///   restarts there);
/// - more than 64 KiB of header bytes without a blank line: they are dropped.
class FrameDecoder final : public MessageDecoder {
public:
  explicit FrameDecoder(std::size_t maxBodyBytes = kDefaultMaxBodyBytes);

  void feed(std::string_view bytes) override;
  DecodeResult next() override;
  DecodeResult finish() override;

private:
  DecodeResult readHeaders();
  DecodeResult readBody();
  DecodeResult fail(std::string description);
  void compact();

  std::size_t maxBodyBytes_;
  std::string buffer_;
  std::size_t position_ = 0;              // First unconsumed byte of buffer_.
  std::optional<std::size_t> bodyLength_; // Set while a body is awaited.
  std::size_t bytesToSkip_ = 0;           // Remaining bytes of an oversized body.
  bool resynchronising_ = false;          // After an error: skip junk without reporting it.
  bool sawHeaderLine_ = false;            // The current header block has at least one line.
  std::optional<std::size_t> contentLength_;
  std::optional<std::string> headerError_; // First problem found in the current header block.
};

/// Decodes the test format: messages separated by lines that are exactly `---` (a trailing `\r` is
/// tolerated). Lines whose first non-blank character is `#` are comments (CHECK lines) and are
/// dropped; messages that are blank after that are skipped. Never reports an error.
class DelimitedDecoder final : public MessageDecoder {
public:
  void feed(std::string_view bytes) override;
  DecodeResult next() override;
  DecodeResult finish() override;

private:
  std::optional<std::string> takeMessage();

  std::string buffer_;
  std::size_t position_ = 0;
  std::string message_; // Lines of the message being collected.
};

/// Frames \p body for the wire: `Content-Length: N\r\n\r\n` followed by the body.
std::string encodeFrame(std::string_view body);

} // namespace protocol
