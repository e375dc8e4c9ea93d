#include "protocol/Framing.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace protocol {
namespace {

// A header line longer than this without a line end is junk, not a header.
constexpr std::size_t kMaxHeaderLineBytes = 64 * 1024;
// Content-Length values are parsed up to this many digits (far above any sane maximum).
constexpr std::size_t kMaxLengthDigits = 18;

std::string_view stripLineEnd(std::string_view line) {
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  return line;
}

std::string_view trim(std::string_view text) {
  auto isBlank = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!text.empty() && isBlank(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isBlank(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string toLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// RFC 7230 token characters: what a header name may consist of.
bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isHeaderName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), isTokenChar);
}

std::optional<std::size_t> parseLength(std::string_view value) {
  if (value.empty() || value.size() > kMaxLengthDigits)
    return std::nullopt;
  std::size_t length = 0;
  for (char c : value) {
    if (c < '0' || c > '9')
      return std::nullopt;
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  return length;
}

// Keeps error messages readable when the offending line is binary junk or huge.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string shown;
  for (char c : text.substr(0, kMax))
    shown += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  if (text.size() > kMax)
    shown += "...";
  return shown;
}

} // namespace

FrameDecoder::FrameDecoder(std::size_t maxBodyBytes) : maxBodyBytes_(maxBodyBytes) {}

void FrameDecoder::feed(std::string_view bytes) {
  // An oversized body is discarded as it arrives instead of being buffered.
  if (bytesToSkip_ > 0 && position_ == buffer_.size()) {
    std::size_t skipped = std::min(bytesToSkip_, bytes.size());
    bytesToSkip_ -= skipped;
    bytes.remove_prefix(skipped);
  }
  buffer_.append(bytes);
}

DecodeResult FrameDecoder::next() {
  if (bytesToSkip_ > 0) {
    std::size_t skipped = std::min(bytesToSkip_, buffer_.size() - position_);
    bytesToSkip_ -= skipped;
    position_ += skipped;
    if (bytesToSkip_ > 0) {
      compact();
      return DecodeResult::needMore();
    }
  }
  if (bodyLength_)
    return readBody();
  return readHeaders();
}

DecodeResult FrameDecoder::readHeaders() {
  while (true) {
    std::size_t lineEnd = buffer_.find('\n', position_);
    if (lineEnd == std::string::npos) {
      if (buffer_.size() - position_ > kMaxHeaderLineBytes) {
        position_ = buffer_.size();
        compact();
        sawHeaderLine_ = false;
        contentLength_.reset();
        headerError_.reset();
        return fail("dropped more than 64 KiB of input that contains no header line end");
      }
      compact();
      return DecodeResult::needMore();
    }
    std::size_t lineStart = position_;
    std::string_view line =
        stripLineEnd(std::string_view(buffer_).substr(lineStart, lineEnd - lineStart));
    position_ = lineEnd + 1;

    if (trim(line).empty()) {
      if (!sawHeaderLine_)
        continue; // Blank lines between messages are harmless.
      sawHeaderLine_ = false;
      std::optional<std::size_t> length = std::exchange(contentLength_, std::nullopt);
      if (std::optional<std::string> error = std::exchange(headerError_, std::nullopt))
        return fail(*error);
      if (!length)
        return fail("message header has no Content-Length");
      if (*length > maxBodyBytes_) {
        bytesToSkip_ = *length;
        // Skipping exactly the announced bytes keeps the stream in sync: no resync needed.
        resynchronising_ = false;
        return DecodeResult::error("Content-Length " + std::to_string(*length) +
                                   " exceeds the limit of " + std::to_string(maxBodyBytes_) +
                                   " bytes; the body is skipped");
      }
      bodyLength_ = *length;
      return readBody();
    }

    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isHeaderName(line.substr(0, colon))) {
      // Junk, e.g. the tail of a body that was longer than announced. If a header follows on
      // the same line, restart there.
      sawHeaderLine_ = false;
      contentLength_.reset();
      headerError_.reset();
      std::size_t header = toLower(line).find("content-length:");
      if (header != std::string::npos && header > 0)
        position_ = lineStart + header;
      if (resynchronising_)
        continue;
      return fail("skipped input that is not a message header: '" +
                  excerpt(line.substr(0, header)) + "'");
    }

    sawHeaderLine_ = true;
    if (toLower(line.substr(0, colon)) != "content-length")
      continue; // Content-Type and any other header are ignored.
    std::string_view value = trim(line.substr(colon + 1));
    std::optional<std::size_t> length = parseLength(value);
    if (!length) {
      if (!headerError_)
        headerError_ = "invalid Content-Length value '" + excerpt(value) + "'";
    } else if (contentLength_ && *contentLength_ != *length) {
      if (!headerError_)
        headerError_ = "conflicting Content-Length headers (" + std::to_string(*contentLength_) +
                       " and " + std::to_string(*length) + ")";
    } else {
      contentLength_ = length;
    }
  }
}

