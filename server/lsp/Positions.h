// Byte offsets (core) <-> LSP positions in the negotiated encoding: the only place where a
// UTF-16 column exists.
#pragma once

#include "protocol/PositionEncoding.h"
#include "protocol/Protocol.h"
#include "server/core/Text.h"

#include <cstdint>

namespace session::lsp {

protocol::Position toLspPosition(const core::LineIndex& lines, uint32_t offset,
                                 protocol::PositionEncoding encoding);
protocol::Range toLspRange(const core::LineIndex& lines, core::ByteRange range,
                           protocol::PositionEncoding encoding);
/// A position past the end of its line clamps to the line end; a line past the last one maps
/// to the end of the text (LSP 3.17 leaves it to the server; clangd clamps columns too).
uint32_t toOffset(const core::LineIndex& lines, protocol::Position position,
                  protocol::PositionEncoding encoding);

} // namespace session::lsp
