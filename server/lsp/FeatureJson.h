// Feature results (byte offsets, plain structs) → LSP JSON in the negotiated position encoding.
// The only place that knows both a feature's result and its LSP shape.
#pragma once

#include "protocol/PositionEncoding.h"
#include "server/core/Text.h"
#include "server/features/Completion.h"
#include "server/features/DocumentSymbols.h"
#include "server/features/FoldingRanges.h"
#include "server/features/Hover.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace session::lsp {

/// What the client accepts, for shaping replies.
struct ClientFormats {
  protocol::PositionEncoding encoding = protocol::PositionEncoding::Utf16;
  bool snippets = false;
  bool completionMarkdown = false;
  bool hoverMarkdown = false;
  bool hierarchicalSymbols = false;
};

nlohmann::json completionListToJson(const std::vector<features::CompletionItem>& items,
                                    const core::LineIndex& lines, const ClientFormats& formats);
nlohmann::json hoverToJson(const features::HoverResult& hover, const core::LineIndex& lines,
                           const ClientFormats& formats);
/// DocumentSymbol[] for hierarchical clients, SymbolInformation[] (flattened, with
/// containerName) for the others.
nlohmann::json documentSymbolsToJson(const std::vector<features::OutlineSymbol>& symbols,
                                     const std::string& uri, const core::LineIndex& lines,
                                     const ClientFormats& formats);
nlohmann::json foldingRangesToJson(const std::vector<features::FoldingRegion>& regions);

} // namespace session::lsp