DecodeResult FrameDecoder::readBody() {
  if (buffer_.size() - position_ < *bodyLength_) {
    compact();
    return DecodeResult::needMore();
  }
  std::string body = buffer_.substr(position_, *bodyLength_);
  position_ += *bodyLength_;
  bodyLength_.reset();
  resynchronising_ = false;
  return DecodeResult::message(std::move(body));
}

DecodeResult FrameDecoder::finish() {
  std::string_view rest = std::string_view(buffer_).substr(position_);
  DecodeResult result = DecodeResult::needMore();
  if (bytesToSkip_ > 0)
    result = DecodeResult::error("end of input inside an oversized message body");
  else if (bodyLength_)
    result = DecodeResult::error("end of input after " + std::to_string(rest.size()) + " of " +
                                 std::to_string(*bodyLength_) + " body bytes");
  else if (sawHeaderLine_ || !trim(rest).empty())
    result = DecodeResult::error("end of input inside a message header");
  buffer_.clear();
  position_ = 0;
  bodyLength_.reset();
  bytesToSkip_ = 0;
  sawHeaderLine_ = false;
  contentLength_.reset();
  headerError_.reset();
  return result;
}

DecodeResult FrameDecoder::fail(std::string description) {
  resynchronising_ = true;
  return DecodeResult::error(std::move(description));
}

void FrameDecoder::compact() {
  if (position_ > 0) {
    buffer_.erase(0, position_);
    position_ = 0;
  }
}

void DelimitedDecoder::feed(std::string_view bytes) {
  buffer_.append(bytes);
}

DecodeResult DelimitedDecoder::next() {
  while (true) {
    std::size_t lineEnd = buffer_.find('\n', position_);
    if (lineEnd == std::string::npos) {
      buffer_.erase(0, position_);
      position_ = 0;
      return DecodeResult::needMore();
    }
    std::string_view line =
        stripLineEnd(std::string_view(buffer_).substr(position_, lineEnd - position_));
    position_ = lineEnd + 1;
    if (line == "---") {
      if (std::optional<std::string> message = takeMessage())
        return DecodeResult::message(std::move(*message));
      continue;
    }
    std::string_view content = trim(line);
    if (!content.empty() && content.front() == '#')
      continue;
    message_.append(line);
    message_ += '\n';
  }
}

DecodeResult DelimitedDecoder::finish() {
  // The last line may lack its line end, and the last message its `---`.
  if (position_ < buffer_.size()) {
    buffer_ += '\n';
    DecodeResult result = next();
    if (result.isMessage())
      return result;
  }
  buffer_.clear();
  position_ = 0;
  if (std::optional<std::string> message = takeMessage())
    return DecodeResult::message(std::move(*message));
  return DecodeResult::needMore();
}

std::optional<std::string> DelimitedDecoder::takeMessage() {
  std::string message = std::exchange(message_, std::string());
  if (trim(message).empty())
    return std::nullopt;
  return message;
}

std::string encodeFrame(std::string_view body) {
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  frame.append(body);
  return frame;
}

} // namespace protocol
