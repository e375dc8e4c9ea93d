// Small text helpers that the unit tests share.
#pragma once

#include <string>
#include <string_view>

namespace session::test {

/// \p text with every `\n` written as `\r\n`: the CRLF twin of an LF fixture.
inline std::string withCrlf(std::string_view text) {
  std::string result;
  result.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '\n')
      result += '\r';
    result += c;
  }
  return result;
}

} // namespace session::test
