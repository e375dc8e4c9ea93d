// `session-lsp report --format html`: one page that opens from disk in any browser. Inline CSS,
// an inline SVG line chart per module (x: date, y: level), no scripts, no fonts or images
// fetched: nothing leaves the machine.
#include "server/cli/ReportFormats.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace session::cli {

namespace {

using features::ModuleProgress;
using features::ProgressReport;

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// An `id` for a module's card: blanks and markup characters become `-` (ids hold no spaces).
std::string anchorOf(std::string_view module) {
  std::string id = "module-";
  for (char c : module)
    id += (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '&' ||
           c == '#' || c == '%')
              ? '-'
              : c;
  return id;
}

std::string orDash(std::string_view text) {
  return text.empty() ? "—" : escaped(text);
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

constexpr std::string_view kStyle = R"(
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: #1f2328; background: #fff; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; }
.muted { color: #656d76; }
.module { display: flex; flex-wrap: wrap; gap: 1rem 2rem; border: 1px solid #d0d7de;
          border-radius: 6px; padding: .8rem 1rem; margin: .8rem 0; }
.module .facts { flex: 1 1 22rem; min-width: 18rem; }
.module dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: 0; }
.module dt { font-weight: 600; }
.module dd { margin: 0; }
svg.chart { flex: 0 0 auto; background: #fbfcfd; border: 1px solid #eaeef2; border-radius: 4px; }
svg.chart .grid { stroke: #eaeef2; stroke-width: 1; }
svg.chart .axis { fill: #656d76; font-size: 11px; }
svg.chart .line { fill: none; stroke: #0969da; stroke-width: 2; }
svg.chart .point { fill: #0969da; }
svg.chart .label { fill: #1f2328; font-size: 11px; font-weight: 600; }
.verification-Passed { color: #1a7f37; font-weight: 600; }
.verification-Failed { color: #cf222e; font-weight: 600; }
ul.risks { margin: 0; padding-left: 1.1rem; }
)";

constexpr double kWidth = 520, kHeight = 210;
constexpr double kLeft = 44, kRight = 24, kTop = 18, kBottom = 48;
/// Space between the first/last date and the plot's edges, so a rotated date label fits.
constexpr double kInset = 28;

/// The module's level path as a line chart: x the date, y the level (the level enum's order).
std::string chart(const ModuleProgress& module, const std::vector<std::string>& levels) {
  std::string svg = "<svg class=\"chart\" role=\"img\" width=\"" + number(kWidth) + "\" height=\"" +
                    number(kHeight) + "\" viewBox=\"0 0 " + number(kWidth) + " " + number(kHeight) +
                    "\" aria-label=\"" + escaped(module.module) + " level over time\">";
  svg += "<title>" + escaped(module.module) + ": level over time</title>";
  const double plotWidth = kWidth - kLeft - kRight, plotHeight = kHeight - kTop - kBottom;
  const size_t levelCount = std::max<size_t>(levels.size(), 2);
  auto yOf = [&](size_t rank) {
    return kTop + plotHeight * (1.0 - static_cast<double>(rank) / double(levelCount - 1));
  };
  for (size_t rank = 0; rank < levels.size(); ++rank) {
    std::string y = number(yOf(rank));
    svg += "<line class=\"grid\" x1=\"" + number(kLeft) + "\" y1=\"" + y + "\" x2=\"" +
           number(kWidth - kRight) + "\" y2=\"" + y + "\"/>";
    svg += "<text class=\"axis\" x=\"" + number(kLeft - 8) + "\" y=\"" + number(yOf(rank) + 4) +
           "\" text-anchor=\"end\">" + escaped(levels[rank]) + "</text>";
  }
  if (module.levelPath.empty()) {
    svg += "<text class=\"axis\" x=\"" + number(kLeft + plotWidth / 2) + "\" y=\"" +
           number(kTop + plotHeight / 2) + "\" text-anchor=\"middle\">no valid levels</text>";
    return svg + "</svg>";
  }
  const std::string& firstDate = module.levelPath.front().date;
  const int span = features::daysBetween(firstDate, module.levelPath.back().date).value_or(0);
  auto xOf = [&](const std::string& date) {
    if (span <= 0)
      return kLeft + plotWidth / 2;
    return kLeft + kInset +
           (plotWidth - 2 * kInset) * features::daysBetween(firstDate, date).value_or(0) /
               double(span);
  };
  auto rankOf = [&](const std::string& level) {
    return static_cast<size_t>(std::find(levels.begin(), levels.end(), level) - levels.begin());
  };
  // Date labels under the axis: every date when there are few, else the first and the last.
  std::set<std::string> dates;
  for (const auto& point : module.levelPath)
    dates.insert(point.date);
  if (dates.size() > 6)
    dates = {*dates.begin(), *dates.rbegin()};
  for (const std::string& date : dates) {
    std::string x = number(xOf(date)), y = number(kHeight - kBottom + 14);
    svg += "<text class=\"axis\" x=\"" + x + "\" y=\"" + y +
           "\" text-anchor=\"end\" transform=\"rotate(-30 " + x + " " + y + ")\">" + escaped(date) +
           "</text>";
  }
  std::string points;
  for (const auto& point : module.levelPath)
    points += (points.empty() ? "" : " ") + number(xOf(point.date)) + "," +
              number(yOf(rankOf(point.level)));
  svg += "<polyline class=\"line\" points=\"" + points + "\"/>";
  for (size_t i = 0; i < module.levelPath.size(); ++i) {
    const auto& point = module.levelPath[i];
    double x = xOf(point.date), y = yOf(rankOf(point.level));
    svg += "<circle class=\"point\" cx=\"" + number(x) + "\" cy=\"" + number(y) +
           "\" r=\"4\"><title>" + escaped(point.date + ": " + point.level) + "</title></circle>";
    // Two points on one date (a change within a session, drawn as a vertical step): the first
    // one's label stands beside it, clear of the step.
    bool sameDateAsNext =
        i + 1 < module.levelPath.size() && module.levelPath[i + 1].date == point.date;
    svg += "<text class=\"label\" x=\"" + number(x + 7) + "\" y=\"" +
           number(sameDateAsNext ? y + 4 : y - 7) + "\">" + escaped(point.level) + "</text>";
  }
  return svg + "</svg>";
}

std::string moduleCard(const ModuleProgress& module, const std::vector<std::string>& levels) {
  std::string html = "<article class=\"module\" id=\"" + anchorOf(module.module) + "\">";
  html += chart(module, levels);
  html += "<div class=\"facts\"><h3>" + escaped(module.module) + "</h3><dl>";
  std::string path;
  for (const auto& point : module.levelPath)
    path += (path.empty() ? "" : " → ") + escaped(point.level) + " <span class=\"muted\">(" +
            escaped(point.date) + ")</span>";
  html += "<dt>Level path</dt><dd>" + (path.empty() ? std::string("—") : path) + "</dd>";
  html += "<dt>Sessions</dt><dd>" + std::to_string(module.sessionCount) + " (" +
          std::to_string(module.totalMinutes) + " min)</dd>";
  html += "<dt>Last studied</dt><dd>" + escaped(module.lastStudied) + "</dd>";
  html += "<dt>Status</dt><dd>" + orDash(module.latestStatus) + "</dd>";
  html += "<dt>Verification</dt><dd class=\"verification-" + escaped(module.latestVerification) +
          "\">" + orDash(module.latestVerification) + "</dd>";
  html += "<dt>Evidence</dt><dd>";
  if (module.evidence.empty())
    html += "none";
  for (size_t i = 0; i < module.evidence.size(); ++i)
    html += (i == 0 ? "<code>" : ", <code>") + escaped(module.evidence[i]) + "</code>";
  html += "</dd><dt>Open high risks</dt><dd>";
  if (module.openRisks.empty()) {
    html += "none";
  } else {
    html += "<ul class=\"risks\">";
    for (const auto& risk : module.openRisks) {
      html += "<li>" + escaped(risk.text);
      if (!risk.mitigation.empty())
        html += " — fix plan: " + escaped(risk.mitigation);
      html += " <span class=\"muted\">(" + escaped(risk.date) + ")</span></li>";
    }
    html += "</ul>";
  }
  html += "</dd></dl></div></article>\n";
  return html;
}

} // namespace

std::string renderProgressHtml(const ProgressReport& report) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>Progress report — " + escaped(report.today) + "</title>\n";
  html += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  html += "<h1>Progress report</h1>\n";
  size_t moduleCount = 0;
  for (const auto& track : report.tracks)
    moduleCount += track.modules.size();
  html += "<p class=\"muted\">As of " + escaped(report.today) + ": " +
          std::to_string(report.sessionCount) + " sessions, " + std::to_string(moduleCount) +
          " modules, " + std::to_string(report.tracks.size()) + " tracks.</p>\n";
  if (moduleCount == 0)
    html += "<p>No sessions yet.</p>\n";
  else {
    html += "<table class=\"summary\"><thead><tr><th>Track</th><th>Module</th><th>Level</th>"
            "<th>Sessions</th><th>Minutes</th><th>Last studied</th><th>Status</th>"
            "<th>Verification</th></tr></thead><tbody>\n";
    for (const auto& track : report.tracks)
      for (const auto& module : track.modules)
        html += "<tr><td>" + orDash(track.track) + "</td><td><a href=\"#" +
                anchorOf(module.module) + "\">" + escaped(module.module) + "</a></td><td>" +
                orDash(module.latestLevel) + "</td><td class=\"num\">" +
                std::to_string(module.sessionCount) + "</td><td class=\"num\">" +
                std::to_string(module.totalMinutes) + "</td><td>" + escaped(module.lastStudied) +
                "</td><td>" + orDash(module.latestStatus) + "</td><td>" +
                orDash(module.latestVerification) + "</td></tr>\n";
    html += "</tbody></table>\n";
  }
  for (const auto& track : report.tracks) {
    html += "<section class=\"track\">\n<h2>" +
            (track.track.empty() ? std::string("(no track)") : escaped(track.track)) + "</h2>\n";
    for (const auto& module : track.modules)
      html += moduleCard(module, report.levels);
    html += "</section>\n";
  }
  html += "<section class=\"review\">\n<h2>Review queue</h2>\n";
  if (report.reviewQueue.empty()) {
    html += "<p>Nothing to review: no module has gone " + std::to_string(report.staleAfterDays) +
            " days or more without a session.</p>\n";
  } else {
    html += "<p class=\"muted\">Modules not studied for " + std::to_string(report.staleAfterDays) +
            " days or more, oldest and weakest first.</p>\n<table><thead><tr><th>Module</th>"
            "<th>Track</th><th>Last studied</th><th>Days</th><th>Level</th></tr></thead><tbody>\n";
    for (const auto& item : report.reviewQueue)
      html += "<tr><td>" + escaped(item.module) + "</td><td>" + orDash(item.track) + "</td><td>" +
              escaped(item.lastStudied) + "</td><td class=\"num\">" +
              std::to_string(item.daysSince) + "</td><td>" + orDash(item.latestLevel) +
              "</td></tr>\n";
    html += "</tbody></table>\n";
  }
  html += "</section>\n";
  if (!report.skipped.empty()) {
    html += "<section class=\"skipped\">\n<h2>Skipped sessions</h2>\n<p class=\"muted\">No "
            "module or no valid date (or the metadata does not parse).</p>\n<ul>\n";
    for (const auto& path : report.skipped)
      html += "<li><code>" + escaped(path) + "</code></li>\n";
    html += "</ul>\n</section>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

} // namespace session::cli
