#include "server/features/WorkspaceCheck.h"

#include "server/features/Progress.h"
#include "server/features/ProgressBlock.h"

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

std::string currentProgressBlock(const core::Workspace& workspace) {
  // The block leaves out everything that depends on today's date, so any date does.
  return renderProgressMarkdown(buildProgressReport(workspace, "1970-01-01"),
                                ProgressMarkdown::Block);
}

std::vector<core::Diagnostic> diagnoseInWorkspace(const core::Workspace& workspace,
                                                  std::string_view workspacePath,
                                                  const core::Document& document) {
  if (workspacePath == core::kSettingsFileName)
    return workspace.settingsProblems();
  if (workspacePath == kProgressFilePath) {
    auto context = checkContextFor(workspace, workspacePath);
    context.currentProgressBlock = currentProgressBlock(workspace);
    return diagnose(document, context);
  }
  if (!workspace.isSessionPath(workspacePath))
    return {};
  return diagnose(document, checkContextFor(workspace, workspacePath, document));
}

} // namespace session::features
