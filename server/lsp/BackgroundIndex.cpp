#include "server/lsp/BackgroundIndex.h"

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
    std::atomic<size_t> next{0};
    auto work = [&] {
      while (!stop_) {
        size_t begin = next.fetch_add(kBatchSize);
        if (begin >= files.size())
          return;
        IndexBatch batch;
        for (size_t i = begin; i < std::min(files.size(), begin + kBatchSize) && !stop_; ++i) {
          auto text = workspace.readFile(files[i]);
          batch.facts.emplace_back(
              files[i], text ? features::extractSessionFacts(
                                   *core::Document::parse(std::move(*text)), *schema, files[i])
                             : std::nullopt);
        }
        onBatch(std::move(batch));
      }
    };
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < threads; ++i)
      workers.emplace_back(work);
    work();
    for (auto& worker : workers)
      worker.join();
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
