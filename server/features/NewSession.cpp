#include "server/features/NewSession.h"

#include "server/core/Document.h"
#include "server/features/FileNames.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <ctime>
#include <optional>

namespace session::features {

namespace {

using core::FieldKind;
using core::MetadataLine;

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

// ---- Validation -------------------------------------------------------------------------

/// Why \p part cannot stand between the `__` of a file name, or empty when it can: the name
/// must stay one file in one folder on every common file system, and split back into its
/// parts (SPEC §3.1 "File names").
std::string fileNamePartProblem(std::string_view part) {
  if (part.find("__") != std::string_view::npos)
    return "has `__`, which separates the parts of the file name";
  if (part.front() == '.')
    return "starts with `.`";
  for (unsigned char c : part) {
    if (c < 0x20 || c == 0x7F)
      return "has a control character";
    if (c == ' ')
      return "has a space (use `-` instead)";
    if (std::string_view("/\\:*?\"<>|").find(static_cast<char>(c)) != std::string_view::npos)
      return "has " + code(std::string(1, static_cast<char>(c))) +
             ", which a file name cannot hold";
  }
  return {};
}

std::string validateTrack(const core::Schema& schema, std::string_view track) {
  const core::FieldSpec* spec = schema.field("track");
  bool closed = spec && spec->kind == FieldKind::ClosedEnum && !spec->values.empty();
  if (track.empty())
    return closed ? "a track is required: " + listForMessage(spec->values)
                  : std::string("a track is required");
  if (closed && std::find(spec->values.begin(), spec->values.end(), track) == spec->values.end()) {
    std::string message =
        code(track) + " is not a track of the template; allowed: " + listForMessage(spec->values);
    if (auto closest = closestValue(track, spec->values, spec->ordered))
      message += "; closest: " + code(*closest);
    return message;
  }
  if (auto problem = fileNamePartProblem(track); !problem.empty())
    return "the track " + code(track) + " " + problem;
  return {};
}

std::string validate(const core::Schema& schema, const NewSessionRequest& request) {
  if (!core::isCalendarDate(request.date))
    return "the date " + code(request.date) + " is not a real date `YYYY-MM-DD`";
  if (auto problem = validateTrack(schema, request.track); !problem.empty())
    return problem;
  if (request.module.empty())
    return "a module is required (e.g. `vLLM`)";
  if (auto problem = fileNamePartProblem(request.module); !problem.empty())
    return "the module " + code(request.module) + " " + problem;
  if (trim(request.topic).empty())
    return "a topic is required (a short, specific title)";
  if (request.topic.find_first_of("\r\n") != std::string::npos)
    return "the topic must be one line";
  if (fileNameSlug(request.topic).empty())
    return "the topic " + code(request.topic) + " has no letters or digits to name the file after";
  const std::string& folder = request.sessionsFolder;
  if (folder.starts_with('/') || folder.ends_with('/') || folder == ".." ||
      folder.starts_with("../") || folder.find("/../") != std::string::npos ||
      folder.ends_with("/.."))
    return "the sessions folder " + code(folder) + " must be a folder inside the workspace";
  return {};
}

// ---- YAML values ------------------------------------------------------------------------

/// Whether \p value can be written as a plain YAML scalar and read back as the same string.
bool isPlainSafe(std::string_view value, bool inFlow) {
  if (value.empty() || value.front() == ' ' || value.back() == ' ' || value.back() == ':')
    return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(value.front()) != std::string_view::npos)
    return false;
  if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos)
    return false;
  for (unsigned char c : value)
    if (c < 0x20 || c == 0x7F ||
        (inFlow && std::string_view(",[]{}").find(static_cast<char>(c)) != std::string_view::npos))
      return false;
  // Words and numbers that YAML reads as something other than a string.
  static constexpr std::string_view kReserved[] = {"null", "~",   "true", "false", "yes",  "no",
                                                   "on",   "off", "y",    "n",     ".inf", ".nan"};
  std::string lower = toLower(value);
  if (std::find(std::begin(kReserved), std::end(kReserved), lower) != std::end(kReserved))
    return false;
  bool numberLike = std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= '0' && c <= '9') || std::string_view("+-._eExXoO:").find(c) != std::string::npos;
  });
  return !numberLike;
}

std::string doubleQuoted(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string quoted = "\"";
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      quoted += "\\x";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 0xF];
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

std::string yamlScalar(std::string_view value, bool inFlow) {
  return isPlainSafe(value, inFlow) ? std::string(value) : doubleQuoted(value);
}

