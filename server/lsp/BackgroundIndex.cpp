#include "server/lsp/BackgroundIndex.h"

#include "server/core/Parallel.h"
#include "server/features/SessionIndex.h"

#include <algorithm>

namespace session::lsp {

namespace {
// Small enough that a request waits at most one batch's worth of main-thread work (a few
// hundred microseconds), large enough that the queue is not flooded.
constexpr size_t kBatchSize = 128;
} // namespace

BackgroundIndex::BackgroundIndex(const core::Workspace& workspace, std::vector<std::string> files,
                                 unsigned threads, BatchSink onBatch, DoneSink onDone) {
  auto schema = workspace.schema();
  threads = std::max(1u, threads);
  coordinator_ = std::thread([this, &workspace, schema, threads, files = std::move(files),
                              onBatch = std::move(onBatch), onDone = std::move(onDone)] {
    core::forEachSliceInParallel(
        files.size(), kBatchSize, threads, &stop_, [&](size_t begin, size_t end) {
          IndexBatch batch;
          for (size_t i = begin; i < end && !stop_; ++i) {
            auto text = workspace.readFile(files[i]);
            batch.facts.emplace_back(
                files[i], text ? features::extractSessionFacts(
                                     *core::Document::parse(std::move(*text)), *schema, files[i])
                               : std::nullopt);
          }
          onBatch(std::move(batch));
        });
    if (!stop_)
      onDone();
  });
}

BackgroundIndex::~BackgroundIndex() {
  stop_ = true;
  if (coordinator_.joinable())
    coordinator_.join();
}

} // namespace session::lsp
