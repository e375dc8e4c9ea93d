// The LSP binding driven in-process: edit bursts, positions on CRLF/BOM text, template edits.
#include "server/lsp/LspServer.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using nlohmann::json;
using session::lsp::LspServer;

namespace {

constexpr const char* kRoot = "file:///nonexistent/llm-study";
constexpr const char* kUri =
    "file:///nonexistent/llm-study/sessions/2026-11-20__02-Infra-System__vLLM__paging.md";

/// A server whose replies and notifications are collected as JSON.
struct Harness {
  std::vector<json> sent;
  LspServer server{[this](std::string body) {
    sent.push_back(json::parse(body));
  }};

  void send(const json& message) { server.handleMessage(message.dump()); }
  void request(int id, const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  void initialize(json capabilities = json::object()) {
    request(0, "initialize", {{"rootUri", kRoot}, {"capabilities", std::move(capabilities)}});
    notify("initialized", json::object());
  }
  void open(const std::string& uri, const std::string& text, int version = 1) {
    notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", uri}, {"languageId", "markdown"}, {"version", version}, {"text", text}}}});
  }
  std::vector<json> publishes() const {
    std::vector<json> found;
    for (const auto& message : sent)
      if (message.value("method", "") == "textDocument/publishDiagnostics")
        found.push_back(message["params"]);
    return found;
  }
};

std::string sessionWith(const std::string& levelAfter, const std::string& eol = "\n") {
  std::string lines[] = {"---",
                         "date: 2026-11-20",
                         "duration_min: 90",
                         "track: 02-Infra-System",
                         "module: vLLM",
                         "topic: 페이징 😀 notes",
                         "goal_type: production",
                         "status: ok",
                         "level_before: L1",
                         "level_after: " + levelAfter,
                         "---"};
  std::string text;
  for (const auto& line : lines)
    text += line + eol;
  return text;
}

const json* find(const json& diagnostics, const std::string& code) {
  for (const auto& diagnostic : diagnostics)
    if (diagnostic.value("code", "") == code)
      return &diagnostic;
  return nullptr;
}

} // namespace

TEST_CASE("A burst of edits is analysed once, for the newest version", "[lsp]") {
  Harness harness;
  harness.initialize();
  harness.open(kUri, sessionWith("L2"));
  harness.server.publishPending();
  REQUIRE(harness.publishes().size() == 1);
  auto analysesBefore = harness.server.analysisCount();

  // Five keystrokes queued before the server gets to analyse: L2 → L9 → L2 → L9 → L2 → L9.
  for (int version = 2; version <= 6; ++version) {
    json change = {
        {"range",
         {{"start", {{"line", 9}, {"character", 14}}}, {"end", {{"line", 9}, {"character", 15}}}}},
        {"text", version % 2 == 0 ? "9" : "2"}};
    harness.notify("textDocument/didChange",
                   {{"textDocument", {{"uri", kUri}, {"version", version}}},
                    {"contentChanges", json::array({change})}});
  }
  harness.server.publishPending();
  CHECK(harness.server.analysisCount() == analysesBefore + 1);
  auto publishes = harness.publishes();
  REQUIRE(publishes.size() == 2);
  CHECK(publishes.back()["version"] == 6);
  CHECK(find(publishes.back()["diagnostics"], "invalid-enum") != nullptr);

  // Nothing changed: nothing is analysed or published again.
  harness.server.publishPending();
  CHECK(harness.publishes().size() == 2);
}

TEST_CASE("Ranges are exact on CRLF text with a BOM and non-ASCII text", "[lsp][positions]") {
  Harness harness;
  harness.initialize();
  harness.open(kUri, "\xEF\xBB\xBF" + sessionWith("L9", "\r\n"));
  harness.server.publishPending();
  auto diagnostics = harness.publishes().at(0)["diagnostics"];
  const auto* invalid = find(diagnostics, "invalid-enum");
  REQUIRE(invalid);
  CHECK((*invalid)["range"]["start"] == json{{"line", 9}, {"character", 13}});
  CHECK((*invalid)["range"]["end"] == json{{"line", 9}, {"character", 15}});

  SECTION("an incremental edit on CRLF text lands where the client points") {
    json change = {
        {"range",
         {{"start", {{"line", 9}, {"character", 14}}}, {"end", {{"line", 9}, {"character", 15}}}}},
        {"text", "3"}};
    harness.notify("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                                              {"contentChanges", json::array({change})}});
    harness.server.publishPending();
    auto after = harness.publishes().back();
    CHECK(after["version"] == 2);
    CHECK(find(after["diagnostics"], "invalid-enum") == nullptr);
    CHECK(find(after["diagnostics"], "yaml-syntax") == nullptr);
  }
}

TEST_CASE("Editing the template buffer changes the rules for open sessions at once",
          "[lsp][schema]") {
  Harness harness;
  harness.initialize();
  std::string text = sessionWith("L2");
  text.replace(text.find("02-Infra-System"), 15, "05-Agents");
  harness.open(kUri, text);
  harness.server.publishPending();
  CHECK(find(harness.publishes().back()["diagnostics"], "invalid-enum") != nullptr);

  std::string custom(session::core::seedTemplateText());
  custom.insert(custom.find("04-Interview") + 12, " | 05-Agents");
  harness.open(std::string(kRoot) + "/SESSION-TEMPLATE.md", custom);
  harness.server.publishPending();
  json latest;
  for (const auto& publish : harness.publishes())
    if (publish["uri"] == kUri)
      latest = publish;
  CHECK(find(latest["diagnostics"], "invalid-enum") == nullptr);

  // Completion of `track:` (line 3) offers the template's new track too.
  harness.request(
      7, "textDocument/completion",
      {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 3}, {"character", 7}}}});
  std::vector<std::string> tracks;
  for (const auto& item : harness.sent.back()["result"]["items"])
    tracks.push_back(item["label"]);
  CHECK(tracks == std::vector<std::string>{"01-Frameworks", "02-Infra-System", "03-Theory-Paper",
                                           "04-Interview", "05-Agents"});
}

