#include "server/lsp/FeatureJson.h"

#include "server/lsp/Positions.h"

namespace session::lsp {

using nlohmann::json;

namespace {

// LSP's CompletionItemKind, SymbolKind and InsertTextFormat numbers.
int completionItemKind(features::CompletionKind kind) {
  switch (kind) {
  case features::CompletionKind::EnumValue:
  case features::CompletionKind::Level:
    return 20; // EnumMember
  case features::CompletionKind::Module:
    return 9; // Module
  case features::CompletionKind::Tag:
  case features::CompletionKind::Date:
    return 12; // Value
  case features::CompletionKind::Field:
    return 10; // Property: a YAML key
  case features::CompletionKind::Section:
    return 15; // Snippet: it inserts the template's skeleton
  case features::CompletionKind::File:
    return 17;
  case features::CompletionKind::Folder:
    return 19;
  }
  return 1; // Text
}

int symbolKind(features::OutlineKind kind) {
  switch (kind) {
  case features::OutlineKind::Metadata:
    return 23; // Struct
  case features::OutlineKind::Field:
    return 7; // Property
  case features::OutlineKind::Section:
  case features::OutlineKind::Subsection:
    return 15; // String: what VS Code's markdown outline and marksman use for headings
  case features::OutlineKind::Question:
    return 24; // Event: one exchange of the dialogue log
  }
  return 15;
}

json markup(const std::string& markdown, bool asMarkdown) {
  return {{"kind", asMarkdown ? "markdown" : "plaintext"}, {"value", markdown}};
}

json documentSymbol(const features::OutlineSymbol& symbol, const core::LineIndex& lines,
                    protocol::PositionEncoding encoding) {
  json children = json::array();
  for (const auto& child : symbol.children)
    children.push_back(documentSymbol(child, lines, encoding));
  json result = {{"name", symbol.name.empty() ? std::string("(untitled)") : symbol.name},
                 {"kind", symbolKind(symbol.kind)},
                 {"range", toLspRange(lines, symbol.range, encoding)},
                 {"selectionRange", toLspRange(lines, symbol.selectionRange, encoding)},
                 {"children", std::move(children)}};
  if (!symbol.detail.empty())
    result["detail"] = symbol.detail;
  return result;
}

void flatten(const features::OutlineSymbol& symbol, const std::string& container,
             const std::string& uri, const core::LineIndex& lines,
             protocol::PositionEncoding encoding, json& out) {
  std::string name = symbol.name.empty() ? std::string("(untitled)") : symbol.name;
  json information = {
      {"name", name},
      {"kind", symbolKind(symbol.kind)},
      {"location", {{"uri", uri}, {"range", toLspRange(lines, symbol.range, encoding)}}}};
  if (!container.empty())
    information["containerName"] = container;
  out.push_back(std::move(information));
  for (const auto& child : symbol.children)
    flatten(child, name, uri, lines, encoding, out);
}

} // namespace

json completionListToJson(const std::vector<features::CompletionItem>& items,
                          const core::LineIndex& lines, const ClientFormats& formats) {
  json list = json::array();
  for (const auto& item : items) {
    bool snippet = formats.snippets && !item.snippet.empty();
    json entry = {{"label", item.label},
                  {"kind", completionItemKind(item.kind)},
                  {"sortText", item.sortText},
                  {"insertTextFormat", snippet ? 2 : 1},
                  {"textEdit",
                   {{"range", toLspRange(lines, item.editRange, formats.encoding)},
                    {"newText", snippet ? item.snippet : item.newText}}}};
    if (!item.filterText.empty())
      entry["filterText"] = item.filterText;
    if (!item.detail.empty())
      entry["detail"] = item.detail;
    if (!item.documentation.empty())
      entry["documentation"] =
          formats.completionMarkdown ? markup(item.documentation, true) : json(item.documentation);
    list.push_back(std::move(entry));
  }
  return {{"isIncomplete", false}, {"items", std::move(list)}};
}

json hoverToJson(const features::HoverResult& hover, const core::LineIndex& lines,
                 const ClientFormats& formats) {
  return {{"contents", markup(hover.markdown, formats.hoverMarkdown)},
          {"range", toLspRange(lines, hover.range, formats.encoding)}};
}

json documentSymbolsToJson(const std::vector<features::OutlineSymbol>& symbols,
                           const std::string& uri, const core::LineIndex& lines,
                           const ClientFormats& formats) {
  json out = json::array();
  for (const auto& symbol : symbols) {
    if (formats.hierarchicalSymbols)
      out.push_back(documentSymbol(symbol, lines, formats.encoding));
    else
      flatten(symbol, "", uri, lines, formats.encoding, out);
  }
  return out;
}

json foldingRangesToJson(const std::vector<features::FoldingRegion>& regions) {
  json out = json::array();
  for (const auto& region : regions)
    out.push_back(
        {{"startLine", region.startLine},
         {"endLine", region.endLine},
         {"kind", region.kind == features::FoldingRegion::Kind::Comment ? "comment" : "region"}});
  return out;
}

} // namespace session::lsp
