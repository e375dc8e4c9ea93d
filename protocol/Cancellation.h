// `$/cancelRequest` (LSP 3.17): the ids of requests the client no longer wants answered.
//
// The reader thread records a cancellation as soon as it reads it (noteIfCancel), so a request
// that is still queued, or one whose handler is running on the main thread, can see it: a
// queued one is answered RequestCancelled without running, a running one may check
// Reply::cancelled() and stop.
#pragma once

#include "protocol/JsonRpc.h"

#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace protocol {

class CancellationRegistry {
public:
  void cancel(const RequestId& id);
  bool isCancelled(const RequestId& id) const;
  /// Drops an id once its request was answered (ids may be reused by a client).
  void forget(const RequestId& id);
  /// If \p body is a `$/cancelRequest` notification, records its id. Cheap for other bodies.
  void noteIfCancel(std::string_view body);

private:
  mutable std::mutex mutex_;
  std::set<std::string> ids_; // toString(id): `1` and `"1"` stay apart
};

} // namespace protocol
