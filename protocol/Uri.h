// Document URIs: file:// URIs <-> filesystem paths, other schemes passed through.
//
// Paths are POSIX paths in UTF-8. Encoding keeps only unreserved characters and `/` literal and
// percent-encodes every other byte (spaces, `#`, `%`, Korean text, ...), with upper-case hex as
// VS Code does, so that a path always gives the same URI.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace protocol {

/// The scheme of \p uri in lower case ("file", "untitled", "test"), or "" if it has none.
std::string uriScheme(std::string_view uri);

/// `file:///home/me/my%20notes.md` -> `/home/me/my notes.md`. nullopt when \p uri is not a file
/// URI, names a remote host (anything but empty or `localhost`), is not absolute, or decodes to
/// a path containing a NUL byte. Query and fragment are dropped; a malformed `%` escape is kept
/// literally.
std::optional<std::string> fileUriToPath(std::string_view uri);

/// `/home/me/my notes.md` -> `file:///home/me/my%20notes.md`. \p absolutePath should start with
/// `/` (one is added if it does not).
std::string pathToFileUri(std::string_view absolutePath);

/// A canonical spelling, to use URIs as map keys: a file URI is decoded and re-encoded (so
/// `file:///a%2Db` and `file:///a-b` agree); other schemes (`untitled:`, `test:`) and malformed
/// file URIs are returned unchanged.
std::string normalizeUri(std::string_view uri);

/// Percent-encoding helpers (exposed for tests and for other URI schemes).
std::string percentEncodePath(std::string_view path);
std::string percentDecode(std::string_view text);

} // namespace protocol
