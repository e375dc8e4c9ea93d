#include "server/cli/Cli.h"

#include <ostream>

namespace session::cli {

void printHelp(std::ostream& out) {
  out << R"(session-lsp — language server and checker for session markdown

Usage:
  session-lsp [--stdio]           serve LSP 3.17 on stdin/stdout (the default)
  session-lsp check [PATH…]       check session files or folders (default: the workspace's
                                  sessions); prints path:line:col: severity: message [code]
        --format text|json|sarif  output format (default text; SARIF 2.1.0 for code scanning)
        --severity S              show S and above: error, warning, information, hint (default)
  session-lsp new --track T --module M --topic "…" [--date YYYY-MM-DD] [--dry-run]
                                  create a session from the template in the sessions folder,
                                  named YYYY-MM-DD__track__module__topic.md (date: today);
                                  prints its path; never overwrites a file
  session-lsp report [FOLDER]     the progress roll-up of the workspace's sessions: per track
                                  and module the level path, sessions and minutes, latest
                                  status and verification, evidence, open high risks, and the
                                  review queue (modules not studied for staleAfterDays)
        --format markdown|json|html  output format (default markdown; JSON schema in
                                  docs/report.schema.json; HTML is one self-contained page)
        --write                   refresh the generated block of progress/tech-stack.md
                                  (between its session-lsp:progress markers) instead
        --today YYYY-MM-DD        the date the review queue counts from (default: today)
  session-lsp --version           print the version
  session-lsp --help              print this help

Exit codes of check: 0 no errors, 1 errors found, 2 usage or I/O problem.
Exit codes of new: 0 created, 1 refused (invalid value or the file exists), 2 usage.
Exit codes of report: 0 printed or written, 2 usage or I/O problem.
The workspace root is the nearest folder with .session-lsp.yaml, SESSION-TEMPLATE.md,
sessions/ or .git, at or above the first PATH (or the current folder).
)";
}

void printVersion(std::ostream& out) {
  out << "session-lsp " << SESSION_LSP_VERSION << "\n";
}

} // namespace session::cli