// ---- Editing the template's text in place -----------------------------------------------

struct Edit {
  uint32_t begin = 0, end = 0;
  std::string text;
};

/// Display columns (code points) of \p text.
size_t columns(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

class MetadataFiller {
public:
  explicit MetadataFiller(const core::Document& document) : text_(document.text()) {
    for (const auto& line : document.metadata.lines)
      if (line.hasComment) {
        commentColumn_ = columns(lineText(line).substr(0, commentStart(line) - line.range.begin));
        break;
      }
  }

  /// Replaces the value of \p line by \p value, keeping its comment where it stood; a line
  /// without a comment gets \p newComment when one is given.
  void setValue(const MetadataLine& line, const std::string& value,
                const std::string& newComment = {}) {
    uint32_t begin = line.valueRange.begin;
    std::string prefix = begin > 0 && text_[begin - 1] == ':' ? " " : "";
    std::string_view before = text_.substr(line.range.begin, begin - line.range.begin);
    size_t valueEndColumn = columns(before) + prefix.size() + columns(value);
    if (line.hasComment) {
      uint32_t comment = commentStart(line);
      size_t wanted = columns(text_.substr(line.range.begin, comment - line.range.begin));
      edits_.push_back({begin, comment, prefix + value + padding(valueEndColumn, wanted)});
      return;
    }
    if (newComment.empty()) {
      edits_.push_back({begin, line.valueRange.end, prefix + value});
      return;
    }
    edits_.push_back(
        {begin, line.range.end,
         prefix + value + padding(valueEndColumn, commentColumn_) + "# " + newComment});
  }

  std::vector<Edit>& edits() { return edits_; }

  std::string_view lineText(const MetadataLine& line) const {
    return text_.substr(line.range.begin, line.range.end - line.range.begin);
  }
  std::string_view valueText(const MetadataLine& line) const {
    return text_.substr(line.valueRange.begin, line.valueRange.end - line.valueRange.begin);
  }

private:
  /// The offset of the ` #` comment after the value (MetadataLine::hasComment is set).
  uint32_t commentStart(const MetadataLine& line) const {
    auto found = text_.find('#', line.valueRange.end);
    return found == std::string_view::npos || found > line.range.end ? line.range.end
                                                                     : static_cast<uint32_t>(found);
  }

  static std::string padding(size_t fromColumn, size_t toColumn) {
    return std::string(toColumn >= fromColumn + 2 ? toColumn - fromColumn : 2, ' ');
  }

  std::string_view text_;
  size_t commentColumn_ = 0;
  std::vector<Edit> edits_;
};

/// The metadata's lines with the dotted key path each stands at (`evidence_targets.sessions`,
/// `refs.title`; a bare list item `- x` has its sequence's path), read lexically.
struct PathedLine {
  const MetadataLine* line = nullptr;
  std::string path;
  bool bareItem = false; // `- value`, not `- key: value`
};

std::vector<PathedLine> pathedLines(const core::Document& document) {
  struct Open {
    size_t column;
    std::string key;
  };
  std::vector<Open> stack;
  auto joined = [&] {
    std::string path;
    for (const auto& open : stack)
      path += (path.empty() ? "" : ".") + open.key;
    return path;
  };
  std::vector<PathedLine> result;
  for (const auto& line : document.metadata.lines) {
    if (!line.key.empty()) {
      size_t column = line.keyRange.begin - line.range.begin;
      while (!stack.empty() && stack.back().column >= column)
        stack.pop_back();
      stack.push_back({column, line.key});
      result.push_back({&line, joined(), false});
    } else if (line.listItem) {
      while (!stack.empty() && stack.back().column > line.indent)
        stack.pop_back();
      result.push_back({&line, joined(), true});
    }
  }
  return result;
}

std::string apply(std::string text, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  for (const auto& edit : edits)
    text.replace(edit.begin, edit.end - edit.begin, edit.text);
  return text;
}

} // namespace

