// Work spread over the machine's cores for the commands that read a whole workspace (`check`,
// `report`), one index at a time.
#pragma once

#include "server/core/Parallel.h"

#include <algorithm>
#include <cstddef>
#include <thread>

namespace session::cli {

/// Calls \p body(i) for every i in [0, count), on up to 8 threads (one per core; a single
/// thread for small counts). \p body must be safe to run concurrently for different i.
template <typename Body> void forEachInParallel(size_t count, const Body& body) {
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, count / 16)));
  core::forEachSliceInParallel(count, 1, threads, nullptr, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      body(i);
  });
}

} // namespace session::cli
