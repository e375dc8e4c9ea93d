// Inline test fixtures with markers, as clangd and rust-analyzer write theirs.
//
//   $0            a cursor (byte offset in the clean text)
//   [[ ... ]]     a range
//   $name[[...]]  a named range
//
// The markers are removed; offsets refer to the clean text. Fixtures are plain UTF-8, so
// Korean text and emoji may stand anywhere.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace session::test {

struct MarkedRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const MarkedRange&) const = default;
};

class Annotations {
public:
  explicit Annotations(std::string_view marked);

  const std::string& code() const { return code_; }
  /// The single `$0` cursor; throws when there is not exactly one.
  uint32_t cursor() const;
  /// The single unnamed range; throws when there is not exactly one.
  MarkedRange range() const;
  const std::vector<MarkedRange>& ranges() const { return ranges_; }
  MarkedRange range(const std::string& name) const;

private:
  std::string code_;
  std::vector<uint32_t> cursors_;
  std::vector<MarkedRange> ranges_;
  std::map<std::string, MarkedRange> named_;
};

} // namespace session::test
