#include "protocol/Dispatcher.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

using nlohmann::json;
using namespace protocol;

namespace {

// A dispatcher wired to a vector of sent messages, with `initialize` and a few test methods.
struct Harness {
  std::vector<json> sent;
  Dispatcher dispatcher{[this](std::string body) {
    sent.push_back(json::parse(body));
  }};
  std::vector<std::string> notifications;
  std::optional<Reply> stashedReply;

  Harness() {
    dispatcher.onRequest("initialize", [](const json&, Reply reply) {
      reply(json{{"capabilities", json::object()}});
    });
    dispatcher.onRequest("echo", [](const json& params, Reply reply) { reply(params); });
    dispatcher.onRequest("throws", [](const json&, Reply) { throw std::runtime_error("boom"); });
    dispatcher.onRequest("badParams", [](const json&, Reply) {
      throw InvalidParamsError("expected a string, got number", "params.uri");
    });
    dispatcher.onRequest("twice", [](const json&, Reply reply) {
      reply(1);
      reply(2);
      reply.error(ErrorCode::RequestFailed, "three");
    });
    dispatcher.onRequest("never", [](const json&, Reply) {});
    dispatcher.onRequest(
        "later", [this](const json&, Reply reply) { stashedReply.emplace(std::move(reply)); });
    dispatcher.onNotification(
        "note", [this](const json& params) { notifications.push_back(params.dump()); });
  }

  void request(int id, const std::string& method, json params = json::object()) {
    dispatcher.handleMessage(
        json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
  }
  void notify(const std::string& method, json params = json::object()) {
    dispatcher.handleMessage(
        json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump());
  }
  void initialize() {
    request(0, "initialize");
    sent.clear();
  }
  // The error code of the only message sent since the last call.
  int lastErrorCode() {
    REQUIRE(sent.size() == 1);
    json message = sent.back();
    sent.clear();
    REQUIRE(message.contains("error"));
    return message["error"]["code"].get<int>();
  }
};

} // namespace

TEST_CASE("before initialize: requests get ServerNotInitialized, notifications are dropped") {
  Harness h;
  h.request(1, "echo");
  CHECK(h.lastErrorCode() == -32002);
  h.request(2, "shutdown");
  CHECK(h.lastErrorCode() == -32002);
  h.notify("note");
  CHECK(h.notifications.empty());
  CHECK(h.sent.empty());
  CHECK_FALSE(h.dispatcher.initialized());

  h.request(3, "initialize");
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0] ==
        json{{"jsonrpc", "2.0"}, {"id", 3}, {"result", {{"capabilities", json::object()}}}});
  CHECK(h.dispatcher.initialized());
}

TEST_CASE("after initialize: dispatch, unknown methods and a second initialize") {
  Harness h;
  h.initialize();
  h.request(1, "echo", json{{"x", 1}});
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["result"] == json{{"x", 1}});
  h.sent.clear();

  h.request(2, "initialize");
  CHECK(h.lastErrorCode() == -32600);
  h.request(3, "no/such/method");
  CHECK(h.lastErrorCode() == -32601);
  h.request(4, "$/unknownRequest");
  CHECK(h.lastErrorCode() == -32601);

  h.notify("note", json{{"n", 1}});
  h.notify("$/setTrace", json{{"value", "off"}});
  h.notify("unknown/notification");
  CHECK(h.notifications == std::vector<std::string>{"{\"n\":1}"});
  CHECK(h.sent.empty());
}

TEST_CASE("malformed messages get their error and the dispatcher keeps serving") {
  Harness h;
  h.initialize();
  h.dispatcher.handleMessage("{not json");
  CHECK(h.lastErrorCode() == -32700);
  h.dispatcher.handleMessage(R"({"jsonrpc":"2.0","id":true,"method":"echo"})");
  CHECK(h.lastErrorCode() == -32600);
  h.dispatcher.handleFramingError("message header has no Content-Length");
  CHECK(h.lastErrorCode() == -32700);
  h.request(5, "echo", json{{"still", "alive"}});
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["id"] == 5);
}

TEST_CASE("handler exceptions become error replies") {
  Harness h;
  h.initialize();
  h.request(1, "throws");
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["id"] == 1);
  CHECK(h.sent[0]["error"]["code"] == -32603);
  CHECK_THAT(h.sent[0]["error"]["message"].get<std::string>(), Catch::Contains("boom"));
  h.sent.clear();

  h.request(2, "badParams");
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["error"]["code"] == -32602);
  CHECK(h.sent[0]["error"]["message"] == "params.uri: expected a string, got number");
}

TEST_CASE("Reply answers once") {
  Harness h;
  h.initialize();
  h.request(1, "twice");
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["result"] == 1);
  h.sent.clear();

  h.request(2, "never");
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["id"] == 2);
  CHECK(h.sent[0]["error"]["code"] == -32603);
  CHECK(h.sent[0]["error"]["message"] == "server failed to reply");
  h.sent.clear();

  // A reply kept for later answers when called, and a moved-from Reply is inert.
  h.request(3, "later");
  CHECK(h.sent.empty());
  REQUIRE(h.stashedReply);
  Reply moved = std::move(*h.stashedReply);
  h.stashedReply.reset();
  CHECK(h.sent.empty());
  CHECK(moved.method() == "later");
  moved(json{{"done", true}});
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0]["id"] == 3);
}

