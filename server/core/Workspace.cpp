#include "server/core/Workspace.h"

#include <algorithm>
#include <cerrno>
#include <set>
#include <system_error>
#include <tuple>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace session::core {

namespace fs = std::filesystem;

namespace {
/// The bytes of a regular file, read with one allocation and no stream copies (the cold index
/// reads thousands of files).
std::optional<std::string> readWholeFile(const fs::path& path) {
  int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0)
    return std::nullopt;
  std::optional<std::string> content;
  struct stat status {};
  if (::fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode)) {
    std::string bytes(static_cast<size_t>(status.st_size), '\0');
    size_t filled = 0;
    while (true) {
      if (filled == bytes.size())
        bytes.resize(bytes.size() + 4096); // the file grew since fstat
      ssize_t got = ::read(descriptor, bytes.data() + filled, bytes.size() - filled);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        break;
      if (got == 0) {
        bytes.resize(filled);
        content = std::move(bytes);
        break;
      }
      filled += static_cast<size_t>(got);
    }
  }
  ::close(descriptor);
  return content;
}

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
  fileSettings_ = settingsText ? parseSettings(*settingsText) : SettingsResult{};
  applyLayers();
}

void Workspace::applyLayers() {
  settings_ = layeredSettings(editorSettings_, fileSettings_);
  settingsProblems_ = fileSettings_.problems;
  auto path =
      settings_.templatePath.empty() ? std::string(kDefaultTemplate) : settings_.templatePath;
  auto text = readFile(path);
  templatePath_ = text ? path : std::string();
  loadTemplate(std::move(text));
}

void Workspace::setSettingsText(std::string_view text) {
  applySettings(parseSettings(text));
}

std::vector<Diagnostic> Workspace::setEditorSettings(std::string_view text) {
  editorSettings_ = parseSettings(text);
  trackFolders_.reset();
  applyLayers();
  return editorSettings_.problems;
}

void Workspace::setTemplateText(std::string_view text) {
  loadTemplate(std::string(text));
}

