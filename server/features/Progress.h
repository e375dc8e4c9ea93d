// The progress roll-up (SPEC §7, issue 7): per track and module, the level path over time,
// sessions and minutes, the latest status and verification, the evidence filed, the open
// high-severity risks, and the review queue of modules not studied for a while. A pure
// function of the sessions' facts (core::SessionFacts with features::addProgressFacts applied),
// so `session-lsp report`, the generated block of `progress/tech-stack.md` and the editor's
// inlay hint all agree.
#pragma once

#include "server/core/Workspace.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace session::features {

/// One session of a module, in the module's order.
struct ProgressSession {
  std::string path; // workspace-relative
  std::string date;
  std::string startTime;
  std::string track;
  std::string topic;
  std::string levelBefore;
  std::string levelAfter;
  std::optional<int> durationMinutes;
  std::string status;
  std::string verification;
};

/// A point of a level path: the level a module stood at from \p date on.
struct LevelPoint {
  std::string date;
  std::string level;
  bool operator==(const LevelPoint&) const = default;
};

/// An open high-severity risk: the latest wording of a risk that some session on the module
/// recorded with severity H and no later session recorded with a lower severity.
struct OpenRisk {
  std::string text;
  std::string mitigation;
  std::string date;    // of the latest session that recorded it as high
  std::string session; // that session's workspace path
};

struct ModuleProgress {
  std::string module;
  std::string track;                     // the latest session's track
  std::vector<std::string> tracks;       // every track its sessions name, sorted
  std::vector<ProgressSession> sessions; // SPEC §3.1 order: date, start time, file name
  /// The first session's `level_before`, then each level change (a `level_before` that differs
  /// from where the path stands, then the `level_after`), with the session's date; invalid
  /// levels are left out.
  std::vector<LevelPoint> levelPath;
  size_t sessionCount = 0;
  int totalMinutes = 0;              // sum of the known durations
  std::string latestLevel;           // the last valid level of the path (empty when none)
  std::string latestStatus;          // of the last session
  std::string latestVerification;    // of the last session
  std::vector<std::string> evidence; // deduplicated, sorted
  std::vector<OpenRisk> openRisks;   // in the order first recorded
  std::string lastStudied;           // date of the last session
};

struct TrackProgress {
  std::string track;                   // empty for sessions without a track
  std::vector<ModuleProgress> modules; // sorted by module name
};

/// A module due for review: its last session is at least staleAfterDays before today.
struct ReviewItem {
  std::string module;
  std::string track;
  std::string lastStudied;
  int daysSince = 0;
  std::string latestLevel;
};

struct ProgressReport {
  std::string today;
  int staleAfterDays = 30;
  std::vector<TrackProgress> tracks; // sorted by track
  /// Oldest first, then weakest (lowest latest level; no level counts as weakest), then by
  /// module name.
  std::vector<ReviewItem> reviewQueue;
  size_t sessionCount = 0; // sessions that take part
  /// Sessions that take no part (no valid date, or no module), workspace-relative, sorted.
  std::vector<std::string> skipped;
  /// The level enum used for ordering (L0…L5).
  std::vector<std::string> levels;
};

/// Builds the report from every session's facts (nullopt facts: its metadata did not parse).
/// \p today is `YYYY-MM-DD`; \p levels is the schema's level enum (core::Schema::levels()).
ProgressReport buildProgressReport(
    const std::vector<std::pair<std::string, std::optional<core::SessionFacts>>>& sessions,
    std::string_view today, int staleAfterDays, const std::vector<std::string>& levels);

/// The same over the workspace index (its facts must come from an extractor that applies
/// addProgressFacts), with the workspace's staleAfterDays and level enum.
ProgressReport buildProgressReport(const core::Workspace& workspace, std::string_view today);

/// What renderProgressMarkdown() writes.
enum class ProgressMarkdown {
  Report, // `session-lsp report`: a title, every module, the review queue
  Block,  // the generated block of `progress/tech-stack.md`: no title, and nothing that
          // depends on today's date (no review queue), so it changes only when sessions do
};

/// Deterministic markdown (`\n` line endings, ending with one `\n`).
std::string renderProgressMarkdown(const ProgressReport& report,
                                   ProgressMarkdown kind = ProgressMarkdown::Report);

/// The inlay hint after `level_after` (SPEC §4): the module's level path up to and including
/// the session at \p workspacePath, e.g. `vLLM: L0 → L1 → L2 (3rd session)`. Nullopt when the
/// session takes no part (no module or no valid date).
std::optional<std::string> modulePathSoFar(const ProgressReport& report,
                                           std::string_view workspacePath);
/// The same from the workspace index alone (only the sessions on the same module are read).
std::optional<std::string> modulePathSoFar(const core::Workspace& workspace,
                                           std::string_view workspacePath);

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`, `111th` …
std::string ordinal(size_t number);

/// Whole days from \p from to \p to (both `YYYY-MM-DD`); nullopt when either is not a date.
std::optional<int> daysBetween(std::string_view from, std::string_view to);

} // namespace session::features
