#include "protocol/Version.h"

namespace protocol {
const char* lspVersion() {
  return kLspVersion;
}
} // namespace protocol