void Workspace::applySettings(SettingsResult result) {
  fileSettings_ = std::move(result);
  applyLayers();
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

std::optional<std::string> Workspace::resolveInsideNative(std::string_view workspacePath) const {
  // The root is canonical already: each component below it costs one lstat, and only a
  // symlink among them a full canonicalisation (fs::canonical would readlink every component
  // of the whole path, for every file the index reads and every link a session cites). Plain
  // strings rather than fs::path: the rules ask this for every path a session cites, on every
  // keystroke, and fs::path splits its components again at each step.
  const std::string& root = canonicalRoot_.native();
  std::string current = root;
  size_t pos = 0;
  while (pos < workspacePath.size()) {
    size_t slash = workspacePath.find('/', pos);
    std::string_view part = workspacePath.substr(
        pos, (slash == std::string_view::npos ? workspacePath.size() : slash) - pos);
    pos = slash == std::string_view::npos ? workspacePath.size() : slash + 1;
    if (part.empty() || part == ".")
      continue;
    if (part == "..") {
      if (current == root)
        return std::nullopt; // leaves the workspace
      size_t parentEnd = current.rfind('/');
      current.resize(parentEnd == 0 ? 1 : parentEnd);
      continue;
    }
    if (current.back() != '/')
      current += '/';
    current += part;
    struct stat status {};
    if (::lstat(current.c_str(), &status) != 0)
      return std::nullopt;
    if (S_ISLNK(status.st_mode)) {
      std::error_code error;
      auto target = fs::canonical(current, error);
      if (error || !isInside(canonicalRoot_, target))
        return std::nullopt;
      current = target.native();
    }
  }
  return current;
}

std::optional<fs::path> Workspace::resolveInside(std::string_view workspacePath) const {
  auto resolved = resolveInsideNative(workspacePath);
  if (!resolved)
    return std::nullopt;
  return fs::path(std::move(*resolved));
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
    auto name = it->path().filename().native();
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
  if (!existence_)
    return resolveInsideNative(workspacePath).has_value();
  {
    std::lock_guard lock(existence_->mutex);
    if (auto known = existence_->answers.find(workspacePath); known != existence_->answers.end())
      return known->second;
  }
  bool found = resolveInsideNative(workspacePath).has_value();
  std::lock_guard lock(existence_->mutex);
  existence_->answers.emplace(std::string(workspacePath), found);
  return found;
}

void Workspace::rememberExistence() {
  if (!existence_)
    existence_ = std::make_unique<ExistenceMemo>();
}

const std::map<std::string, std::vector<std::string>, std::less<>>&
Workspace::trackFolderMap() const {
  if (trackFolders_)
    return *trackFolders_;
  trackFolders_.emplace();
  std::error_code error;
  for (fs::directory_iterator track(canonicalRoot_ / "tracks", error), end; !error && track != end;
       track.increment(error)) {
    if (!track->is_directory(error))
      continue;
    std::vector<std::string> modules;
    std::error_code inner;
    for (fs::directory_iterator module(track->path(), inner); !inner && module != end;
         module.increment(inner))
      if (module->is_directory(inner))
        modules.push_back(module->path().filename().string());
    std::sort(modules.begin(), modules.end());
    (*trackFolders_)[track->path().filename().string()] = std::move(modules);
  }
  return *trackFolders_;
}

std::vector<std::string> Workspace::trackModuleFolders() const {
  std::set<std::string> names;
  for (const auto& [track, modules] : trackFolderMap())
    names.insert(modules.begin(), modules.end());
  return {names.begin(), names.end()};
}

std::vector<std::string> Workspace::trackModuleFolders(std::string_view track) const {
  const auto& folders = trackFolderMap();
  auto found = folders.find(track);
  return found == folders.end() ? std::vector<std::string>{} : found->second;
}

std::optional<std::string> Workspace::readFile(std::string_view workspacePath) const {
  auto resolved = resolveInside(workspacePath);
  if (!resolved)
    return std::nullopt;
  return readWholeFile(*resolved); // only a regular file
}

void Workspace::setSessionFacts(const std::string& workspacePath,
                                std::optional<SessionFacts> facts) {
  if (auto old = sessions_.find(workspacePath); old != sessions_.end()) {
    auto users = sessionsByModule_.find(old->second.module);
    if (users != sessionsByModule_.end() && users->second.erase(workspacePath) &&
        users->second.empty())
      sessionsByModule_.erase(users);
    if (auto order = orderByModule_.find(old->second.module); order != orderByModule_.end()) {
      order->second.erase({old->second.date, old->second.startTime, workspacePath});
      if (order->second.empty())
        orderByModule_.erase(order);
    }
    for (const auto& tag : old->second.tags)
      if (auto count = tagCounts_.find(tag); count != tagCounts_.end() && --count->second == 0)
        tagCounts_.erase(count);
    sessions_.erase(old);
  }
  if (!facts)
    return;
  if (!facts->module.empty())
    sessionsByModule_[facts->module].insert(workspacePath);
  if (!facts->module.empty() && !facts->date.empty())
    orderByModule_[facts->module].insert({facts->date, facts->startTime, workspacePath});
  for (const auto& tag : facts->tags)
    ++tagCounts_[tag];
  sessions_[workspacePath] = std::move(*facts);
}

size_t Workspace::indexSessionsOnDisk() {
  auto files = findSessionFiles();
  for (const auto& path : files)
    reindexSessionOnDisk(path);
  return files.size();
}

void Workspace::reindexSessionOnDisk(const std::string& workspacePath) {
  auto text = isSessionPath(workspacePath) ? readFile(workspacePath) : std::nullopt;
  setSessionFacts(workspacePath,
                  text ? extractFacts(*Document::parse(std::move(*text)), workspacePath)
                       : std::nullopt);
}

std::optional<SessionFacts> Workspace::extractFacts(const Document& document,
                                                    std::string_view workspacePath) const {
  return extractor_ ? extractor_(document, *schema_, workspacePath) : sessionFacts(document);
}

std::vector<std::pair<std::string, Citation>>
Workspace::citationsOf(std::string_view workspacePath) const {
  std::vector<std::pair<std::string, Citation>> found;
  for (const auto& [session, facts] : sessions_)
    for (const auto& citation : facts.citations)
      if (std::find(citation.candidates.begin(), citation.candidates.end(), workspacePath) !=
          citation.candidates.end())
        found.emplace_back(session, citation);
  return found;
}

std::vector<std::string> Workspace::sessionsOnModule(std::string_view module) const {
  auto users = sessionsByModule_.find(module);
  if (users == sessionsByModule_.end())
    return {};
  return {users->second.begin(), users->second.end()};
}

std::optional<std::string> Workspace::fileStamp(std::string_view workspacePath) const {
  std::error_code error;
  auto resolved = resolveInside(workspacePath);
  if (!resolved)
    return std::nullopt;
  const fs::path& canonical = *resolved;
  auto size = fs::file_size(canonical, error);
  if (error)
    return std::nullopt;
  auto time = fs::last_write_time(canonical, error);
  if (error)
    return std::nullopt;
  return std::to_string(time.time_since_epoch().count()) + "-" + std::to_string(size);
}

bool Workspace::isDirectory(std::string_view workspacePath) const {
  std::error_code error;
  auto resolved = resolveInside(workspacePath);
  return resolved && fs::is_directory(*resolved, error);
}

std::vector<Workspace::FolderEntry> Workspace::listFolder(std::string_view workspacePath) const {
  std::vector<FolderEntry> entries;
  std::error_code error;
  auto resolved = resolveInside(workspacePath);
  if (!resolved)
    return entries;
  const fs::path& folder = *resolved;
  for (fs::directory_iterator entry(folder, error), end; !error && entry != end;
       entry.increment(error)) {
    std::string name = entry->path().filename().string();
    if (name.starts_with("."))
      continue;
    std::error_code inner;
    auto real = fs::canonical(entry->path(), inner);
    if (inner || !isInside(canonicalRoot_, real))
      continue;
    entries.push_back({name, fs::is_directory(real, inner)});
  }
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  return entries;
}

std::vector<std::string> Workspace::knownModulesExcept(std::string_view workspacePath) const {
  std::set<std::string> modules;
  for (const auto& [module, users] : sessionsByModule_)
    if (users.size() > 1 || !users.contains(workspacePath))
      modules.insert(module);
  for (auto& folder : trackModuleFolders())
    modules.insert(folder);
  return {modules.begin(), modules.end()};
}

namespace {
std::vector<UsageCount> mostUsedFirst(std::vector<UsageCount> usage) {
  std::sort(usage.begin(), usage.end(), [](const UsageCount& a, const UsageCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return usage;
}
} // namespace

std::vector<UsageCount> Workspace::moduleUsageExcept(std::string_view workspacePath) const {
  std::vector<UsageCount> usage;
  for (const auto& [module, users] : sessionsByModule_) {
    size_t count = users.size() - (users.contains(workspacePath) ? 1 : 0);
    if (count > 0)
      usage.push_back({module, count});
  }
  return mostUsedFirst(std::move(usage));
}

std::vector<UsageCount> Workspace::tagUsageExcept(std::string_view workspacePath) const {
  const std::vector<std::string>* ownTags = nullptr;
  if (auto self = sessions_.find(workspacePath); self != sessions_.end())
    ownTags = &self->second.tags;
  std::vector<UsageCount> usage;
  for (const auto& [tag, count] : tagCounts_) {
    size_t others = count;
    if (ownTags)
      others -= static_cast<size_t>(std::count(ownTags->begin(), ownTags->end(), tag));
    if (others > 0)
      usage.push_back({tag, others});
  }
  return mostUsedFirst(std::move(usage));
}

std::optional<std::pair<std::string, SessionFacts>>
Workspace::previousSessionOnModule(std::string_view workspacePath, const SessionFacts& self) const {
  if (self.module.empty() || self.date.empty())
    return std::nullopt;
  auto order = orderByModule_.find(self.module);
  if (order == orderByModule_.end())
    return std::nullopt;
  // The last session ordered before this one; the index's own entry for this path (its facts
  // may be older than \p self) never counts.
  SessionOrderKey selfKey{self.date, self.startTime, std::string(workspacePath)};
  for (auto it = order->second.lower_bound(selfKey); it != order->second.begin();) {
    --it;
    const auto& path = std::get<2>(*it);
    if (path == workspacePath)
      continue;
    auto found = sessions_.find(path);
    if (found == sessions_.end())
      continue;
    return std::make_pair(found->first, found->second);
  }
  return std::nullopt;
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

namespace {
std::string scalarValue(const Document& document, std::string_view key) {
  const auto* entry = document.metadata.find(key);
  return entry && entry->value.kind == YamlNode::Kind::Scalar ? entry->value.scalar : std::string();
}

} // namespace

std::optional<SessionFacts> sessionFacts(const Document& document) {
  if (!document.metadata.parsed)
    return std::nullopt;
  SessionFacts facts;
  facts.module = scalarValue(document, "module");
  facts.date = scalarValue(document, "date");
  if (!isCalendarDate(facts.date))
    facts.date.clear();
  facts.startTime = scalarValue(document, "start_time");
  facts.levelBefore = scalarValue(document, "level_before");
  facts.levelAfter = scalarValue(document, "level_after");
  facts.track = scalarValue(document, "track");
  facts.topic = scalarValue(document, "topic");
  if (const auto* tags = document.metadata.find("tags");
      tags && tags->value.kind == YamlNode::Kind::Sequence) {
    std::set<std::string> seen; // a tag listed twice counts once for its session
    for (const auto& item : tags->value.items)
      if (item.kind == YamlNode::Kind::Scalar && !item.scalar.empty() &&
          seen.insert(item.scalar).second)
        facts.tags.push_back(item.scalar);
  }
  return facts;
}

} // namespace session::core
