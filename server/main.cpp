// session-lsp: with no arguments (or --stdio) a language server on stdio; otherwise the
// command line (check, --help, --version).
#include <iostream>

int main() {
  std::cout << "session-lsp " << SESSION_LSP_VERSION << "\n";
  return 0;
}
