// session-lsp: with no arguments (or --stdio) a language server on stdio; `check` and the
// other commands of SPEC §6 otherwise.
#include "server/cli/Cli.h"
#include "server/lsp/Server.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments.front() == "--stdio")
    return session::lsp::runServer({});
  const std::string& command = arguments.front();
  if (command == "--lit-test") {
    // Transcript tests: `---`-delimited input, pretty output with sorted keys, every message
    // handled to completion before the next is read.
    return session::lsp::runServer({.delimited = true, .pretty = true, .synchronous = true});
  }
  if (command == "check")
    return session::cli::runCheck({arguments.begin() + 1, arguments.end()}, std::cout, std::cerr);
  if (command == "new")
    return session::cli::runNew({arguments.begin() + 1, arguments.end()}, std::cout, std::cerr);
  if (command == "report")
    return session::cli::runReport({arguments.begin() + 1, arguments.end()}, std::cout, std::cerr);
  if (command == "--help" || command == "-h" || command == "help") {
    session::cli::printHelp(std::cout);
    return 0;
  }
  if (command == "--version") {
    session::cli::printVersion(std::cout);
    return 0;
  }
  std::cerr << "session-lsp: unknown command `" << command << "` (see --help)\n";
  return session::cli::kUsageOrIo;
}
