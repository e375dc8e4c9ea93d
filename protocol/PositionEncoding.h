// LSP position encodings and column conversion on one line.
//
// The core counts columns in UTF-8 bytes; clients count in UTF-16 code units (the LSP default)
// or, when negotiated, UTF-8 bytes. These functions convert one line's column either way. Rules
// (as clangd's SourceCode.cpp): a column past the end clamps to the line end; a column inside a
// character (the middle of a UTF-16 surrogate pair, or of a UTF-8 sequence) moves back to the
// character's start; each byte of invalid UTF-8 counts as one unit in either encoding; a 4-byte
// UTF-8 character is 2 UTF-16 units.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

namespace protocol {

enum class PositionEncoding { Utf16, Utf8 };

/// Picks the encoding for a client's `capabilities` object: utf-8 when
/// `general.positionEncodings` lists "utf-8", else utf-16 (also for malformed capabilities).
PositionEncoding negotiate(const nlohmann::json& clientCapabilities);
/// The same from an already extracted list (ClientCapabilities::positionEncodings). Pass a
/// std::span explicitly: a std::vector argument would also convert to nlohmann::json.
PositionEncoding negotiate(std::span<const std::string> offeredEncodings);

/// The LSP name, for `capabilities.positionEncoding`: "utf-16" or "utf-8".
const char* encodingName(PositionEncoding encoding);

/// A byte column of \p lineText (the line without its line ending) as the client counts it.
uint32_t toClientColumn(std::string_view lineText, uint32_t byteColumn, PositionEncoding encoding);
/// A client column of \p lineText as a byte column, always at a character boundary.
uint32_t toByteColumn(std::string_view lineText, uint32_t clientColumn, PositionEncoding encoding);

} // namespace protocol