TEST_CASE("Out-of-range positions in an edit are clamped, never a crash", "[lsp][robust]") {
  Harness harness;
  harness.initialize();
  harness.open(kUri, sessionWith("L2"));
  json change = {
      {"range",
       {{"start", {{"line", 500}, {"character", 0}}}, {"end", {{"line", 900}, {"character", 7}}}}},
      {"text", "tail"}};
  harness.notify("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                                            {"contentChanges", json::array({change})}});
  json inLine = {
      {"range",
       {{"start", {{"line", 0}, {"character", 400}}}, {"end", {{"line", 0}, {"character", 400}}}}},
      {"text", ""}};
  harness.notify("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", 3}}},
                                            {"contentChanges", json::array({inLine})}});
  harness.server.publishPending();
  CHECK(harness.publishes().back()["version"] == 3);
}

TEST_CASE("Pull clients get no pushed diagnostics", "[lsp][pull]") {
  Harness harness;
  harness.initialize({{"textDocument", {{"diagnostic", json::object()}}}});
  harness.open(kUri, sessionWith("L9"));
  harness.server.publishPending();
  CHECK(harness.publishes().empty());
  harness.request(7, "textDocument/diagnostic", {{"textDocument", {{"uri", kUri}}}});
  const auto& reply = harness.sent.back();
  CHECK(reply["id"] == 7);
  CHECK(reply["result"]["kind"] == "full");
  CHECK(find(reply["result"]["items"], "invalid-enum") != nullptr);
}

namespace {
/// A scratch workspace folder on disk, removed at the end of the test.
struct ScratchWorkspace {
  std::filesystem::path root;
  ScratchWorkspace() {
    root = std::filesystem::temp_directory_path() /
           ("session-lsp-lsp-test-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(root / "sessions");
  }
  ~ScratchWorkspace() {
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
  }
  void write(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
  std::string uri(const std::string& relative = "") const {
    return "file://" + (relative.empty() ? root.string() : (root / relative).string());
  }
};

std::string sessionOnModule(const std::string& module, const std::string& tags) {
  return "---\ndate: 2026-11-20\ntrack: 02-Infra-System\nmodule: " + module + "\ntags: [" + tags +
         "]\n---\n";
}

std::vector<std::string> completionLabels(const json& reply) {
  std::vector<std::string> labels;
  for (const auto& item : reply["result"]["items"])
    labels.push_back(item["label"]);
  return labels;
}
} // namespace

TEST_CASE("Completion reads the workspace index, kept current by edits and watched files",
          "[lsp][completion]") {
  ScratchWorkspace workspace;
  workspace.write("sessions/2026-11-18__02-Infra-System__SGLang__a.md",
                  sessionOnModule("SGLang", "serving"));
  workspace.write("tracks/02-Infra-System/Triton/INDEX.md", "# Triton\n");
  Harness harness;
  harness.request(
      0, "initialize",
      {{"rootUri", workspace.uri()},
       {"capabilities",
        {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}}}});
  harness.notify("initialized", json::object());
  // The client is asked to watch the files the index depends on.
  auto registration = std::find_if(harness.sent.begin(), harness.sent.end(), [](const json& m) {
    return m.value("method", "") == "client/registerCapability";
  });
  REQUIRE(registration != harness.sent.end());
  CHECK((*registration)["params"]["registrations"][0]["method"] ==
        "workspace/didChangeWatchedFiles");

