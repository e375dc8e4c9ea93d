#include "server/features/Hover.h"

#include "server/features/MetadataCursor.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>

namespace session::features {
namespace {

using core::ByteRange;
using core::Document;
using core::FieldKind;
using core::FieldSpec;
using core::Schema;

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

std::string_view slice(std::string_view text, ByteRange range) {
  return text.substr(range.begin, range.end - range.begin);
}

bool touches(ByteRange range, uint32_t offset) {
  return range.begin <= offset && offset <= range.end;
}

std::string kindDescription(const FieldSpec& field) {
  switch (field.kind) {
  case FieldKind::Date:
    return "a date, `YYYY-MM-DD`";
  case FieldKind::Time:
    return "a 24-hour time, `\"HH:MM\"`";
  case FieldKind::Integer:
    return "a non-negative integer";
  case FieldKind::ClosedEnum:
    return field.ordered ? "a level" : "one of the values below";
  case FieldKind::OpenEnum:
    return "a name; the values below are examples";
  case FieldKind::StringList:
    return "a list of strings";
  case FieldKind::Mapping:
    return "a mapping";
  case FieldKind::MappingList:
    return "a list of mappings";
  default:
    return "text";
  }
}

std::string valueList(const Schema& schema, const std::vector<std::string>& values, bool levels) {
  std::string text;
  for (const auto& value : values) {
    text += "- " + code(value);
    if (levels)
      if (auto meaning = schema.levelMeanings.find(value); meaning != schema.levelMeanings.end())
        text += " — " + meaning->second;
    text += "\n";
  }
  return text;
}

std::string fieldHover(const Schema& schema, const FieldSpec& field, std::string_view path) {
  std::string text = "**" + code(path) + "**";
  text += field.optional ? " (optional)" : " (required)";
  text += ": " + kindDescription(field) + "\n\n";
  if (!field.documentation.empty())
    text += field.documentation + "\n\n";
  if (!field.values.empty())
    text += (field.kind == FieldKind::ClosedEnum ? "Allowed values:\n\n" : "Examples:\n\n") +
            valueList(schema, field.values, field.ordered);
  if (!field.children.empty()) {
    text += "Keys:";
    for (const auto& child : field.children)
      text += " " + code(child.name);
    text += "\n";
  }
  return text;
}

std::string levelHover(const Schema& schema, std::string_view level) {
  auto meaning = schema.levelMeanings.find(std::string(level));
  if (meaning == schema.levelMeanings.end())
    return {};
  return "**" + std::string(level) + "** — " + meaning->second + "\n";
}

struct Topic {
  std::string markdown;
  ByteRange range;
};

std::optional<Topic> metadataTopic(const Document& document, uint32_t offset,
                                   const Schema& schema) {
  auto cursor = metadataCursorAt(document, offset);
  if (!cursor || cursor->fieldPath.empty())
    return std::nullopt;
  const FieldSpec* field = schema.fieldAtPath(cursor->fieldPath);
  if (!field)
    return std::nullopt;
  const auto& line = *cursor->line;
  if (!line.key.empty() && touches(line.keyRange, offset))
    return Topic{fieldHover(schema, *field, cursor->fieldPath), line.keyRange};
  if (!touches(line.valueRange, offset) || line.valueRange.empty())
    return std::nullopt;
  std::string_view value = trim(slice(document.text(), line.valueRange));
  // `level_after: "L3"` is the level L3 too.
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  if (field->ordered)
    if (auto text = levelHover(schema, value); !text.empty())
      return Topic{text, line.valueRange};
  return Topic{fieldHover(schema, *field, cursor->fieldPath), line.valueRange};
}

std::optional<Topic> headingTopic(const Document& document, uint32_t offset, const Schema& schema) {
  auto place = locateSection(document, schema, offset);
  const core::Section* section = place.subsection ? place.subsection : place.section;
  const core::SectionSpec* spec = place.subsection ? place.subsectionSpec : place.sectionSpec;
  // A bare `## ` is a heading still being typed: completion speaks there, not hover.
  if (!section || !touches(section->heading.lineRange, offset) || section->heading.text.empty())
    return std::nullopt;
  if (!spec)
    return Topic{"Not a section of the template.\n", section->heading.textRange};
  std::string text = "**" + spec->headingText + "**\n\n";
  if (spec->mandatory)
    text += "- Mandatory: its absence is an error.\n";
  else if (spec->optional)
    text += "- Optional.\n";
  else
    text += "- Required.\n";
  if (spec->mayBeEmpty)
    text += "- May stay empty.\n";
  if (spec->repeatable || isQuestionHeading(spec->headingText))
    text += "- Repeatable: `Q1`, `Q2`, …\n";
  if (spec->maxLines)
    text += "- At most " + std::to_string(*spec->maxLines) + " non-blank lines.\n";
  if (spec->maxItems)
    text += "- At most " + std::to_string(*spec->maxItems) + " list items.\n";
  if (!spec->subsections.empty()) {
    text += "- Subsections:";
    for (const auto& subsection : spec->subsections)
      text += " " + code(subsection.headingText);
    text += "\n";
  }
  return Topic{text, section->heading.textRange};
}

std::optional<Topic> bulletTopic(const Document& document, uint32_t offset, const Schema& schema) {
  for (const auto& bullet : document.bullets) {
    if (!touches(bullet.lineRange, offset))
      continue;
    const auto* spec = schema.bulletEnum(bullet.label);
    if (!spec)
      return std::nullopt;
    std::string text =
        "**" + spec->label + "**: one of\n\n" + valueList(schema, spec->values, false);
    if (touches(bullet.labelRange, offset))
      return Topic{text, bullet.labelRange};
    if (!bullet.value.empty() && touches(bullet.valueRange, offset))
      return Topic{text, bullet.valueRange};
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Topic> tableTopic(const Document& document, uint32_t offset, const Schema& schema) {
  for (const auto& table : document.tables) {
    if (!touches(table.range, offset))
      continue;
    for (size_t column = 0; column < table.header.size(); ++column) {
      const auto* spec = schema.tableColumnEnum(table.header[column].text);
      if (!spec)
        continue;
      const auto& values = spec->levels ? schema.levels() : spec->values;
      if (touches(table.header[column].range, offset) && !table.header[column].text.empty())
        return Topic{"**" + spec->header + "**: one of\n\n" +
                         valueList(schema, values, spec->levels),
                     table.header[column].range};
      for (const auto& row : table.rows) {
        if (column >= row.size() || row[column].text.empty() || !touches(row[column].range, offset))
          continue;
        std::string text = spec->levels ? levelHover(schema, row[column].text) : std::string();
        if (text.empty())
          text = "**" + spec->header + "**: one of\n\n" + valueList(schema, values, spec->levels);
        return Topic{text, row[column].range};
      }
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<HoverResult> hover(const Document& document, uint32_t offset, const Schema& schema,
                                 const std::vector<core::Diagnostic>& diagnostics) {
  if (offset > document.text().size())
    return std::nullopt;
  std::optional<Topic> topic = metadataTopic(document, offset, schema);
  if (!topic && !metadataCursorAt(document, offset)) {
    topic = headingTopic(document, offset, schema);
    if (!topic)
      topic = bulletTopic(document, offset, schema);
    if (!topic)
      topic = tableTopic(document, offset, schema);
  }

  // The diagnostics under the cursor say why the text is underlined; the narrowest range wins
  // as the hover's range when there is no topic.
  std::string why;
  std::optional<ByteRange> whyRange;
  for (const auto& diagnostic : diagnostics) {
    bool covers = diagnostic.range.empty() ? diagnostic.range.begin == offset
                                           : touches(diagnostic.range, offset);
    if (!covers)
      continue;
    why += "**" + diagnostic.code + "**: " + diagnostic.message + "\n\n";
    if (!whyRange ||
        diagnostic.range.end - diagnostic.range.begin < whyRange->end - whyRange->begin)
      whyRange = diagnostic.range;
  }
  if (!topic && why.empty())
    return std::nullopt;
  HoverResult result;
  result.markdown = why;
  if (topic)
    result.markdown += (why.empty() ? "" : "---\n\n") + topic->markdown;
  while (!result.markdown.empty() && result.markdown.back() == '\n')
    result.markdown.pop_back();
  result.range = topic ? topic->range : *whyRange;
  return result;
}

} // namespace session::features
