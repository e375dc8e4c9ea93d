#include "server/core/Workspace.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace session::core {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kDefaultTemplate = "SESSION-TEMPLATE.md";

bool isInside(const fs::path& canonicalRoot, const fs::path& canonicalPath) {
  auto rootIt = canonicalRoot.begin();
  auto pathIt = canonicalPath.begin();
  for (; rootIt != canonicalRoot.end(); ++rootIt, ++pathIt) {
    if (pathIt == canonicalPath.end() || *rootIt != *pathIt)
      return false;
  }
  return true;
}
} // namespace

Workspace::Workspace(fs::path root) : root_(std::move(root)) {
  std::error_code error;
  canonicalRoot_ = fs::weakly_canonical(fs::absolute(root_, error), error);
  if (error)
    canonicalRoot_ = root_;
  reload();
}

void Workspace::reload() {
  trackFolders_.reset();
  auto settingsText = readFile(kSettingsFileName);
  applySettings(settingsText ? parseSettings(*settingsText) : SettingsResult{});
  auto path =
      settings_.templatePath.empty() ? std::string(kDefaultTemplate) : settings_.templatePath;
  auto text = readFile(path);
  templatePath_ = text ? path : std::string();
  loadTemplate(std::move(text));
}

void Workspace::setSettingsText(std::string_view text) {
  applySettings(parseSettings(text));
}

void Workspace::setTemplateText(std::string_view text) {
  loadTemplate(std::string(text));
}

void Workspace::applySettings(SettingsResult result) {
  settings_ = std::move(result.settings);
  settingsProblems_ = std::move(result.problems);
}

void Workspace::loadTemplate(std::optional<std::string> text) {
  std::shared_ptr<Schema> schema;
  if (text) {
    schema = std::make_shared<Schema>(parseSchema(*text));
    // A template without a metadata block or sections is not a template: keep the seed.
    if (schema->fields.empty() && schema->sections.empty())
      schema.reset();
  }
  if (!schema)
    schema = std::make_shared<Schema>(*builtinSchema());
  for (const auto& [level, meaning] : settings_.levels)
    schema->levelMeanings[level] = meaning;
  schema_ = std::move(schema);
}

std::optional<std::string> Workspace::relativePath(const fs::path& path) const {
  std::error_code error;
  auto canonical = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error || !isInside(canonicalRoot_, canonical))
    return std::nullopt;
  return canonical.lexically_relative(canonicalRoot_).generic_string();
}

fs::path Workspace::absolutePath(std::string_view workspacePath) const {
  return canonicalRoot_ / fs::path(std::string(workspacePath)).relative_path();
}

bool Workspace::isSessionPath(std::string_view workspacePath) const {
  return std::any_of(settings_.sessionGlobs.begin(), settings_.sessionGlobs.end(),
                     [&](const std::string& glob) { return globMatch(glob, workspacePath); });
}

bool Workspace::isTemplatePath(std::string_view workspacePath) const {
  return workspacePath ==
         (settings_.templatePath.empty() ? kDefaultTemplate : settings_.templatePath);
}

std::vector<std::string> Workspace::findSessionFiles() const {
  std::vector<std::string> files;
  std::error_code error;
  auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(canonicalRoot_, options, error), end;
       !error && it != end; it.increment(error)) {
    const auto& name = it->path().filename().native();
    if (it->is_directory(error) && (name == ".git" || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(error) || it->path().extension() != ".md")
      continue;
    auto relative = it->path().lexically_relative(canonicalRoot_).generic_string();
    if (isSessionPath(relative))
      files.push_back(std::move(relative));
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool Workspace::exists(std::string_view workspacePath) const {
  if (workspacePath.empty() || workspacePath == ".")
    return true;
  std::error_code error;
  auto path = absolutePath(workspacePath);
  if (!fs::exists(path, error))
    return false;
  return isInside(canonicalRoot_, fs::canonical(path, error)) && !error;
}

std::vector<std::string> Workspace::trackModuleFolders() const {
  if (trackFolders_)
    return *trackFolders_;
  std::set<std::string> names;
  std::error_code error;
  for (fs::directory_iterator track(canonicalRoot_ / "tracks", error), end; !error && track != end;
       track.increment(error)) {
    if (!track->is_directory(error))
      continue;
    std::error_code inner;
    for (fs::directory_iterator module(track->path(), inner); !inner && module != end;
         module.increment(inner))
      if (module->is_directory(inner))
        names.insert(module->path().filename().string());
  }
  trackFolders_ = std::vector<std::string>(names.begin(), names.end());
  return *trackFolders_;
}

std::optional<std::string> Workspace::readFile(std::string_view workspacePath) const {
  std::error_code error;
  auto path = absolutePath(workspacePath);
  auto canonical = fs::canonical(path, error);
  if (error || !isInside(canonicalRoot_, canonical) || !fs::is_regular_file(canonical, error))
    return std::nullopt;
  std::ifstream stream(canonical, std::ios::binary);
  if (!stream)
    return std::nullopt;
  std::ostringstream content;
  content << stream.rdbuf();
  return std::move(content).str();
}

void Workspace::setSessionModule(const std::string& workspacePath,
                                 std::optional<std::string> module) {
  if (module)
    sessionModules_[workspacePath] = std::move(*module);
  else
    sessionModules_.erase(workspacePath);
}

std::vector<std::string> Workspace::knownModulesExcept(std::string_view workspacePath) const {
  std::set<std::string> modules;
  for (const auto& [path, module] : sessionModules_)
    if (path != workspacePath)
      modules.insert(module);
  for (auto& folder : trackModuleFolders())
    modules.insert(folder);
  return {modules.begin(), modules.end()};
}

fs::path findWorkspaceRoot(fs::path start) {
  std::error_code error;
  start = fs::weakly_canonical(fs::absolute(start, error), error);
  if (!fs::is_directory(start, error))
    start = start.parent_path();
  for (auto folder = start; !folder.empty(); folder = folder.parent_path()) {
    for (const char* marker : {".session-lsp.yaml", "SESSION-TEMPLATE.md", "sessions", ".git"})
      if (fs::exists(folder / marker, error))
        return folder;
    if (folder == folder.parent_path())
      break;
  }
  return start;
}

std::optional<std::string> sessionModule(const Document& document) {
  const auto* entry = document.metadata.find("module");
  if (!entry || entry->value.kind != YamlNode::Kind::Scalar || entry->value.scalar.empty())
    return std::nullopt;
  return entry->value.scalar;
}

} // namespace session::core
