// Differential fuzz target: a random sequence of incremental didChange edits (UTF-16 positions,
// out-of-range ones included) must give the same text as applying them here with a reference
// implementation, and the same diagnostics as opening the final text at once (so the parses
// built from the previous one, edit after edit, must equal one parse of the final text).
#include "server/lsp/LspServer.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

/// Replaces invalid UTF-8 with `?`: a client sends JSON strings, which are valid Unicode.
std::string validUtf8(std::string text) {
  json probe = text;
  return json::parse(probe.dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>();
}

/// Line starts of \p text for `\n`, `\r\n` and a lone `\r`.
std::vector<size_t> lineStarts(const std::string& text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
      continue;
    if (text[i] == '\n' || text[i] == '\r')
      starts.push_back(i + 1);
  }
  return starts;
}

/// The reference: a UTF-16 position as a byte offset, clamped like the server (a column past
/// the line's end is its end, a line past the last is the end of the text).
size_t offsetOf(const std::string& text, uint32_t line, uint32_t character) {
  auto starts = lineStarts(text);
  if (line >= starts.size())
    return text.size();
  size_t at = starts[line];
  size_t end = line + 1 < starts.size() ? starts[line + 1] : text.size();
  while (end > at && (text[end - 1] == '\n' || text[end - 1] == '\r'))
    --end;
  uint32_t units = 0;
  while (at < end && units < character) {
    unsigned char lead = static_cast<unsigned char>(text[at]);
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t width = length == 4 ? 2 : 1;
    if (units + width > character)
      break; // inside a surrogate pair: stay before the character
    units += width;
    at += length;
  }
  return at;
}

json diagnosticsOf(const std::vector<json>& sent, const std::string& uri) {
  json latest;
  for (const auto& message : sent)
    if (message.value("method", "") == "textDocument/publishDiagnostics" &&
        message["params"]["uri"] == uri)
      latest = message["params"]["diagnostics"];
  return latest;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  std::vector<json> sent;
  session::lsp::LspServer server([&sent](std::string body) { sent.push_back(json::parse(body)); });
  server.handleMessage(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":)"
                       R"({"rootUri":"file:///nonexistent/fuzz","capabilities":{}}})");
  // Outside the workspace root: no rule depends on the file's name, so the two documents must
  // get identical diagnostics.
  const std::string edited = "file:///elsewhere/a.md";
  const std::string whole = "file:///elsewhere/b.md";
  std::string text = validUtf8(input.ConsumeRandomLengthString(4096));
  server.handleMessage(
      json{{"jsonrpc", "2.0"},
           {"method", "textDocument/didOpen"},
           {"params",
            {{"textDocument",
              {{"uri", edited}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}}}}
          .dump());
  int version = 1;
  while (input.remaining_bytes() > 0 && version < 40) {
    uint32_t startLine = input.ConsumeIntegralInRange<uint32_t>(0, 60);
    uint32_t startCharacter = input.ConsumeIntegralInRange<uint32_t>(0, 120);
    uint32_t endLine = input.ConsumeIntegralInRange<uint32_t>(0, 60);
    uint32_t endCharacter = input.ConsumeIntegralInRange<uint32_t>(0, 120);
    std::string insert = validUtf8(input.ConsumeRandomLengthString(64));
    size_t begin = offsetOf(text, startLine, startCharacter);
    size_t end = offsetOf(text, endLine, endCharacter);
    if (end < begin)
      std::swap(begin, end);
    text.replace(begin, end - begin, insert);
    json range = {{"start", {{"line", startLine}, {"character", startCharacter}}},
                  {"end", {{"line", endLine}, {"character", endCharacter}}}};
    server.handleMessage(
        json{{"jsonrpc", "2.0"},
             {"method", "textDocument/didChange"},
             {"params",
              {{"textDocument", {{"uri", edited}, {"version", ++version}}},
               {"contentChanges", json::array({{{"range", range}, {"text", insert}}})}}}}
            .dump());
    // Analysing between edits, as the server does while the user types, makes each parse
    // start from the one before (core::Document::parse's `previous`); skipped edits form a
    // burst analysed at once.
    if (input.ConsumeBool())
      server.publishPending();
  }
  server.handleMessage(
      json{{"jsonrpc", "2.0"},
           {"method", "textDocument/didOpen"},
           {"params",
            {{"textDocument",
              {{"uri", whole}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}}}}
          .dump());
  server.publishPending();
  if (server.documentText(edited) != text)
    std::abort(); // the incremental text differs from the reference
  if (diagnosticsOf(sent, edited) != diagnosticsOf(sent, whole))
    std::abort(); // same text, different diagnostics
  return 0;
}
