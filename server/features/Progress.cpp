#include "server/features/Progress.h"

#include "server/core/Text.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace session::features {

namespace {

/// SPEC §3.1 "Sessions in order": date, then start time, then file name.
bool sessionBefore(const ProgressSession& a, const ProgressSession& b) {
  return std::tie(a.date, a.startTime, a.path) < std::tie(b.date, b.startTime, b.path);
}

ProgressSession toProgressSession(const std::string& path, const core::SessionFacts& facts) {
  return {path,         facts.date,        facts.startTime,  facts.track,
          facts.topic,  facts.levelBefore, facts.levelAfter, facts.durationMinutes,
          facts.status, facts.verification};
}

int levelRank(const std::vector<std::string>& levels, std::string_view level) {
  auto found = std::find(levels.begin(), levels.end(), level);
  return found == levels.end() ? -1 : static_cast<int>(found - levels.begin());
}

/// The level path of \p sessions[0, count) (see ModuleProgress::levelPath).
std::vector<LevelPoint> levelPathOf(const std::vector<ProgressSession>& sessions, size_t count,
                                    const std::vector<std::string>& levels) {
  std::vector<LevelPoint> path;
  auto step = [&](const std::string& date, const std::string& level) {
    if (levelRank(levels, level) >= 0 && (path.empty() || path.back().level != level))
      path.push_back({date, level});
  };
  for (size_t i = 0; i < count && i < sessions.size(); ++i) {
    step(sessions[i].date, sessions[i].levelBefore);
    step(sessions[i].date, sessions[i].levelAfter);
  }
  return path;
}

bool isHighSeverity(std::string_view severity) {
  return equalsIgnoreCase(severity, "H") || equalsIgnoreCase(severity, "High");
}

std::vector<OpenRisk> openRisksOf(
    const std::vector<std::pair<const ProgressSession*, const core::SessionFacts*>>& ordered) {
  std::vector<OpenRisk> open;
  std::map<std::string, size_t> indexByKey;
  for (const auto& [session, facts] : ordered) {
    for (const auto& risk : facts->risks) {
      std::string key = toLower(trim(risk.text));
      auto known = indexByKey.find(key);
      if (!isHighSeverity(risk.severity)) {
        // Recorded again with a lower severity: no longer a high risk.
        if (known != indexByKey.end()) {
          size_t removed = known->second;
          open.erase(open.begin() + static_cast<std::ptrdiff_t>(removed));
          indexByKey.erase(known);
          for (auto& entry : indexByKey)
            if (entry.second > removed)
              --entry.second;
        }
        continue;
      }
      OpenRisk entry{risk.text, risk.mitigation, session->date, session->path};
      if (known == indexByKey.end()) {
        indexByKey.emplace(key, open.size());
        open.push_back(std::move(entry));
      } else {
        if (entry.mitigation.empty())
          entry.mitigation = open[known->second].mitigation;
        open[known->second] = std::move(entry);
      }
    }
  }
  return open;
}

std::string levelsJoined(const std::vector<LevelPoint>& path, bool withDates) {
  std::string text;
  for (const LevelPoint& point : path) {
    if (!text.empty())
      text += " → ";
    text += point.level;
    if (withDates)
      text += " (" + point.date + ")";
  }
  return text;
}

std::string pathSoFarText(const std::string& module, const std::vector<ProgressSession>& ordered,
                          size_t index, const std::vector<std::string>& levels) {
  std::string levelsText = levelsJoined(levelPathOf(ordered, index + 1, levels), false);
  std::string session = ordinal(index + 1) + " session";
  return module + ": " + (levelsText.empty() ? session : levelsText + " (" + session + ")");
}

// ---- Dates --------------------------------------------------------------------------------

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long daysFromCivil(long year, unsigned month, unsigned day) {
  year -= month <= 2;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yearOfEra = static_cast<unsigned>(year - era * 400);
  const unsigned dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + static_cast<long>(dayOfEra) - 719468;
}

std::optional<long> dayNumber(std::string_view date) {
  if (!core::isCalendarDate(date))
    return std::nullopt;
  auto number = [&](size_t at, size_t length) {
    long value = 0;
    for (char c : date.substr(at, length))
      value = value * 10 + (c - '0');
    return value;
  };
  return daysFromCivil(number(0, 4), static_cast<unsigned>(number(5, 2)),
                       static_cast<unsigned>(number(8, 2)));
}

// ---- Markdown -----------------------------------------------------------------------------

std::string cell(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|' && !escaped.ends_with('\\')) // a cell's `\|` is already escaped
      escaped += "\\|";
    else if (c == '\n' || c == '\r')
      escaped += ' ';
    else
      escaped += c;
  }
  return escaped.empty() ? "—" : escaped;
}

