#include "server/features/SessionIndex.h"

#include "server/features/Evidence.h"
#include "server/features/EvidencePaths.h"
#include "server/features/ProgressFacts.h"

namespace session::features {

std::optional<core::SessionFacts> extractSessionFacts(const core::Document& document,
                                                      const core::Schema& schema,
                                                      std::string_view workspacePath) {
  auto facts = core::sessionFacts(document);
  if (!facts)
    return facts;
  const core::LineIndex& lines = document.lines();
  auto positionOf = [&lines](core::ByteRange range) {
    core::Citation citation;
    auto start = lines.toLineColumn(range.begin);
    auto end = lines.toLineColumn(range.end);
    if (end.line != start.line)
      end = {start.line, static_cast<uint32_t>(lines.lineText(start.line).size())};
    std::string_view lineText = lines.lineText(start.line);
    citation.line = start.line;
    citation.column = start.column;
    citation.endColumn = end.column;
    citation.utf16Column = core::utf16Length(lineText.substr(0, start.column));
    citation.utf16EndColumn =
        citation.utf16Column +
        core::utf16Length(lineText.substr(start.column, end.column - start.column));
    return citation;
  };
  if (const auto* module = document.metadata.find("module")) {
    // Where the name stands: a quoted value without its quotes.
    core::ByteRange range = module->value.range;
    if ((module->value.style == core::ScalarStyle::SingleQuoted ||
         module->value.style == core::ScalarStyle::DoubleQuoted) &&
        range.end >= range.begin + 2)
      range = {range.begin + 1, range.end - 1};
    facts->modulePosition = positionOf(range);
  }
  // No existence checks here: indexing must not stat every cited path. Bare prose tokens then
  // count only when they look like files, and a citation keeps every path it may name.
  auto references = evidenceReferences(document, schema, workspacePath, nullptr);
  facts->citations.reserve(references.size());
  for (auto& reference : references) {
    auto candidates = workspaceCandidates(workspacePath, reference.path);
    if (candidates.empty())
      continue; // leaves the workspace
    core::Citation citation = positionOf(reference.range);
    citation.candidates = std::move(candidates);
    citation.target = std::move(reference.target);
    facts->citations.push_back(std::move(citation));
  }
  // The progress roll-up (inlay hints, stale-progress) reads these from the index too.
  addProgressFacts(document, schema, workspacePath, *facts);
  return facts;
}

} // namespace session::features
