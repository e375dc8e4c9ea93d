#include "server/features/MetadataCursor.h"

#include <vector>

namespace session::features {
namespace {

using core::MetadataLine;

/// The column at which the line's content (its key, or its `- ` marker) starts.
uint32_t contentColumn(const MetadataLine& line) {
  return line.indent;
}

uint32_t keyColumn(const MetadataLine& line) {
  return line.keyRange.begin - line.range.begin;
}

bool opensBlock(const MetadataLine& line) {
  return !line.key.empty() && line.valueRange.empty();
}

/// Index of the line that holds line \p index as a child, or -1: the nearest `key:` above it
/// that is less indented (a list may also stand at its key's own column, as YAML allows) and
/// has no value on its line. Keys at the same column are siblings and are passed over.
int parentOf(const std::vector<MetadataLine>& lines, size_t index) {
  const MetadataLine& line = lines[index];
  uint32_t column = contentColumn(line);
  for (size_t i = index; i-- > 0;) {
    const MetadataLine& candidate = lines[i];
    if (candidate.key.empty())
      continue;
    uint32_t candidateColumn = keyColumn(candidate);
    bool outer = candidateColumn < column ||
                 (line.listItem && candidateColumn == column && !candidate.listItem);
    if (!outer)
      continue;
    return opensBlock(candidate) ? static_cast<int>(i) : -1;
  }
  return -1;
}

std::string pathOf(const std::vector<MetadataLine>& lines, size_t index) {
  std::string path;
  for (int parent = parentOf(lines, index); parent >= 0;
       parent = parentOf(lines, static_cast<size_t>(parent)))
    path = lines[static_cast<size_t>(parent)].key + (path.empty() ? "" : "." + path);
  return path;
}

} // namespace

std::optional<MetadataCursor> metadataCursorAt(const core::Document& document, uint32_t offset) {
  const auto& lines = document.metadata.lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    const MetadataLine& line = lines[i];
    if (offset < line.range.begin || offset > line.range.end)
      continue;
    MetadataCursor cursor;
    cursor.line = &line;
    cursor.parentPath = pathOf(lines, i);
    if (!line.key.empty()) {
      cursor.fieldPath = cursor.parentPath.empty() ? line.key : cursor.parentPath + "." + line.key;
      cursor.inValue = offset > line.keyRange.end;
    } else if (line.listItem) {
      cursor.fieldPath = cursor.parentPath;
      cursor.inValue = offset >= line.valueRange.begin;
    }
    return cursor;
  }
  return std::nullopt;
}

std::vector<std::string> presentKeys(const core::Document& document, std::string_view parentPath) {
  std::vector<std::string> keys;
  const auto& lines = document.metadata.lines;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!lines[i].key.empty() && pathOf(lines, i) == parentPath)
      keys.push_back(lines[i].key);
  return keys;
}

} // namespace session::features