std::string pathLink(std::string_view path, std::string_view shown) {
  std::string target = "/" + std::string(path);
  if (target.find_first_of(" ()<>") != std::string::npos)
    target = "<" + target + ">";
  return "[" + std::string(shown) + "](" + target + ")";
}

std::string orDash(std::string_view text) {
  return text.empty() ? "—" : "`" + std::string(text) + "`";
}

void renderSummaryTable(const ProgressReport& report, std::string& out) {
  out += "| Track | Module | Level | Sessions | Minutes | Last studied | Status | Verification |\n";
  out += "| ----- | ------ | ----- | -------: | ------: | ------------ | ------ | ------------ |\n";
  for (const TrackProgress& track : report.tracks)
    for (const ModuleProgress& module : track.modules)
      out += "| " + cell(track.track) + " | " + cell(module.module) + " | " +
             cell(module.latestLevel) + " | " + std::to_string(module.sessionCount) + " | " +
             std::to_string(module.totalMinutes) + " | " + cell(module.lastStudied) + " | " +
             cell(module.latestStatus) + " | " + cell(module.latestVerification) + " |\n";
}

void renderModule(const ModuleProgress& module, std::string& out) {
  out += "### " + module.module + "\n\n";
  out += "* **Level path:** " +
         (module.levelPath.empty() ? std::string("—") : levelsJoined(module.levelPath, true)) +
         "\n";
  const ProgressSession& first = module.sessions.front();
  const ProgressSession& last = module.sessions.back();
  out += "* **Sessions:** " + std::to_string(module.sessionCount) + " (" +
         std::to_string(module.totalMinutes) + " min), " +
         (first.date == last.date ? first.date : first.date + " to " + last.date) + "\n";
  out += "* **Latest:** " + last.date + ", status " + orDash(module.latestStatus) +
         ", verification " + orDash(module.latestVerification) + " (" +
         pathLink(last.path, last.path.substr(last.path.rfind('/') + 1)) + ")\n";
  if (module.tracks.size() > 1) {
    std::string tracks;
    for (const std::string& track : module.tracks)
      tracks += (tracks.empty() ? "" : ", ") + (track.empty() ? std::string("—") : track);
    out += "* **Tracks:** " + tracks + "\n";
  }
  out += "* **Evidence:**";
  if (module.evidence.empty())
    out += " none";
  for (size_t i = 0; i < module.evidence.size(); ++i)
    out += (i == 0 ? " " : ", ") + pathLink(module.evidence[i], module.evidence[i]);
  out += "\n";
  out += "* **Open high risks:**";
  if (module.openRisks.empty())
    out += " none\n";
  else
    out += "\n";
  for (const OpenRisk& risk : module.openRisks) {
    out += "  * " + risk.text;
    if (!risk.mitigation.empty())
      out += " — fix plan: " + risk.mitigation;
    out += " (" + risk.date + ")\n";
  }
  out += "\n";
}

} // namespace

