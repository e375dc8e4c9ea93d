// The LSP version this protocol library speaks.
#pragma once

namespace protocol {
inline constexpr const char* kLspVersion = "3.17";
const char* lspVersion();
} // namespace protocol