NewSessionResult newSession(const core::Schema& schema, std::string_view templateText,
                            const NewSessionRequest& request) {
  NewSessionResult result;
  if (auto problem = validate(schema, request); !problem.empty()) {
    result.error = std::move(problem);
    return result;
  }
  auto document = core::Document::parse(std::string(templateText));
  if (document->metadata.placement == core::MetadataPlacement::None) {
    result.error = "the template has no metadata block (front matter or a fenced `yaml` block)";
    return result;
  }

  std::string fileName = preferredSessionFileName(request.date, request.track, request.module,
                                                  fileNameSlug(request.topic));
  std::string workspacePath =
      request.sessionsFolder.empty() ? fileName : request.sessionsFolder + "/" + fileName;
  std::string selfEvidence = "/" + workspacePath;
  std::string topic(trim(request.topic));

  MetadataFiller filler(*document);
  std::vector<std::string> done;
  auto firstTime = [&](const std::string& path) {
    if (std::find(done.begin(), done.end(), path) != done.end())
      return false;
    done.push_back(path);
    return true;
  };
  const MetadataLine* emptySessionsKey = nullptr; // `sessions:` waiting for its items
  bool sessionsFilled = false;
  for (const auto& [line, path, bareItem] : pathedLines(*document)) {
    if (bareItem) {
      if (path == "evidence_targets.sessions" && emptySessionsKey && !sessionsFilled) {
        filler.setValue(*line, yamlScalar(selfEvidence, false));
        sessionsFilled = true;
      }
      continue;
    }
    if (path == "date" && firstTime(path))
      filler.setValue(*line, request.date);
    else if (path == "track" && firstTime(path))
      filler.setValue(*line, yamlScalar(request.track, false));
    else if (path == "module" && firstTime(path))
      filler.setValue(*line, yamlScalar(request.module, false));
    else if (path == "topic" && firstTime(path))
      filler.setValue(*line, yamlScalar(topic, false));
    else if (path == "evidence_targets.sessions" && firstTime(path)) {
      if (line->valueRange.empty()) {
        emptySessionsKey = line; // its block items follow, or it gets a flow list below
      } else {
        filler.setValue(*line, "[" + yamlScalar(selfEvidence, true) + "]");
        sessionsFilled = true;
      }
    } else if (const core::FieldSpec* spec = schema.fieldAtPath(path)) {
      // An enum field still showing the template's alternatives would be an invalid value; a
      // `""` placeholder asks for a choice instead, and the comment keeps the choices in view.
      bool isEnum = spec->kind == FieldKind::ClosedEnum || spec->kind == FieldKind::OpenEnum;
      std::string_view value = filler.valueText(*line);
      if (isEnum && value.find('|') != std::string_view::npos)
        filler.setValue(*line, "\"\"", std::string(value));
    }
  }
  if (emptySessionsKey && !sessionsFilled)
    filler.setValue(*emptySessionsKey, "[" + yamlScalar(selfEvidence, true) + "]");

  // A title before the first section names the session, as the examples do.
  for (const auto& heading : document->headings) {
    if (heading.level == 2)
      break;
    bool inMetadata = document->metadata.blockRange.contains(heading.lineRange.begin);
    if (heading.level == 1 && !inMetadata) {
      filler.edits().push_back({heading.textRange.begin, heading.textRange.end,
                                request.date + " \xE2\x80\x94 " + topic});
      break;
    }
  }

  std::string text = apply(document->text(), std::move(filler.edits()));
  auto produced = core::Document::parse(text);
  if (!produced->metadata.parsed) {
    result.error = "the template's metadata does not parse as YAML; fix the template first";
    return result;
  }
  result.workspacePath = std::move(workspacePath);
  result.text = std::move(text);
  return result;
}

std::string sessionsFolderFromGlobs(const std::vector<std::string>& sessionGlobs) {
  if (sessionGlobs.empty())
    return "sessions";
  std::string_view glob = sessionGlobs.front();
  while (glob.starts_with("./") || glob.starts_with('/'))
    glob.remove_prefix(glob.starts_with('/') ? 1 : 2);
  std::string folder;
  for (size_t slash; (slash = glob.find('/')) != std::string_view::npos;
       glob.remove_prefix(slash + 1)) {
    std::string_view part = glob.substr(0, slash);
    if (part.empty() || part == ".")
      continue;
    if (part == ".." || part.find_first_of("*?[{") != std::string_view::npos)
      break;
    folder += (folder.empty() ? "" : "/") + std::string(part);
  }
  return folder;
}

std::string templateTextOf(const core::Workspace& workspace) {
  if (!workspace.templatePath().empty())
    if (auto text = workspace.readFile(workspace.templatePath())) {
      // Workspace keeps the seed for a template without metadata or sections; so do we.
      auto schema = core::parseSchema(*text);
      if (!schema.fields.empty() || !schema.sections.empty())
        return *text;
    }
  return std::string(core::seedTemplateText());
}

std::string localDateToday() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
  return buffer;
}

} // namespace session::features
