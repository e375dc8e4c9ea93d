// Indexing the workspace's sessions off the main thread (issue "Evidence navigation": the
// server answers requests while it indexes). Worker threads read and parse the files and hand
// batches of facts back; only the main thread applies them to the core::Workspace, so the
// index itself needs no lock.
#pragma once

#include "server/core/Workspace.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace session::lsp {

struct IndexBatch {
  std::vector<std::pair<std::string, std::optional<core::SessionFacts>>> facts;
};

class BackgroundIndex {
public:
  /// Called on a worker thread; must hand the batch to the main thread.
  using BatchSink = std::function<void(IndexBatch)>;
  /// Called on a worker thread once, after the last batch.
  using DoneSink = std::function<void()>;

  /// Starts \p threads workers over \p files. \p workspace is only read through its
  /// thread-safe parts (readFile); the schema and extractor are copied now, so later template
  /// edits on the main thread do not race with the workers.
  BackgroundIndex(const core::Workspace& workspace, std::vector<std::string> files,
                  unsigned threads, BatchSink onBatch, DoneSink onDone);
  /// Stops the workers (between files) and waits for them.
  ~BackgroundIndex();

  BackgroundIndex(const BackgroundIndex&) = delete;
  BackgroundIndex& operator=(const BackgroundIndex&) = delete;

private:
  std::atomic<bool> stop_{false};
  std::thread coordinator_;
};

} // namespace session::lsp
