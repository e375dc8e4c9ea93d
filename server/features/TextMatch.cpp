#include "server/features/TextMatch.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <limits>

namespace session::features {

namespace {
char lowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// The number in `L<n>` (also `L-1`), or nullopt.
std::optional<long> levelNumber(std::string_view value) {
  value = trim(value);
  if (value.size() < 2 || (value[0] != 'L' && value[0] != 'l'))
    return std::nullopt;
  long number = 0;
  auto [end, error] = std::from_chars(value.data() + 1, value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size())
    return std::nullopt;
  return number;
}
} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lowerAscii(x) == lowerAscii(y);
         });
}

std::string toLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), lowerAscii);
  return lower;
}

std::string_view trim(std::string_view text) {
  auto isSpace = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!text.empty() && isSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

size_t editDistance(std::string_view a, std::string_view b) {
  // Three rows are enough for the optimal-string-alignment variant (one transposition); on the
  // stack for the short words the rules compare (a value against each allowed value).
  constexpr size_t kStackRow = 64;
  size_t stackRows[3 * kStackRow];
  std::vector<size_t> heapRows;
  size_t row = b.size() + 1;
  size_t* rows = stackRows;
  if (row > kStackRow) {
    heapRows.resize(3 * row);
    rows = heapRows.data();
  }
  // `before` is read only from the third row on, after it has been written.
  size_t* before = rows;
  size_t* previous = rows + row;
  size_t* current = rows + 2 * row;
  for (size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    size_t* oldest = before;
    before = previous;
    previous = current;
    current = oldest;
  }
  return previous[b.size()];
}

std::optional<std::string> closestValue(std::string_view value,
                                        const std::vector<std::string>& allowed, bool ordered) {
  if (allowed.empty())
    return std::nullopt;
  if (ordered) {
    if (auto number = levelNumber(value)) {
      const std::string* best = nullptr;
      long bestGap = std::numeric_limits<long>::max();
      for (const auto& candidate : allowed) {
        auto candidateNumber = levelNumber(candidate);
        if (!candidateNumber)
          continue;
        long gap = std::labs(*candidateNumber - *number);
        if (gap < bestGap) {
          bestGap = gap;
          best = &candidate;
        }
      }
      if (best)
        return *best;
    }
  }
  std::string lowerValue = toLower(value);
  const std::string* best = &allowed.front();
  size_t bestDistance = std::numeric_limits<size_t>::max();
  std::string lowerCandidate;
  for (const auto& candidate : allowed) {
    // The distance is at least the difference in length: such a candidate cannot be closer.
    size_t lengthGap = candidate.size() > lowerValue.size() ? candidate.size() - lowerValue.size()
                                                            : lowerValue.size() - candidate.size();
    if (lengthGap >= bestDistance)
      continue;
    lowerCandidate.assign(candidate);
    std::transform(lowerCandidate.begin(), lowerCandidate.end(), lowerCandidate.begin(),
                   lowerAscii);
    size_t distance = editDistance(lowerValue, lowerCandidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = &candidate;
    }
  }
  return *best;
}

bool holdsBoldLabel(std::string_view text, std::string_view label) {
  for (size_t at = text.find(label, 2); at != std::string_view::npos; at = text.find(label, at + 1))
    if (text[at - 2] == '*' && text[at - 1] == '*')
      return true;
  return false;
}

std::string listForMessage(const std::vector<std::string>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0)
      text += i + 1 == values.size() ? " or " : ", ";
    text += "`" + values[i] + "`";
  }
  return text;
}

} // namespace session::features
