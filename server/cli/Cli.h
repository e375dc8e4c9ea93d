// The command line (SPEC §6): `check`, `new`, `report`, `--help`, `--version`. The language server
// itself is started by main() when no command is given.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace session::cli {

/// Exit codes of `check`: 0 clean, 1 errors found, 2 usage or I/O problem. `new`: 0 created,
/// 1 refused (an invalid value, or the file exists), 2 usage. `report`: 0 printed or written,
/// 2 usage or I/O problem.
enum ExitCode { kClean = 0, kErrorsFound = 1, kRefused = 1, kUsageOrIo = 2 };

int runCheck(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);
int runNew(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);
int runReport(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);
void printHelp(std::ostream& out);
void printVersion(std::ostream& out);

} // namespace session::cli
