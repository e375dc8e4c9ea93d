#include "server/features/BodyLinks.h"

#include "server/features/Evidence.h"
#include "server/features/EvidencePaths.h"
#include "server/features/TextMatch.h"

namespace session::features {

using core::Diagnostic;
using core::Document;
using core::Schema;
using core::Severity;

void checkBodyLinks(const Document& document, const Schema& schema, const CheckContext& context,
                    std::vector<Diagnostic>& out) {
  if (!context.exists)
    return;
  for (const auto& candidate :
       evidenceReferences(document, schema, context.workspacePath, context.exists)) {
    if (candidate.place == EvidencePlace::Metadata)
      continue; // the metadata rules judge those, with their own messages and fixes
    const std::string& target = candidate.target;
    ResolvedPath resolved =
        resolveEvidencePath(context.workspacePath, candidate.path, context.exists);
    if (!resolved.outsideWorkspace && resolved.exists)
      continue;
    Diagnostic diagnostic;
    diagnostic.range = candidate.range;
    diagnostic.severity = Severity::Warning;
    diagnostic.code = "broken-link";
    diagnostic.message =
        resolved.outsideWorkspace
            ? "`" + target + "` points outside the workspace; evidence must live in it"
            : "`" + target + "` does not resolve to a file or folder in the workspace (tried " +
                  listForMessage(resolved.tried) + ")";
    out.push_back(std::move(diagnostic));
  }
}

} // namespace session::features
