#include "server/features/Diagnostics.h"

#include "server/features/TextMatch.h"

#include <algorithm>
#include <set>

#ifndef SESSION_LSP_RULES_URL
#error "CMake defines SESSION_LSP_RULES_URL (the base URL of docs/rules/)"
#endif

namespace session::features {

namespace {

using core::Diagnostic;
using core::Document;

/// Where inline comments switch codes off (SPEC §3, markdownlint's syntax):
/// `session-lsp-disable CODE…` / `session-lsp-enable CODE…` around a region,
/// `session-lsp-disable-next-line CODE…`, `session-lsp-disable-file CODE…`.
/// No code after the directive means every code.
class Suppressions {
public:
  explicit Suppressions(const Document& document) {
    const auto& lines = document.lines();
    State state;
    for (const auto& comment : document.comments) {
      auto words = splitWords(comment.text);
      if (words.empty())
        continue;
      std::string directive = toLower(words.front());
      // Codes compare case-insensitively, as markdownlint's rule names do.
      std::set<std::string> codes;
      for (auto word = words.begin() + 1; word != words.end(); ++word)
        codes.insert(toLower(*word));
      uint32_t firstLine = lines.lineOf(comment.range.begin);
      uint32_t lastLine = lines.lineOf(comment.range.end == 0 ? 0 : comment.range.end - 1);
      if (directive == "session-lsp-disable-file") {
        fileWide_.push_back(codes);
      } else if (directive == "session-lsp-disable-next-line") {
        nextLine_.push_back({lastLine + 1, codes});
      } else if (directive == "session-lsp-disable-line") {
        // The comment's own line: a trailing `<!-- session-lsp-disable-line CODE -->`.
        nextLine_.push_back({firstLine, codes});
      } else if (directive == "session-lsp-disable" || directive == "session-lsp-enable") {
        state.apply(directive == "session-lsp-disable", codes);
        // The new state holds from the line after the comment.
        checkpoints_.push_back({lastLine + 1, state});
      }
    }
  }

  bool suppresses(const Diagnostic& diagnostic, uint32_t line) const {
    auto names = [&](const std::set<std::string>& codes) {
      return codes.empty() || codes.count(diagnostic.code);
    };
    if (std::any_of(fileWide_.begin(), fileWide_.end(), names))
      return true;
    for (const auto& [atLine, codes] : nextLine_)
      if (atLine == line && names(codes))
        return true;
    const State* state = nullptr;
    for (const auto& checkpoint : checkpoints_) {
      if (checkpoint.fromLine > line)
        break;
      state = &checkpoint.state;
    }
    return state && state->disables(diagnostic.code);
  }

private:
  /// Which codes are off: all but `enabled` when `allOff`, else exactly `disabled`.
  struct State {
    bool allOff = false;
    std::set<std::string> disabled;
    std::set<std::string> enabled;

    void apply(bool disable, const std::set<std::string>& codes) {
      if (codes.empty()) {
        *this = State{disable, {}, {}};
        return;
      }
      for (const auto& code : codes) {
        (disable ? disabled : enabled).insert(code);
        (disable ? enabled : disabled).erase(code);
      }
    }
    bool disables(const std::string& code) const {
      return allOff ? !enabled.count(code) : disabled.count(code) > 0;
    }
  };
  struct Checkpoint {
    uint32_t fromLine;
    State state;
  };

  static std::vector<std::string> splitWords(std::string_view text) {
    std::vector<std::string> words;
    auto separator = [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',';
    };
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && separator(text[i]))
        ++i;
      size_t start = i;
      while (i < text.size() && !separator(text[i]))
        ++i;
      if (i > start)
        words.emplace_back(text.substr(start, i - start));
    }
    return words;
  }

  std::vector<std::set<std::string>> fileWide_;
  std::vector<std::pair<uint32_t, std::set<std::string>>> nextLine_;
  std::vector<Checkpoint> checkpoints_;
};

/// `invalid-utf8`: the first byte that is not UTF-8 (one diagnostic: after it, ranges may be
/// off anyway).
void checkEncoding(const Document& document, std::vector<Diagnostic>& out) {
  auto bad = document.firstInvalidUtf8();
  if (!bad)
    return;
  Diagnostic diagnostic;
  diagnostic.range = {*bad, *bad + 1};
  diagnostic.severity = core::Severity::Warning;
  diagnostic.code = "invalid-utf8";
  diagnostic.message =
      "Invalid UTF-8 byte; the file should be saved as UTF-8 (ranges after it may be off)";
  out.push_back(std::move(diagnostic));
}

bool stopsAnalysis(const Diagnostic& problem) {
  return problem.code == "binary-file" || problem.code == "file-too-large";
}

} // namespace

std::vector<Diagnostic> diagnose(const Document& document, const CheckContext& context) {
  std::vector<Diagnostic> found = document.problems;
  bool analysable = std::none_of(found.begin(), found.end(), stopsAnalysis);
  if (analysable)
    checkEncoding(document, found);
  if (analysable && context.currentProgressBlock) {
    checkStaleProgress(document, context, found);
  } else if (analysable && context.schema) {
    checkMetadata(document, context, found);
    checkBody(document, context, found);
    checkLevelContinuity(document, context, found);
  }

  Suppressions suppressions(document);
  std::vector<Diagnostic> kept;
  kept.reserve(found.size());
  for (auto& diagnostic : found) {
    if (suppressions.suppresses(diagnostic, document.lines().lineOf(diagnostic.range.begin)))
      continue;
    if (auto override = context.severityOverrides.find(diagnostic.code);
        override != context.severityOverrides.end()) {
      if (!override->second)
        continue;
      diagnostic.severity = *override->second;
    }
    kept.push_back(std::move(diagnostic));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.range.begin != b.range.begin)
      return a.range.begin < b.range.begin;
    return a.range.end < b.range.end;
  });
  return kept;
}

std::string ruleDocumentationUrl(std::string_view code) {
  return std::string(SESSION_LSP_RULES_URL) + std::string(code) + ".md";
}

} // namespace session::features
