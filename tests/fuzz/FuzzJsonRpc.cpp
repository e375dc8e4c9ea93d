// Fuzz target: Content-Length framing and JSON-RPC dispatch into the whole LSP binding.
// The input is a byte stream, split in two reads at a position taken from its first byte (so
// split frames are covered), after a fixed initialize and didOpen. Nothing may crash, hang or
// leak; every frame error is reported and decoding goes on.
#include "protocol/Framing.h"
#include "server/lsp/LspServer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  session::lsp::LspServer server([](std::string) {});
  server.handleMessage(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":)"
                       R"({"rootUri":"file:///nonexistent/fuzz","capabilities":{}}})");
  server.handleMessage(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  server.handleMessage(
      R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":)"
      R"({"uri":"file:///nonexistent/fuzz/sessions/a.md","languageId":"markdown","version":1,)"
      R"("text":"---\nlevel_after: L9\n---\n\n## 1) Session Summary (10 lines max)\n"}}})");
  protocol::FrameDecoder decoder(1 << 20);
  size_t split = size > 0 ? data[0] % (size + 1) : 0;
  auto drain = [&] {
    for (;;) {
      auto result = decoder.next();
      if (result.needsMore())
        return;
      if (result.isMessage())
        server.handleMessage(result.text);
      else
        server.handleFramingError(result.text);
    }
  };
  decoder.feed(bytes.substr(0, split));
  drain();
  decoder.feed(bytes.substr(split));
  drain();
  auto last = decoder.finish();
  if (last.isMessage())
    server.handleMessage(last.text);
  else if (last.isError())
    server.handleFramingError(last.text);
  server.publishPending();
  return 0;
}