  std::string self = "sessions/2026-11-20__02-Infra-System__vLLM__b.md";
  harness.open(workspace.uri(self), sessionOnModule("", ""));
  auto moduleCompletion = [&](int id) {
    harness.request(id, "textDocument/completion",
                    {{"textDocument", {{"uri", workspace.uri(self)}}},
                     {"position", {{"line", 3}, {"character", 8}}}});
    return completionLabels(harness.sent.back());
  };
  auto labels = moduleCompletion(1);
  // Indexed at initialize: the other session's module first, then the track's folders, then
  // the template's examples.
  REQUIRE(labels.size() >= 3);
  CHECK(labels[0] == "SGLang");
  CHECK(labels[1] == "Triton");

  // A new session appears on disk and the client reports it: its module is offered at once.
  workspace.write("sessions/2026-11-19__02-Infra-System__Mooncake__c.md",
                  sessionOnModule("Mooncake", "kv-cache"));
  harness.notify(
      "workspace/didChangeWatchedFiles",
      {{"changes", json::array({{{"uri", workspace.uri("sessions/2026-11-19__02-Infra-System__"
                                                       "Mooncake__c.md")},
                                 {"type", 1}}})}});
  labels = moduleCompletion(2);
  CHECK(std::find(labels.begin(), labels.end(), "Mooncake") != labels.end());

  // An open buffer speaks for its file: typing a module in another open session counts as
  // soon as it is parsed, and the half-typed value of the file itself is never offered.
  std::string other = "sessions/2026-11-21__02-Infra-System__Dynamo__d.md";
  harness.open(workspace.uri(other), sessionOnModule("Dynamo", ""));
  harness.server.publishPending();
  harness.notify("textDocument/didChange",
                 {{"textDocument", {{"uri", workspace.uri(self)}, {"version", 2}}},
                  {"contentChanges", json::array({{{"text", sessionOnModule("Dyn", "")}}})}});
  labels = moduleCompletion(3);
  CHECK(std::find(labels.begin(), labels.end(), "Dynamo") != labels.end());
  CHECK(std::find(labels.begin(), labels.end(), "Dyn") == labels.end());

  // Tags: the other sessions' tags, most used first.
  harness.request(4, "textDocument/completion",
                  {{"textDocument", {{"uri", workspace.uri(self)}}},
                   {"position", {{"line", 4}, {"character", 7}}}});
  labels = completionLabels(harness.sent.back());
  CHECK(labels == std::vector<std::string>{"kv-cache", "serving"});
}

TEST_CASE("broken-link follows the disk through watched-file changes, without reopening",
          "[lsp][watched]") {
  ScratchWorkspace workspace;
  workspace.write("lab/vllm/bench.py", "print('ok')\n");
  Harness harness;
  harness.request(0, "initialize",
                  {{"rootUri", workspace.uri()}, {"capabilities", json::object()}});
  harness.notify("initialized", json::object());
  std::string self = "sessions/2026-11-20__02-Infra-System__vLLM__b.md";
  harness.open(workspace.uri(self),
               "---\nmodule: vLLM\nevidence_targets:\n  lab: [/lab/vllm/bench.py]\n---\n");
  auto brokenLinks = [&] {
    harness.server.publishPending();
    size_t count = 0;
    json latest = harness.publishes().back(); // a copy: publishes() returns a temporary
    for (const auto& diagnostic : latest["diagnostics"])
      count += diagnostic["code"] == "broken-link";
    return count;
  };
  auto fileChanged = [&](int type) {
    harness.notify("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({{{"uri", workspace.uri("lab/vllm/bench.py")},
                                              {"type", type}}})}});
  };
  CHECK(brokenLinks() == 0);
  std::filesystem::remove(workspace.root / "lab/vllm/bench.py");
  fileChanged(3); // Deleted
  CHECK(brokenLinks() == 1);
  workspace.write("lab/vllm/bench.py", "print('back')\n");
  fileChanged(1); // Created
  CHECK(brokenLinks() == 0);
}

