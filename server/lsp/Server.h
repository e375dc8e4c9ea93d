// The language server's entry point: reads JSON-RPC from stdin, answers on stdout.
#pragma once

namespace session::lsp {

struct ServerOptions {
  /// `---`-delimited messages instead of Content-Length framing (transcript tests).
  bool delimited = false;
  /// Pretty-printed replies (sorted keys come from nlohmann's ordered map).
  bool pretty = false;
  /// Handle each message and publish its diagnostics before reading the next: deterministic
  /// output for tests. Otherwise a burst of queued edits is analysed once, for its newest text.
  bool synchronous = false;
};

/// Serves until `exit` or the end of input; returns the process exit code (0 after
/// `shutdown` + `exit`, 1 otherwise).
int runServer(const ServerOptions& options);

} // namespace session::lsp
