// What counts as an evidence path in prose, and how link targets are decoded (SPEC §3.1).
#include "server/features/EvidencePaths.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace session::features;

namespace {

const std::string kFrom = "sessions/2026-11-20-x.md";

bool exists(std::string_view path) {
  static const std::set<std::string, std::less<>> kPaths = {
      ".",      "lab",      "lab/vllm",       "lab/vllm/bench.py",
      "tracks", "sessions", "sessions/notes", "RESULTS.md"};
  return kPaths.count(path) > 0;
}

bool bare(std::string_view token) {
  return isBareEvidencePath(token, kFrom, exists);
}

} // namespace

TEST_CASE("bare prose tokens: paths", "[evidence-paths]") {
  CHECK(bare("RESULTS.md"));
  CHECK(bare("lab/vllm/bench.py"));
  CHECK(bare("/tracks/x/INDEX.md"));
  CHECK(bare("../lab/a.py"));
  CHECK(bare("./notes"));
  CHECK(bare("/progress"));
  CHECK(bare("lab/vllm/missing"));     // `lab` exists
  CHECK(bare("notes/today"));          // `notes` exists beside the session
  CHECK(bare("elsewhere/model.onnx")); // a file name
  CHECK(bare("clip.mp4"));
}

TEST_CASE("bare prose tokens: words", "[evidence-paths]") {
  CHECK_FALSE(bare("1/2"));
  CHECK_FALSE(bare("I/O"));
  CHECK_FALSE(bare("p50/p95"));
  CHECK_FALSE(bare("swap/recompute"));
  CHECK_FALSE(bare("tokens/sec"));
  CHECK_FALSE(bare("e.g"));
  CHECK_FALSE(bare("i.e"));
  CHECK_FALSE(bare("a.k.a"));
  CHECK_FALSE(bare("etc."));
  CHECK_FALSE(bare("2.1x"));
  CHECK_FALSE(bare("v0.6.3"));
  CHECK_FALSE(bare("N/A"));
  CHECK_FALSE(bare("none"));
  CHECK_FALSE(bare("https://example.com/a.md"));
  // Without a file system only the shape decides.
  CHECK_FALSE(isBareEvidencePath("lab/vllm/missing", kFrom, nullptr));
  CHECK(isBareEvidencePath("lab/vllm/bench.py", kFrom, nullptr));
}

TEST_CASE("code spans and link targets keep the looser rule", "[evidence-paths]") {
  CHECK(looksLikePath("p50/p95"));
  CHECK(looksLikePath("e.g"));
  CHECK_FALSE(looksLikePath("2.1x"));
}

TEST_CASE("percent-encoded link targets", "[evidence-paths]") {
  CHECK(percentDecoded("../lab/my%20notes/a%20b.md") == "../lab/my notes/a b.md");
  CHECK(percentDecoded("%E2%9C%85.md") == "\xE2\x9C\x85.md");
  CHECK(percentDecoded("a%2fb") == "a/b");
  CHECK(percentDecoded("100%") == "100%");
  CHECK(percentDecoded("50%zz.md") == "50%zz.md");
  CHECK(percentDecoded("a%2") == "a%2");
  CHECK(percentDecoded("plain/path.md") == "plain/path.md");
}

TEST_CASE("a decoded target resolves like any other", "[evidence-paths]") {
  auto resolved = resolveEvidencePath(kFrom, percentDecoded("../lab/vllm/bench%2Epy"),
                                      [](std::string_view path) { return exists(path); });
  CHECK(resolved.exists);
  CHECK(resolved.workspacePath == "lab/vllm/bench.py");
}