TEST_CASE("The workspace is indexed in the background with progress, answering meanwhile",
          "[lsp][index]") {
  ScratchWorkspace workspace;
  constexpr int kSessions = 300; // three batches or more
  for (int i = 0; i < kSessions; ++i)
    workspace.write("sessions/2026-11-20__02-Infra-System__M" + std::to_string(i) + "__t.md",
                    sessionOnModule("M" + std::to_string(i), "t"));
  Harness harness;
  std::mutex mutex;
  std::vector<std::function<void()>> tasks;
  harness.server.setTaskPoster([&](std::function<void()> task) {
    std::lock_guard lock(mutex);
    tasks.push_back(std::move(task));
  });
  auto runTasks = [&] {
    std::vector<std::function<void()>> ready;
    {
      std::lock_guard lock(mutex);
      ready.swap(tasks);
    }
    for (auto& task : ready)
      task();
    return ready.size();
  };
  harness.request(
      0, "initialize",
      {{"rootUri", workspace.uri()}, {"capabilities", {{"window", {{"workDoneProgress", true}}}}}});
  CHECK(harness.sent.back()["id"] == 0); // answered at once, before the index is built
  harness.notify("initialized", json::object());
  auto create = std::find_if(harness.sent.begin(), harness.sent.end(), [](const json& message) {
    return message.value("method", "") == "window/workDoneProgress/create";
  });
  // Batches come back as tasks, which only this test runs: indexing is still on.
  REQUIRE(harness.server.indexing());
  REQUIRE(create != harness.sent.end());
  harness.send({{"jsonrpc", "2.0"}, {"id", (*create)["id"]}, {"result", nullptr}});

  // A request while indexing gets its answer now, from what is indexed so far.
  harness.request(1, "workspace/symbol", {{"query", "M"}});
  CHECK(harness.sent.back()["id"] == 1);
  CHECK(harness.sent.back()["result"].size() <= static_cast<size_t>(kSessions));

  for (int wait = 0; wait < 1000 && harness.server.indexing(); ++wait) {
    if (runTasks() == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE_FALSE(harness.server.indexing());
  harness.request(2, "workspace/symbol", {{"query", "M"}});
  CHECK(harness.sent.back()["result"].size() == static_cast<size_t>(kSessions));

  std::vector<std::string> kinds;
  for (const auto& message : harness.sent)
    if (message.value("method", "") == "$/progress")
      kinds.push_back(message["params"]["value"]["kind"]);
  REQUIRE(kinds.size() >= 2);
  CHECK(kinds.front() == "begin");
  CHECK(kinds.back() == "end");
}

TEST_CASE("workspace/diagnostic reports unchanged files by result id, and changed ones again",
          "[lsp][pull]") {
  ScratchWorkspace workspace;
  workspace.write("sessions/2026-11-18__02-Infra-System__SGLang__a.md",
                  sessionOnModule("SGLang", "serving"));
  workspace.write("sessions/2026-11-19__02-Infra-System__SGLang__b.md",
                  sessionOnModule("SGLang", "x"));
  Harness harness;
  harness.request(0, "initialize",
                  {{"rootUri", workspace.uri()},
                   {"capabilities", {{"textDocument", {{"diagnostic", json::object()}}}}}});
  auto pull = [&](int id, json previous) {
    harness.request(id, "workspace/diagnostic", {{"previousResultIds", std::move(previous)}});
    return harness.sent.back()["result"]["items"];
  };
  json first = pull(1, json::array());
  REQUIRE(first.size() == 2);
  json previous = json::array();
  for (const auto& item : first) {
    CHECK(item["kind"] == "full");
    CHECK(item["version"].is_null());
    previous.push_back({{"uri", item["uri"]}, {"value", item["resultId"]}});
  }
  json second = pull(2, previous);
  REQUIRE(second.size() == 2);
  for (const auto& item : second)
    CHECK(item["kind"] == "unchanged");

  // A file changes on disk: the client says so, and both files are reported in full again
  // (one file's change may change another's diagnostics, e.g. through its module).
  workspace.write("sessions/2026-11-19__02-Infra-System__SGLang__b.md",
                  sessionOnModule("SGLang", "x") + "\nmore\n");
  harness.notify("workspace/didChangeWatchedFiles",
                 {{"changes", json::array({{{"uri", workspace.uri("sessions/2026-11-19__02-"
                                                                  "Infra-System__SGLang__b.md")},
                                            {"type", 2}}})}});
  json third = pull(3, previous);
  REQUIRE(third.size() == 2);
  for (const auto& item : third)
    CHECK(item["kind"] == "full");
}

TEST_CASE("newSession never writes by itself: a client without workspace edits is refused",
          "[lsp][command]") {
  ScratchWorkspace workspace;
  Harness harness;
  harness.request(0, "initialize",
                  {{"rootUri", workspace.uri()}, {"capabilities", json::object()}});
  json arguments = json::array({{{"track", "02-Infra-System"},
                                 {"module", "vLLM"},
                                 {"topic", "Paged"},
                                 {"date", "2026-11-30"}}});
  harness.request(1, "workspace/executeCommand",
                  {{"command", "session-lsp.newSession"}, {"arguments", arguments}});
  CHECK(harness.sent.back().contains("error"));
  CHECK_FALSE(std::filesystem::exists(workspace.root /
                                      "sessions/2026-11-30__02-Infra-System__vLLM__paged.md"));
}
