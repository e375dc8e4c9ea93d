// Fuzz target: the metadata parser (front matter and the template's fenced block: yaml-cpp's
// event API, our tree builder, the lexical line reader) and the rules over the result.
#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/features/Diagnostics.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string yaml(reinterpret_cast<const char*>(data), size);
  auto schema = session::core::builtinSchema();
  session::features::CheckContext context;
  context.schema = schema.get();
  for (std::string text : {"---\n" + yaml + "\n---\n",
                           "## YAML Metadata (Required)\n\n```yaml\n" + yaml + "\n```\n"}) {
    auto document = session::core::Document::parse(std::move(text));
    (void)session::features::diagnose(*document, context);
  }
  return 0;
}
