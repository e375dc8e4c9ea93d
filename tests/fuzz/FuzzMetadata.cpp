// Fuzz target: the metadata parser (front matter and the template's fenced block: the fast
// reader, yaml-cpp's event API and our tree builder, the lexical line reader) and the rules over
// the result. Differential too: the fast reader (SimpleYaml.cpp) must give yaml-cpp's tree,
// ranges included, for every input; a difference aborts.
#include "server/core/Document.h"
#include "server/core/Metadata.h"
#include "server/core/Schema.h"
#include "server/features/Diagnostics.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using session::core::YamlNode;

bool sameTree(const YamlNode& a, const YamlNode& b);

bool sameEntries(const std::vector<YamlNode::Entry>& a, const std::vector<YamlNode::Entry>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].key != b[i].key || !(a[i].keyRange == b[i].keyRange) ||
        !sameTree(a[i].value, b[i].value))
      return false;
  return true;
}

bool sameTree(const YamlNode& a, const YamlNode& b) {
  if (a.kind != b.kind || a.scalar != b.scalar || a.style != b.style || a.flow != b.flow ||
      !(a.range == b.range) || a.items.size() != b.items.size() ||
      !sameEntries(a.entries, b.entries))
    return false;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!sameTree(a.items[i], b.items[i]))
      return false;
  return true;
}

void checkReadersAgree(const std::string& text) {
  namespace detail = session::core::detail;
  session::core::LineIndex lines(text);
  session::core::Metadata found;
  if (!detail::findFrontMatter(text, lines, 0, found))
    return;
  auto read = [&](detail::YamlReader reader) {
    session::core::Metadata metadata = found;
    std::vector<session::core::Diagnostic> problems;
    detail::parseMetadataYaml(text, lines, metadata, problems, reader);
    return metadata;
  };
  auto fast = read(detail::YamlReader::FastFirst);
  auto library = read(detail::YamlReader::LibraryOnly);
  if (fast.parsed != library.parsed || !sameEntries(fast.entries, library.entries))
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string yaml(reinterpret_cast<const char*>(data), size);
  auto schema = session::core::builtinSchema();
  session::features::CheckContext context;
  context.schema = schema.get();
  checkReadersAgree("---\n" + yaml + "\n---\n");
  for (std::string text : {"---\n" + yaml + "\n---\n",
                           "## YAML Metadata (Required)\n\n```yaml\n" + yaml + "\n```\n"}) {
    auto document = session::core::Document::parse(std::move(text));
    (void)session::features::diagnose(*document, context);
  }
  return 0;
}
