#include "server/features/WorkspaceCheck.h"

namespace session::features {

CheckContext checkContextFor(const core::Workspace& workspace, std::string_view workspacePath) {
  CheckContext context;
  context.schema = workspace.schema().get();
  context.workspacePath = std::string(workspacePath);
  context.exists = [&workspace](std::string_view path) {
    return workspace.exists(path);
  };
  context.knownModules = workspace.knownModulesExcept(workspacePath);
  context.severityOverrides = workspace.settings().severity;
  return context;
}

CheckContext checkContextFor(const core::Workspace& workspace, std::string_view workspacePath,
                             const core::Document& document) {
  auto context = checkContextFor(workspace, workspacePath);
  if (auto facts = core::sessionFacts(document))
    if (auto previous = workspace.previousSessionOnModule(workspacePath, *facts))
      context.previousSession = CheckContext::PreviousSession{
          previous->first, previous->second.date, previous->second.levelAfter};
  return context;
}

std::vector<core::Diagnostic> diagnoseInWorkspace(const core::Workspace& workspace,
                                                  std::string_view workspacePath,
                                                  const core::Document& document) {
  if (workspacePath == core::kSettingsFileName)
    return workspace.settingsProblems();
  if (!workspace.isSessionPath(workspacePath))
    return {};
  return diagnose(document, checkContextFor(workspace, workspacePath, document));
}

} // namespace session::features
