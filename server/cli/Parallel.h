// Work spread over the machine's cores for the commands that read a whole workspace (`check`,
// `report`): a shared counter hands out indices, so uneven files balance themselves.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace session::cli {

/// Calls \p body(i) for every i in [0, count), on up to 8 threads (one per core; a single
/// thread for small counts). \p body must be safe to run concurrently for different i.
template <typename Body> void forEachInParallel(size_t count, const Body& body) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++)
      body(i);
  };
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, count / 16)));
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i)
    workers.emplace_back(work);
  work();
  for (auto& worker : workers)
    worker.join();
}

} // namespace session::cli
