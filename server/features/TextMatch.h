// Small string helpers the rules share: case-insensitive comparison, edit distance and the
// "closest allowed value" of SPEC §3.1.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace session::features {

/// ASCII case-insensitive equality (non-ASCII bytes compare exactly).
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toLower(std::string_view text);
std::string_view trim(std::string_view text);

/// Optimal-string-alignment Damerau–Levenshtein distance over bytes.
size_t editDistance(std::string_view a, std::string_view b);

/// The closest allowed value (SPEC §3.1): for ordered values `L<n>` the numerically nearest
/// (`L9` → `L5`, `L-1` → `L0`); otherwise the smallest case-insensitive edit distance, ties
/// broken by order. Nullopt when \p allowed is empty.
std::optional<std::string> closestValue(std::string_view value,
                                        const std::vector<std::string>& allowed, bool ordered);

/// Whether \p text contains `**` followed by \p label (a bold label in a template skeleton):
/// text.find("**" + label) != npos without building the needle, and searching for the label,
/// which is rarer than `*` in markdown.
bool holdsBoldLabel(std::string_view text, std::string_view label);

/// "`a`, `b` or `c`" for messages.
std::string listForMessage(const std::vector<std::string>& values);

} // namespace session::features