std::string ordinal(size_t number) {
  const char* suffix = "th";
  if (number % 100 < 11 || number % 100 > 13) {
    switch (number % 10) {
    case 1:
      suffix = "st";
      break;
    case 2:
      suffix = "nd";
      break;
    case 3:
      suffix = "rd";
      break;
    default:
      break;
    }
  }
  return std::to_string(number) + suffix;
}

std::optional<int> daysBetween(std::string_view from, std::string_view to) {
  auto begin = dayNumber(from);
  auto end = dayNumber(to);
  if (!begin || !end)
    return std::nullopt;
  return static_cast<int>(*end - *begin);
}

ProgressReport buildProgressReport(
    const std::vector<std::pair<std::string, std::optional<core::SessionFacts>>>& sessions,
    std::string_view today, int staleAfterDays, const std::vector<std::string>& levels) {
  ProgressReport report;
  report.today = std::string(today);
  report.staleAfterDays = staleAfterDays;
  report.levels = levels;

  // module → (session, facts), then ordered.
  std::map<std::string, std::vector<std::pair<ProgressSession, const core::SessionFacts*>>>
      byModule;
  for (const auto& [path, facts] : sessions) {
    if (!facts || facts->module.empty() || !core::isCalendarDate(facts->date)) {
      report.skipped.push_back(path);
      continue;
    }
    byModule[facts->module].emplace_back(toProgressSession(path, *facts), &*facts);
    ++report.sessionCount;
  }
  std::sort(report.skipped.begin(), report.skipped.end());

  std::map<std::string, std::vector<ModuleProgress>> byTrack;
  for (auto& [name, entries] : byModule) {
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return sessionBefore(a.first, b.first); });
    ModuleProgress module;
    module.module = name;
    std::set<std::string> evidence, tracks;
    std::vector<std::pair<const ProgressSession*, const core::SessionFacts*>> ordered;
    module.sessions.reserve(entries.size());
    for (auto& [session, facts] : entries) {
      module.totalMinutes += session.durationMinutes.value_or(0);
      tracks.insert(session.track);
      evidence.insert(facts->evidence.begin(), facts->evidence.end());
      module.sessions.push_back(std::move(session));
    }
    for (size_t i = 0; i < entries.size(); ++i)
      ordered.emplace_back(&module.sessions[i], entries[i].second);
    module.sessionCount = module.sessions.size();
    module.levelPath = levelPathOf(module.sessions, module.sessions.size(), levels);
    module.latestLevel = module.levelPath.empty() ? std::string() : module.levelPath.back().level;
    const ProgressSession& last = module.sessions.back();
    module.track = last.track;
    module.latestStatus = last.status;
    module.latestVerification = last.verification;
    module.lastStudied = last.date;
    module.tracks.assign(tracks.begin(), tracks.end());
    module.evidence.assign(evidence.begin(), evidence.end());
    module.openRisks = openRisksOf(ordered);

    if (auto days = daysBetween(module.lastStudied, today); days && *days >= staleAfterDays)
      report.reviewQueue.push_back(
          {module.module, module.track, module.lastStudied, *days, module.latestLevel});
    std::string track = module.track;
    byTrack[track].push_back(std::move(module));
  }
  for (auto& [track, modules] : byTrack)
    report.tracks.push_back({track, std::move(modules)}); // modules already sorted by name

  std::sort(report.reviewQueue.begin(), report.reviewQueue.end(),
            [&](const ReviewItem& a, const ReviewItem& b) {
              return std::make_tuple(a.lastStudied, levelRank(levels, a.latestLevel), a.module) <
                     std::make_tuple(b.lastStudied, levelRank(levels, b.latestLevel), b.module);
            });
  return report;
}

ProgressReport buildProgressReport(const core::Workspace& workspace, std::string_view today) {
  std::vector<std::pair<std::string, std::optional<core::SessionFacts>>> sessions;
  sessions.reserve(workspace.sessionCount());
  for (const auto& [path, facts] : workspace.sessions())
    sessions.emplace_back(path, facts);
  return buildProgressReport(sessions, today, static_cast<int>(workspace.settings().staleAfterDays),
                             workspace.schema()->levels());
}

