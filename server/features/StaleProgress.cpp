// `stale-progress` (SPEC §7): the generated block of `progress/tech-stack.md` against what the
// sessions say now. The block itself is made by Progress.cpp and spliced by ProgressBlock.cpp.
#include "server/features/Diagnostics.h"
#include "server/features/ProgressBlock.h"

#include <algorithm>

namespace session::features {

void checkStaleProgress(const core::Document& document, const CheckContext& context,
                        std::vector<core::Diagnostic>& out) {
  if (!context.currentProgressBlock)
    return;
  std::string_view text = document.text();
  auto block = findProgressBlock(text);
  if (!block || progressBlockIsCurrent(text, *context.currentProgressBlock))
    return;
  // Point at the first line that would change, so the user sees what is behind.
  std::string refreshed = spliceProgressBlock(text, *context.currentProgressBlock);
  auto firstDifference = static_cast<uint32_t>(
      std::mismatch(text.begin(), text.end(), refreshed.begin(), refreshed.end()).first -
      text.begin());
  uint32_t line = document.lines().lineOf(std::max(firstDifference, block->contentBegin));
  core::Diagnostic diagnostic;
  diagnostic.range = {block->begin, block->end};
  diagnostic.severity = core::Severity::Warning;
  diagnostic.code = "stale-progress";
  diagnostic.message = "The generated progress block disagrees with the sessions (from line " +
                       std::to_string(line + 1) +
                       "); apply the quick fix or run `session-lsp report --write`";
  out.push_back(std::move(diagnostic));
}

} // namespace session::features
