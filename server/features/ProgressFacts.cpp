#include "server/features/ProgressFacts.h"

#include "server/features/EvidencePaths.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <charconv>

namespace session::features {

namespace {

bool isMarkupOrBlank(char c) {
  return c == '*' || c == '_' || c == '`' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view unwrapped(std::string_view text) {
  while (!text.empty() && isMarkupOrBlank(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isMarkupOrBlank(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string withoutComments(std::string_view text) {
  std::string kept;
  for (size_t at = 0; at < text.size();) {
    size_t open = text.find("<!--", at);
    kept.append(text.substr(at, open == std::string_view::npos ? open : open - at));
    if (open == std::string_view::npos)
      break;
    size_t close = text.find("-->", open + 4);
    at = close == std::string_view::npos ? text.size() : close + 3;
  }
  return kept;
}

/// The enum part of a body value as the rules read it (SPEC §3.1 "Body enums"): the text
/// before ` — `, ` – `, ` - `, `,` or `(`, without comments and emphasis; in the template's
/// spelling when it is one of \p values, else as written.
std::string bodyEnumValue(std::string_view raw, const std::vector<std::string>& values) {
  std::string text = withoutComments(raw);
  std::string_view view = text;
  size_t start = view.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos)
    return {};
  size_t cut = view.size();
  for (std::string_view separator : {" — ", " – ", " - ", ",", "("})
    cut = std::min(cut, view.find(separator, start));
  std::string_view part = unwrapped(view.substr(start, cut - start));
  if (part.empty())
    part = unwrapped(view);
  for (const std::string& value : values)
    if (equalsIgnoreCase(value, part))
      return value;
  return std::string(part);
}

std::string scalarOf(const core::YamlNode& node) {
  return node.kind == core::YamlNode::Kind::Scalar ? node.scalar : std::string();
}

std::optional<int> nonNegativeInteger(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0)
    return std::nullopt;
  return value;
}

/// The verification status enum: the bullet enum whose values include `Passed` (`Status`).
const core::BulletEnumSpec* statusEnum(const core::Schema& schema) {
  for (const core::BulletEnumSpec& spec : schema.bulletEnums)
    for (const std::string& value : spec.values)
      if (equalsIgnoreCase(value, "Passed"))
        return &spec;
  return nullptr;
}

/// The `5.2 Result` subsection of the first `5)` section (the one holding the status bullet in
/// the template), or null.
const core::Section* resultSubsection(const core::Document& document, const core::Schema& schema,
                                      const core::BulletEnumSpec* status) {
  for (const PresentSection& present : firstCopies(document, schema))
    for (const core::Section& subsection : present.section->subsections) {
      const core::SectionSpec* spec = matchSubsection(*present.spec, subsection);
      if (!spec)
        continue;
      if (spec->key == "5.2 result" || (status && holdsBoldLabel(spec->skeleton, status->label)))
        return &subsection;
    }
  return nullptr;
}

std::string verificationOf(const core::Document& document, const core::Schema& schema) {
  const core::BulletEnumSpec* status = statusEnum(schema);
  const core::Section* result = resultSubsection(document, schema, status);
  if (!result)
    return {};
  std::string_view label = status ? std::string_view(status->label) : "Status";
  for (const core::LabelledBullet& bullet : document.bullets)
    if (bullet.lineRange.begin >= result->range.begin &&
        bullet.lineRange.begin < result->range.end && equalsIgnoreCase(bullet.label, label))
      return bodyEnumValue(bullet.value, status ? status->values : std::vector<std::string>{});
  return {};
}

void collectEvidence(const core::Document& document, std::string_view workspacePath,
                     std::vector<std::string>& out) {
  const auto* targets = document.metadata.find("evidence_targets");
  if (!targets || targets->value.kind != core::YamlNode::Kind::Mapping)
    return;
  for (std::string_view list : {"tracks", "lab"}) {
    const auto* entry = core::findEntry(targets->value.entries, list);
    if (!entry)
      continue;
    auto add = [&](const core::YamlNode& item) {
      std::string path = evidencePathForProgress(workspacePath, scalarOf(item));
      if (!path.empty())
        out.push_back(std::move(path));
    };
    if (entry->value.kind == core::YamlNode::Kind::Sequence)
      for (const auto& item : entry->value.items)
        add(item);
    else
      add(entry->value);
  }
}

bool isMitigationHeader(std::string_view header) {
  std::string lower = toLower(header);
  return lower.find("fix") != std::string::npos || lower.find("mitigation") != std::string::npos;
}

/// Rows of every table with a non-level enum column named `Severity` (the risk register).
void collectRisks(const core::Document& document, const core::Schema& schema,
                  std::vector<core::SessionFacts::Risk>& out) {
  for (const core::Table& table : document.tables) {
    std::optional<size_t> severityColumn, mitigationColumn;
    const core::TableColumnEnumSpec* severitySpec = nullptr;
    for (size_t column = 0; column < table.header.size(); ++column) {
      const std::string& header = table.header[column].text;
      // Looked up only while no severity column is found: the lookup is the costly part.
      const core::TableColumnEnumSpec* spec =
          severityColumn ? nullptr : schema.tableColumnEnum(header);
      if (!severityColumn && spec && !spec->levels && equalsIgnoreCase(spec->header, "Severity")) {
        severityColumn = column;
        severitySpec = spec;
      } else if (!mitigationColumn && column > 0 && isMitigationHeader(header)) {
        mitigationColumn = column;
      }
    }
    if (!severityColumn || *severityColumn == 0)
      continue; // the first column names the risk
    for (const auto& row : table.rows) {
      if (row.size() <= *severityColumn)
        continue;
      core::SessionFacts::Risk risk;
      risk.text = std::string(unwrapped(withoutComments(row[0].text)));
      risk.severity = bodyEnumValue(row[*severityColumn].text, severitySpec->values);
      if (mitigationColumn && *mitigationColumn < row.size())
        risk.mitigation = std::string(trim(withoutComments(row[*mitigationColumn].text)));
      if (!risk.text.empty() && !risk.severity.empty())
        out.push_back(std::move(risk));
    }
  }
}

} // namespace

std::string evidencePathForProgress(std::string_view fromFile, std::string_view target) {
  target = trim(target);
  if (!looksLikePath(target))
    return {};
  std::vector<std::string> tried = workspaceCandidates(fromFile, target);
  if (tried.empty())
    return {};
  bool fileRelative = target.starts_with("./") || target.starts_with("../");
  std::string path = std::move(fileRelative ? tried.front() : tried.back());
  // `tracks/x/` and `tracks/x` name the same folder.
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  return path == "." ? std::string() : path;
}

void addProgressFacts(const core::Document& document, const core::Schema& schema,
                      std::string_view workspacePath, core::SessionFacts& facts) {
  if (const auto* duration = document.metadata.find("duration_min"))
    facts.durationMinutes = nonNegativeInteger(scalarOf(duration->value));
  if (const auto* status = document.metadata.find("status"))
    facts.status = scalarOf(status->value);
  facts.verification = verificationOf(document, schema);
  collectEvidence(document, workspacePath, facts.evidence);
  collectRisks(document, schema, facts.risks);
}

} // namespace session::features
