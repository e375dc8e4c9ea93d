// Work over a list spread across threads, for the passes that read a whole workspace (the
// server's background index, `check`, `report`): a shared counter hands out slices, so uneven
// files balance themselves. Core holds it because both bindings (server/lsp, server/cli) use it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace session::core {

/// Calls \p body(begin, end) for consecutive slices of [0, count), each of at most \p slice
/// indices, on \p threads threads (the calling thread is one of them), until every slice is
/// done or \p stop (when given) becomes true. \p body must be safe to run concurrently for
/// different slices.
template <typename Body>
void forEachSliceInParallel(size_t count, size_t slice, unsigned threads,
                            const std::atomic<bool>* stop, const Body& body) {
  slice = std::max<size_t>(slice, 1);
  std::atomic<size_t> next{0};
  auto work = [&] {
    while (!stop || !stop->load()) {
      size_t begin = next.fetch_add(slice);
      if (begin >= count)
        return;
      body(begin, std::min(count, begin + slice));
    }
  };
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < std::max(threads, 1u); ++i)
    workers.emplace_back(work);
  work();
  for (auto& worker : workers)
    worker.join();
}

} // namespace session::core
