// Rules that compare a session with the sessions before it on the same module.
#include "server/features/Diagnostics.h"

#include <algorithm>

namespace session::features {

namespace {
bool isLevel(const core::Schema& schema, std::string_view value) {
  auto levels = schema.levels();
  return std::find(levels.begin(), levels.end(), value) != levels.end();
}
} // namespace

void checkLevelContinuity(const core::Document& document, const CheckContext& context,
                          std::vector<core::Diagnostic>& out) {
  if (!context.previousSession || !context.schema || !document.metadata.parsed)
    return;
  const auto* before = document.metadata.find("level_before");
  const auto* module = document.metadata.find("module");
  if (!before || !module || before->value.kind != core::YamlNode::Kind::Scalar)
    return;
  const auto& previous = *context.previousSession;
  const auto& level = before->value.scalar;
  // Only two valid levels can disagree; an invalid one is `invalid-enum`'s business.
  if (!isLevel(*context.schema, level) || !isLevel(*context.schema, previous.levelAfter) ||
      level == previous.levelAfter)
    return;
  core::Diagnostic diagnostic;
  diagnostic.range = before->value.range;
  diagnostic.severity = core::Severity::Information;
  diagnostic.code = "level-discontinuity";
  diagnostic.message = "`level_before` is `" + level + "` but the previous `" +
                       module->value.scalar + "` session (" + previous.workspacePath + ", " +
                       previous.date + ") ended at `" + previous.levelAfter + "`";
  diagnostic.suggestions = {previous.levelAfter};
  out.push_back(std::move(diagnostic));
}

} // namespace session::features
