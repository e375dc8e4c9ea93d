// core::forEachSliceInParallel: every index once, in slices, and an early stop.
#include "server/core/Parallel.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <vector>

using session::core::forEachSliceInParallel;

TEST_CASE("every index is visited exactly once, in slices of at most the given size") {
  for (size_t count : {0u, 1u, 7u, 128u, 1000u}) {
    for (size_t slice : {0u, 1u, 3u, 128u}) {
      for (unsigned threads : {0u, 1u, 2u, 4u}) {
        std::vector<std::atomic<int>> visits(count);
        std::atomic<bool> tooLarge{false};
        forEachSliceInParallel(count, slice, threads, nullptr, [&](size_t begin, size_t end) {
          if (end - begin > std::max<size_t>(slice, 1) || begin >= end)
            tooLarge = true;
          for (size_t i = begin; i < end; ++i)
            ++visits[i];
        });
        CHECK_FALSE(tooLarge);
        for (size_t i = 0; i < count; ++i)
          CHECK(visits[i] == 1);
      }
    }
  }
}

TEST_CASE("a stop flag ends the work before the next slice") {
  std::atomic<bool> stop{false};
  std::atomic<size_t> slices{0};
  forEachSliceInParallel(10000, 10, 2, &stop, [&](size_t, size_t) {
    if (++slices == 5)
      stop = true;
  });
  // Each thread finishes the slice it holds: at most one more per thread after the fifth.
  CHECK(slices >= 5);
  CHECK(slices <= 7);
}
