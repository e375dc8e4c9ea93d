// Fuzz target: the whole analysis of one document and every editor feature at a few offsets
// (completion, hover, outline, folding, code actions, fix-all).
#include "server/core/Document.h"
#include "server/core/Schema.h"
#include "server/features/CodeActions.h"
#include "server/features/Completion.h"
#include "server/features/Diagnostics.h"
#include "server/features/DocumentSymbols.h"
#include "server/features/FoldingRanges.h"
#include "server/features/Hover.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto document =
      session::core::Document::parse(std::string(reinterpret_cast<const char*>(data), size));
  auto schema = session::core::builtinSchema();
  session::features::CheckContext context;
  context.schema = schema.get();
  context.workspacePath = "sessions/2026-11-20__02-Infra-System__vLLM__fuzz.md";
  auto diagnostics = session::features::diagnose(*document, context);
  (void)session::features::documentSymbols(*document);
  (void)session::features::foldingRanges(*document);
  session::features::CodeActionContext actions{document.get(), schema.get(), nullptr,
                                               context.workspacePath};
  (void)session::features::codeActions(actions, diagnostics);
  (void)session::features::fixAll(actions, diagnostics);
  uint32_t length = static_cast<uint32_t>(document->text().size());
  for (uint32_t offset : {0u, length / 3, length / 2, length - length / 4, length}) {
    session::features::CompletionRequest request;
    request.document = document.get();
    request.offset = offset;
    request.schema = schema.get();
    request.today = "2026-11-25";
    (void)session::features::complete(request);
    (void)session::features::hover(*document, offset, *schema, diagnostics);
  }
  return 0;
}
