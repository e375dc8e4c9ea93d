#include "server/features/InlayHints.h"

#include "server/features/Progress.h"

namespace session::features {

std::optional<ProgressHint> levelPathHint(const core::Document& document,
                                          const core::Workspace& workspace,
                                          std::string_view workspacePath) {
  // The lexical lines stand even while the YAML does not parse (the user is typing).
  const core::MetadataLine* levelLine = nullptr;
  for (const auto& line : document.metadata.lines)
    if (line.indent == 0 && !line.listItem && line.key == "level_after")
      levelLine = &line;
  if (!levelLine)
    return std::nullopt;
  auto label = modulePathSoFar(workspace, workspacePath);
  if (!label)
    return std::nullopt;
  ProgressHint hint;
  hint.offset = levelLine->valueRange.end;
  hint.line = levelLine->range;
  hint.label = std::move(*label);
  return hint;
}

} // namespace session::features
