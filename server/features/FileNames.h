// The parts of a session's file name (SPEC §1, §3.1): the preferred name
// `YYYY-MM-DD__track__module__topic-slug.md`, the topic's slug, and the calendar date check the
// name's date needs.
#pragma once

#include <string>
#include <string_view>

namespace session::features {

/// The topic as a file-name part: ASCII letters lower-cased, digits and letters of other
/// scripts (Hangul, CJK, accented Latin, …) kept, and every other run (spaces, punctuation,
/// symbols, emoji) made one `-`, none at either end. Capped at kMaxSlugBytes on a code-point
/// boundary. Empty when the topic has no letters or digits.
std::string fileNameSlug(std::string_view topic);
inline constexpr size_t kMaxSlugBytes = 100;

/// `YYYY-MM-DD__track__module__slug.md`; the caller has validated the parts.
std::string preferredSessionFileName(std::string_view date, std::string_view track,
                                     std::string_view module, std::string_view slug);

} // namespace session::features
