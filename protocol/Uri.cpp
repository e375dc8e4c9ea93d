#include "protocol/Uri.h"

#include <cctype>

namespace protocol {
namespace {

bool isUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string toLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

} // namespace

std::string uriScheme(std::string_view uri) {
  // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 ||
      !std::isalpha(static_cast<unsigned char>(uri[0])))
    return "";
  for (char c : uri.substr(0, colon))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return "";
  return toLower(uri.substr(0, colon));
}

std::string percentEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(path.size());
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (isUnreserved(byte) || c == '/') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  return encoded;
}

std::string percentDecode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
        hexValue(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

std::optional<std::string> fileUriToPath(std::string_view uri) {
  if (uriScheme(uri) != "file")
    return std::nullopt;
  std::string_view rest = uri.substr(5); // After "file:".
  if (std::size_t end = rest.find_first_of("?#"); end != std::string_view::npos)
    rest = rest.substr(0, end);
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (!authority.empty() && toLower(authority) != "localhost")
      return std::nullopt;
    if (slash == std::string_view::npos)
      return std::nullopt;
    rest = rest.substr(slash);
  }
  if (rest.empty() || rest.front() != '/')
    return std::nullopt;
  std::string path = percentDecode(rest);
  if (path.find('\0') != std::string::npos)
    return std::nullopt;
  return path;
}

std::string pathToFileUri(std::string_view absolutePath) {
  std::string uri = "file://";
  if (absolutePath.empty() || absolutePath.front() != '/')
    uri += '/';
  return uri + percentEncodePath(absolutePath);
}

std::string normalizeUri(std::string_view uri) {
  if (std::optional<std::string> path = fileUriToPath(uri))
    return pathToFileUri(*path);
  return std::string(uri);
}

} // namespace protocol