TEST_CASE("shutdown and exit: exit codes and requests after shutdown") {
  SECTION("exit after shutdown is 0") {
    Harness h;
    h.initialize();
    h.request(1, "shutdown");
    REQUIRE(h.sent.size() == 1);
    CHECK(h.sent[0] == json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", nullptr}});
    h.sent.clear();
    CHECK(h.dispatcher.shutdownRequested());
    h.request(2, "echo");
    CHECK(h.lastErrorCode() == -32600);
    h.notify("note");
    CHECK(h.notifications.empty());
    CHECK_FALSE(h.dispatcher.shouldExit());
    h.notify("exit");
    CHECK(h.dispatcher.shouldExit());
    CHECK(h.dispatcher.exitCode() == 0);
  }
  SECTION("exit without shutdown is 1") {
    Harness h;
    h.initialize();
    h.notify("exit");
    CHECK(h.dispatcher.shouldExit());
    CHECK(h.dispatcher.exitCode() == 1);
  }
  SECTION("exit before initialize is honoured, with 1") {
    Harness h;
    h.dispatcher.handleMessage(R"({"jsonrpc":"2.0","method":"exit"})");
    CHECK(h.dispatcher.shouldExit());
    CHECK(h.dispatcher.exitCode() == 1);
  }
  SECTION("a registered shutdown handler answers") {
    Harness h;
    h.dispatcher.onRequest("shutdown", [](const json&, Reply reply) { reply("bye"); });
    h.initialize();
    h.request(1, "shutdown");
    REQUIRE(h.sent.size() == 1);
    CHECK(h.sent[0]["result"] == "bye");
  }
}

TEST_CASE("a failed initialize can be retried") {
  Harness h;
  h.dispatcher.onRequest("initialize", [](const json& params, Reply reply) {
    if (!params.contains("capabilities"))
      throw InvalidParamsError("required field is missing", "params.capabilities");
    reply(json::object());
  });
  h.request(1, "initialize");
  CHECK(h.lastErrorCode() == -32602);
  CHECK_FALSE(h.dispatcher.initialized());
  h.request(2, "initialize", json{{"capabilities", json::object()}});
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0].contains("result"));
}

TEST_CASE("server->client requests route their response to the callback") {
  Harness h;
  h.initialize();
  std::vector<json> results;
  std::optional<ResponseError> failure;
  h.dispatcher.sendRequest("workspace/configuration", json{{"items", json::array()}},
                           [&](const Response& response) { results.push_back(response.result); });
  h.dispatcher.sendRequest("window/workDoneProgress/create", json{{"token", "t"}},
                           [&](const Response& response) { failure = response.error; });
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent[0]["method"] == "workspace/configuration");
  json firstId = h.sent[0]["id"];
  json secondId = h.sent[1]["id"];
  CHECK(firstId != secondId);

  h.dispatcher.handleMessage(
      json{{"jsonrpc", "2.0"}, {"id", secondId}, {"error", {{"code", -32601}, {"message", "no"}}}}
          .dump());
  h.dispatcher.handleMessage(json{{"jsonrpc", "2.0"}, {"id", firstId}, {"result", {1, 2}}}.dump());
  // A duplicate or unknown response is ignored.
  h.dispatcher.handleMessage(json{{"jsonrpc", "2.0"}, {"id", firstId}, {"result", 3}}.dump());
  CHECK(results == std::vector<json>{json::array({1, 2})});
  REQUIRE(failure);
  CHECK(failure->code == ErrorCode::MethodNotFound);

  h.sent.clear();
  h.dispatcher.notify("window/logMessage", json{{"type", 3}, {"message", "hi"}});
  REQUIRE(h.sent.size() == 1);
  CHECK_FALSE(h.sent[0].contains("id"));
  CHECK(h.sent[0]["params"]["message"] == "hi");
}

TEST_CASE("$/cancelRequest: a queued request is answered RequestCancelled without running",
          "[dispatcher][cancel]") {
  Harness harness;
  harness.initialize();
  // The reader thread records the cancel before the main thread reaches the request.
  harness.dispatcher.cancellations().noteIfCancel(
      R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}})");
  harness.request(7, "echo", {{"ran", true}});
  REQUIRE(harness.sent.back()["id"] == 7);
  CHECK(harness.sent.back()["error"]["code"] == -32800);
  CHECK_FALSE(harness.sent.back().contains("result"));
  // The id is forgotten once answered: a later request may reuse it.
  harness.request(7, "echo", {{"ran", true}});
  CHECK(harness.sent.back()["result"]["ran"] == true);
  // A string id `"7"` is not the number 7.
  harness.notify("$/cancelRequest", {{"id", "7"}});
  harness.request(7, "echo", json::object());
  CHECK(harness.sent.back().contains("result"));
}

TEST_CASE("$/cancelRequest: a running handler sees Reply::cancelled()", "[dispatcher][cancel]") {
  Harness harness;
  harness.initialize();
  bool sawCancel = false;
  harness.dispatcher.onRequest("slow", [&](const json&, Reply reply) {
    CHECK_FALSE(reply.cancelled());
    // The client cancels while the handler works (the reader thread records it).
    harness.dispatcher.cancellations().noteIfCancel(
        R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"s-1"}})");
    sawCancel = reply.cancelled();
    reply.error(ErrorCode::RequestCancelled, "cancelled");
  });
  harness.dispatcher.handleMessage(R"({"jsonrpc":"2.0","id":"s-1","method":"slow"})");
  CHECK(sawCancel);
  CHECK(harness.sent.back()["error"]["code"] == -32800);
  CHECK_FALSE(harness.dispatcher.cancellations().isCancelled(RequestId{std::string("s-1")}));
  // Bodies that are not cancellations are ignored cheaply, malformed ones safely.
  harness.dispatcher.cancellations().noteIfCancel(R"({"method":"$/cancelRequest","params":{}})");
  harness.dispatcher.cancellations().noteIfCancel("$/cancelRequest not json");
  harness.dispatcher.cancellations().noteIfCancel(R"({"method":"note","params":{"id":3}})");
  CHECK_FALSE(harness.dispatcher.cancellations().isCancelled(RequestId{int64_t{3}}));
}