std::string renderProgressMarkdown(const ProgressReport& report, ProgressMarkdown kind) {
  std::string out;
  size_t moduleCount = 0;
  for (const TrackProgress& track : report.tracks)
    moduleCount += track.modules.size();
  if (kind == ProgressMarkdown::Report) {
    out += "# Progress report\n\n";
    out += "As of " + report.today + ": ";
  } else {
    out += "Generated by `session-lsp report --write` from the sessions; edits between the "
           "markers are replaced.\n\n";
    out += "In total: ";
  }
  out += std::to_string(report.sessionCount) + " session" + (report.sessionCount == 1 ? "" : "s") +
         ", " + std::to_string(moduleCount) + " module" + (moduleCount == 1 ? "" : "s") + ", " +
         std::to_string(report.tracks.size()) + " track" + (report.tracks.size() == 1 ? "" : "s") +
         ".\n\n";
  if (moduleCount == 0) {
    out += "No sessions yet.\n";
  } else {
    renderSummaryTable(report, out);
    out += "\n";
    for (const TrackProgress& track : report.tracks) {
      out += "## " + (track.track.empty() ? std::string("(no track)") : track.track) + "\n\n";
      for (const ModuleProgress& module : track.modules)
        renderModule(module, out);
    }
  }
  if (kind == ProgressMarkdown::Report) {
    if (moduleCount != 0)
      out += "## Review queue\n\n";
    else
      out += "\n## Review queue\n\n";
    std::string days = std::to_string(report.staleAfterDays);
    if (report.reviewQueue.empty()) {
      out += "Nothing to review: no module has gone " + days + " days or more without a session.\n";
    } else {
      out += "Modules not studied for " + days + " days or more, oldest and weakest first.\n\n";
      out += "| Module | Track | Last studied | Days | Level |\n";
      out += "| ------ | ----- | ------------ | ---: | ----- |\n";
      for (const ReviewItem& item : report.reviewQueue)
        out += "| " + cell(item.module) + " | " + cell(item.track) + " | " + item.lastStudied +
               " | " + std::to_string(item.daysSince) + " | " + cell(item.latestLevel) + " |\n";
    }
    if (!report.skipped.empty()) {
      out += "\n## Skipped sessions\n\nNo module or no valid date (or the metadata does not "
             "parse):\n\n";
      for (const std::string& path : report.skipped)
        out += "* " + pathLink(path, path) + "\n";
    }
  }
  // One trailing newline, whatever the last part wrote.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

std::optional<std::string> modulePathSoFar(const ProgressReport& report,
                                           std::string_view workspacePath) {
  for (const TrackProgress& track : report.tracks)
    for (const ModuleProgress& module : track.modules)
      for (size_t i = 0; i < module.sessions.size(); ++i)
        if (module.sessions[i].path == workspacePath)
          return pathSoFarText(module.module, module.sessions, i, report.levels);
  return std::nullopt;
}

std::optional<std::string> modulePathSoFar(const core::Workspace& workspace,
                                           std::string_view workspacePath) {
  const auto& index = workspace.sessions();
  auto self = index.find(workspacePath);
  if (self == index.end() || self->second.module.empty() ||
      !core::isCalendarDate(self->second.date))
    return std::nullopt;
  std::vector<ProgressSession> ordered;
  for (const std::string& path : workspace.sessionsOnModule(self->second.module)) {
    auto found = index.find(path);
    if (found != index.end() && core::isCalendarDate(found->second.date))
      ordered.push_back(toProgressSession(path, found->second));
  }
  std::sort(ordered.begin(), ordered.end(), sessionBefore);
  for (size_t i = 0; i < ordered.size(); ++i)
    if (ordered[i].path == workspacePath)
      return pathSoFarText(self->second.module, ordered, i, workspace.schema()->levels());
  return std::nullopt;
}

} // namespace session::features
