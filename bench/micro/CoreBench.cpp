// A micro-suite of the analysis core (Google Benchmark): the cost of each stage of reading one
// session, so a regression or a win shows where it is. Run by hand or by bench/run.sh:
//   SESSION_BENCH_CORPUS=/tmp/ws10k/sessions build-bench/bench/micro/session_bench
// The corpus defaults to examples/llm-study/sessions; at most SESSION_BENCH_FILES (200) files
// are loaded, and every benchmark cycles through them, so bytes/s is over realistic sessions.
#include "server/core/Document.h"
#include "server/core/Markdown.h"
#include "server/core/Metadata.h"
#include "server/core/Schema.h"
#include "server/core/Text.h"
#include "server/features/Diagnostics.h"
#include "server/features/SessionIndex.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace session;

struct Corpus {
  std::vector<fs::path> paths;
  std::vector<std::string> texts;
};

std::string readWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const Corpus& corpus() {
  static const Corpus loaded = [] {
    Corpus result;
    const char* folder = std::getenv("SESSION_BENCH_CORPUS");
    fs::path root = folder ? fs::path(folder)
                           : fs::path(SESSION_BENCH_SOURCE_DIR) / "examples/llm-study/sessions";
    const char* limitText = std::getenv("SESSION_BENCH_FILES");
    size_t limit = limitText ? std::strtoul(limitText, nullptr, 10) : 200;
    for (const auto& entry : fs::directory_iterator(root))
      if (entry.path().extension() == ".md")
        result.paths.push_back(entry.path());
    std::sort(result.paths.begin(), result.paths.end());
    if (result.paths.size() > limit)
      result.paths.resize(limit);
    for (const auto& path : result.paths)
      result.texts.push_back(readWhole(path));
    return result;
  }();
  return loaded;
}

/// Runs \p body once per iteration on the next file of the corpus and reports bytes/s.
template <typename Body> void overCorpus(benchmark::State& state, Body body) {
  const auto& texts = corpus().texts;
  if (texts.empty()) {
    state.SkipWithError("empty corpus");
    return;
  }
  size_t next = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& text = texts[next];
    next = (next + 1) % texts.size();
    body(text);
    bytes += static_cast<int64_t>(text.size());
  }
  state.SetBytesProcessed(bytes);
}

void readFromDisk(benchmark::State& state) {
  const auto& paths = corpus().paths;
  size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(readWhole(paths[next]));
    next = (next + 1) % paths.size();
  }
}

void lineIndex(benchmark::State& state) {
  overCorpus(state, [](const std::string& text) {
    core::LineIndex lines(text);
    benchmark::DoNotOptimize(lines.lineCount());
  });
}

void metadataYaml(benchmark::State& state) {
  overCorpus(state, [](const std::string& text) {
    core::LineIndex lines(text);
    core::Metadata metadata;
    std::vector<core::Diagnostic> problems;
    if (core::detail::findFrontMatter(text, lines, 0, metadata))
      core::detail::parseMetadataYaml(text, lines, metadata, problems);
    benchmark::DoNotOptimize(metadata.entries.size());
  });
}

void markdownBody(benchmark::State& state) {
  overCorpus(state, [](const std::string& text) {
    core::LineIndex lines(text);
    auto body = core::detail::parseMarkdown(text, lines, 0);
    benchmark::DoNotOptimize(body.headings.size());
  });
}

void documentParse(benchmark::State& state) {
  overCorpus(state, [](const std::string& text) {
    benchmark::DoNotOptimize(core::Document::parse(text));
  });
}

void indexOneSession(benchmark::State& state) {
  auto schema = core::builtinSchema();
  overCorpus(state, [&](const std::string& text) {
    auto document = core::Document::parse(text);
    benchmark::DoNotOptimize(
        features::extractSessionFacts(*document, *schema, "sessions/bench-session.md"));
  });
}

void diagnoseOneSession(benchmark::State& state) {
  auto schema = core::builtinSchema();
  features::CheckContext context;
  context.schema = schema.get();
  overCorpus(state, [&](const std::string& text) {
    auto document = core::Document::parse(text);
    benchmark::DoNotOptimize(features::diagnose(*document, context));
  });
}

} // namespace

BENCHMARK(readFromDisk);
BENCHMARK(lineIndex);
BENCHMARK(metadataYaml);
BENCHMARK(markdownBody);
BENCHMARK(documentParse);
BENCHMARK(indexOneSession);
BENCHMARK(diagnoseOneSession);

BENCHMARK_MAIN();
