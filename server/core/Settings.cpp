#include "server/core/Settings.h"

#include <algorithm>

#include "server/core/Text.h"

#include <yaml-cpp/yaml.h>

namespace session::core {

namespace {

class SettingsReader {
public:
  explicit SettingsReader(std::string_view text) : text_(text), lines_(text_) {}

  SettingsResult read() {
    if (trimmedEmpty())
      return std::move(result_);
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text_));
    } catch (const YAML::Exception& error) {
      report(error.mark, "settings are not valid YAML: " + error.msg + "; using the defaults");
      return std::move(result_);
    }
    if (root.IsNull())
      return std::move(result_);
    if (!root.IsMap()) {
      report(root.Mark(), "settings must be a mapping of keys (sessions, template, severity, …)");
      return std::move(result_);
    }
    for (const auto& entry : root) {
      auto key = entry.first.as<std::string>("");
      try {
        readKey(key, entry.first, entry.second);
      } catch (const YAML::Exception& error) {
        report(entry.second.Mark(), "`" + key + "`: " + error.msg);
      }
    }
    return std::move(result_);
  }

private:
  void readKey(const std::string& key, const YAML::Node& keyNode, const YAML::Node& value) {
    Settings& settings = result_.settings;
    result_.keys.push_back(key);
    if (key == "sessions" || key == "roots") {
      auto list = stringList(key, value);
      if (list && key == "sessions")
        settings.sessionGlobs = *list;
      else if (list)
        settings.roots = *list;
    } else if (key == "template") {
      if (value.IsScalar())
        settings.templatePath = value.Scalar();
      else
        report(value.Mark(), "`template` must be a path");
    } else if (key == "severity") {
      if (!value.IsMap()) {
        report(value.Mark(),
               "`severity` must map a code to error, warning, information, hint or off");
        return;
      }
      for (const auto& rule : value) {
        auto code = rule.first.as<std::string>("");
        if (!isKnownDiagnosticCode(code)) {
          report(rule.first.Mark(),
                 "unknown diagnostic code `" + code + "` (see docs/rules/README.md)",
                 Severity::Warning);
          continue;
        }
        auto name = rule.second.IsScalar() ? rule.second.Scalar() : std::string();
        if (name == "off" || name == "false" || name == "Off") {
          settings.severity[code] = std::nullopt;
        } else if (auto severity = parseSeverity(name)) {
          settings.severity[code] = severity;
        } else {
          report(rule.second.Mark(),
                 "severity of `" + code + "` must be error, warning, information, hint or off");
        }
      }
    } else if (key == "levels") {
      if (!value.IsMap()) {
        report(value.Mark(), "`levels` must map a level (L0…) to its meaning");
        return;
      }
      for (const auto& level : value)
        settings.levels[level.first.as<std::string>("")] = level.second.as<std::string>("");
    } else if (key == "staleAfterDays") {
      auto days = value.IsScalar() ? value.as<long long>(-1) : -1;
      if (days < 0)
        report(value.Mark(), "`staleAfterDays` must be a non-negative integer");
      else
        settings.staleAfterDays = static_cast<uint32_t>(days);
    } else {
      report(keyNode.Mark(),
             "unknown setting `" + key +
                 "` (known: sessions, template, severity, roots, levels, staleAfterDays)",
             Severity::Warning);
    }
  }

  std::optional<std::vector<std::string>> stringList(const std::string& key,
                                                     const YAML::Node& value) {
    if (value.IsScalar())
      return std::vector<std::string>{value.Scalar()};
    if (!value.IsSequence()) {
      report(value.Mark(), "`" + key + "` must be a list of paths or globs");
      return std::nullopt;
    }
    std::vector<std::string> list;
    for (const auto& item : value) {
      if (!item.IsScalar()) {
        report(item.Mark(), "`" + key + "` items must be strings");
        return std::nullopt;
      }
      list.push_back(item.Scalar());
    }
    return list;
  }

  void report(const YAML::Mark& mark, std::string message, Severity severity = Severity::Error) {
    uint32_t line = mark.line < 0 ? 0 : static_cast<uint32_t>(mark.line);
    uint32_t begin =
        lines_.toOffset({line, mark.column < 0 ? 0u : static_cast<uint32_t>(mark.column)});
    uint32_t end = lines_.lineEnd(lines_.lineOf(begin));
    result_.problems.push_back(
        {{begin, std::max(begin, end)}, severity, "invalid-settings", std::move(message), {}});
  }

  bool trimmedEmpty() const { return text_.find_first_not_of(" \t\r\n") == std::string::npos; }

  std::string text_;
  LineIndex lines_;
  SettingsResult result_;
};

bool globMatchFrom(std::string_view glob, std::string_view path) {
  while (!glob.empty()) {
    if (glob.starts_with("**")) {
      glob.remove_prefix(2);
      bool slashAfter = glob.starts_with('/');
      if (slashAfter)
        glob.remove_prefix(1);
      // `**/` matches zero or more whole folders; a bare `**` anything at all.
      for (size_t i = 0; i <= path.size(); ++i) {
        if ((i == 0 || path[i - 1] == '/' || !slashAfter) && globMatchFrom(glob, path.substr(i)))
          return true;
      }
      return false;
    }
    if (glob.front() == '*') {
      glob.remove_prefix(1);
      for (size_t i = 0; i <= path.size(); ++i) {
        if (globMatchFrom(glob, path.substr(i)))
          return true;
        if (i < path.size() && path[i] == '/')
          return false;
      }
      return false;
    }
    if (path.empty())
      return false;
    if (glob.front() != '?' && glob.front() != path.front())
      return false;
    if (glob.front() == '?' && path.front() == '/')
      return false;
    glob.remove_prefix(1);
    path.remove_prefix(1);
  }
  return path.empty();
}

} // namespace

SettingsResult parseSettings(std::string_view yamlText) {
  return SettingsReader(yamlText).read();
}

Settings layeredSettings(const SettingsResult& editor, const SettingsResult& file) {
  auto fileSets = [&file](std::string_view key) {
    return std::find(file.keys.begin(), file.keys.end(), key) != file.keys.end();
  };
  Settings settings = editor.settings;
  const Settings& fromFile = file.settings;
  if (fileSets("sessions"))
    settings.sessionGlobs = fromFile.sessionGlobs;
  if (fileSets("template"))
    settings.templatePath = fromFile.templatePath;
  if (fileSets("roots"))
    settings.roots = fromFile.roots;
  if (fileSets("staleAfterDays"))
    settings.staleAfterDays = fromFile.staleAfterDays;
  for (const auto& [code, severity] : fromFile.severity)
    settings.severity[code] = severity;
  for (const auto& [level, meaning] : fromFile.levels)
    settings.levels[level] = meaning;
  return settings;
}

bool globMatch(std::string_view glob, std::string_view path) {
  if (glob.starts_with("./"))
    glob.remove_prefix(2);
  if (glob.starts_with('/'))
    glob.remove_prefix(1);
  return globMatchFrom(glob, path);
}

} // namespace session::core
