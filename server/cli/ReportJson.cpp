// `session-lsp report --format json`: see docs/report-schema.md. Empty values are `null`, so a
// reader can tell "not recorded" from a value.
#include "server/cli/ReportFormats.h"

#include <nlohmann/json.hpp>

namespace session::cli {

using json = nlohmann::ordered_json;

namespace {

json orNull(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

json sessionJson(const features::ProgressSession& session) {
  return {
      {"path", session.path},
      {"date", session.date},
      {"startTime", orNull(session.startTime)},
      {"track", orNull(session.track)},
      {"topic", orNull(session.topic)},
      {"levelBefore", orNull(session.levelBefore)},
      {"levelAfter", orNull(session.levelAfter)},
      {"durationMinutes", session.durationMinutes ? json(*session.durationMinutes) : json(nullptr)},
      {"status", orNull(session.status)},
      {"verification", orNull(session.verification)}};
}

json moduleJson(const features::ModuleProgress& module) {
  json levelPath = json::array();
  for (const auto& point : module.levelPath)
    levelPath.push_back({{"date", point.date}, {"level", point.level}});
  json sessions = json::array();
  for (const auto& session : module.sessions)
    sessions.push_back(sessionJson(session));
  json risks = json::array();
  for (const auto& risk : module.openRisks)
    risks.push_back({{"text", risk.text},
                     {"mitigation", orNull(risk.mitigation)},
                     {"date", risk.date},
                     {"session", risk.session}});
  return {{"module", module.module},
          {"track", orNull(module.track)},
          {"tracks", module.tracks},
          {"sessionCount", module.sessionCount},
          {"totalMinutes", module.totalMinutes},
          {"latestLevel", orNull(module.latestLevel)},
          {"latestStatus", orNull(module.latestStatus)},
          {"latestVerification", orNull(module.latestVerification)},
          {"lastStudied", module.lastStudied},
          {"levelPath", std::move(levelPath)},
          {"sessions", std::move(sessions)},
          {"evidence", module.evidence},
          {"openRisks", std::move(risks)}};
}

} // namespace

std::string renderProgressJson(const features::ProgressReport& report) {
  json tracks = json::array();
  for (const auto& track : report.tracks) {
    json modules = json::array();
    for (const auto& module : track.modules)
      modules.push_back(moduleJson(module));
    tracks.push_back({{"track", orNull(track.track)}, {"modules", std::move(modules)}});
  }
  json queue = json::array();
  for (const auto& item : report.reviewQueue)
    queue.push_back({{"module", item.module},
                     {"track", orNull(item.track)},
                     {"lastStudied", item.lastStudied},
                     {"daysSince", item.daysSince},
                     {"latestLevel", orNull(item.latestLevel)}});
  json root = {{"schemaVersion", 1},
               {"today", report.today},
               {"staleAfterDays", report.staleAfterDays},
               {"sessionCount", report.sessionCount},
               {"levels", report.levels},
               {"tracks", std::move(tracks)},
               {"reviewQueue", std::move(queue)},
               {"skipped", report.skipped}};
  return root.dump(2) + "\n";
}

} // namespace session::cli
