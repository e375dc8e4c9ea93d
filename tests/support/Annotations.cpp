#include "tests/support/Annotations.h"

#include <cctype>
#include <stdexcept>

namespace session::test {

Annotations::Annotations(std::string_view marked) {
  struct Open {
    uint32_t begin;
    std::string name;
  };
  std::vector<Open> open;
  for (size_t i = 0; i < marked.size();) {
    if (marked.substr(i, 2) == "$0") {
      cursors_.push_back(static_cast<uint32_t>(code_.size()));
      i += 2;
      continue;
    }
    if (marked[i] == '$' && i + 1 < marked.size() &&
        std::isalpha(static_cast<unsigned char>(marked[i + 1]))) {
      size_t nameEnd = i + 1;
      while (nameEnd < marked.size() &&
             (std::isalnum(static_cast<unsigned char>(marked[nameEnd])) || marked[nameEnd] == '_'))
        ++nameEnd;
      if (marked.substr(nameEnd, 2) == "[[") {
        open.push_back({static_cast<uint32_t>(code_.size()),
                        std::string(marked.substr(i + 1, nameEnd - i - 1))});
        i = nameEnd + 2;
        continue;
      }
    }
    if (marked.substr(i, 2) == "[[") {
      open.push_back({static_cast<uint32_t>(code_.size()), ""});
      i += 2;
      continue;
    }
    if (marked.substr(i, 2) == "]]" && !open.empty()) {
      MarkedRange range{open.back().begin, static_cast<uint32_t>(code_.size())};
      if (open.back().name.empty())
        ranges_.push_back(range);
      else
        named_[open.back().name] = range;
      open.pop_back();
      i += 2;
      continue;
    }
    code_ += marked[i++];
  }
  if (!open.empty())
    throw std::invalid_argument("fixture has an unclosed [[");
}

uint32_t Annotations::cursor() const {
  if (cursors_.size() != 1)
    throw std::logic_error("fixture must have exactly one $0");
  return cursors_.front();
}

MarkedRange Annotations::range() const {
  if (ranges_.size() != 1)
    throw std::logic_error("fixture must have exactly one unnamed [[range]]");
  return ranges_.front();
}

MarkedRange Annotations::range(const std::string& name) const {
  auto found = named_.find(name);
  if (found == named_.end())
    throw std::logic_error("fixture has no range named " + name);
  return found->second;
}

} // namespace session::test
