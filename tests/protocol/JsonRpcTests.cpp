#include "protocol/JsonRpc.h"

#include <catch2/catch.hpp>

using nlohmann::json;
using namespace protocol;

namespace {

InvalidMessage expectInvalid(std::string_view body) {
  IncomingMessage message = classify(body);
  INFO(body);
  REQUIRE(std::holds_alternative<InvalidMessage>(message));
  return std::get<InvalidMessage>(message);
}

} // namespace

TEST_CASE("classify: requests, notifications and responses") {
  auto request = classify(R"({"jsonrpc":"2.0","id":7,"method":"initialize","params":{"a":1}})");
  REQUIRE(std::holds_alternative<Request>(request));
  CHECK(std::get<Request>(request).id == RequestId(int64_t{7}));
  CHECK(std::get<Request>(request).method == "initialize");
  CHECK(std::get<Request>(request).params == json{{"a", 1}});

  auto stringId = classify(R"({"jsonrpc":"2.0","id":"x-1","method":"m"})");
  REQUIRE(std::holds_alternative<Request>(stringId));
  CHECK(std::get<Request>(stringId).id == RequestId(std::string("x-1")));
  CHECK(std::get<Request>(stringId).params.is_null());

  auto notification = classify(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  REQUIRE(std::holds_alternative<Notification>(notification));
  CHECK(std::get<Notification>(notification).method == "initialized");

  auto result = classify(R"({"jsonrpc":"2.0","id":3,"result":[1]})");
  REQUIRE(std::holds_alternative<Response>(result));
  CHECK(std::get<Response>(result).result == json::array({1}));
  CHECK_FALSE(std::get<Response>(result).error);

  auto error = classify(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32601,"message":"no"}})");
  REQUIRE(std::holds_alternative<Response>(error));
  CHECK_FALSE(std::get<Response>(error).id);
  REQUIRE(std::get<Response>(error).error);
  CHECK(std::get<Response>(error).error->code == ErrorCode::MethodNotFound);
}

TEST_CASE("classify: non-JSON is a parse error with id null") {
  for (std::string_view body : {"", "{", "not json", "{\"jsonrpc\":\"2.0\",}"}) {
    InvalidMessage invalid = expectInvalid(body);
    CHECK(invalid.code == ErrorCode::ParseError);
    CHECK(invalid.reply()["id"].is_null());
    CHECK(invalid.reply()["error"]["code"] == -32700);
  }
}

TEST_CASE("classify: JSON that is not a JSON-RPC message is an invalid request") {
  struct Case {
    std::string_view body;
    json expectedId;
  };
  Case cases[] = {
      {R"(42)", nullptr},
      {R"("text")", nullptr},
      {R"([{"jsonrpc":"2.0","id":1,"method":"a"}])", nullptr}, // Batch.
      {R"({"id":1,"method":"a"})", 1},                         // No jsonrpc.
      {R"({"jsonrpc":"1.0","id":1,"method":"a"})", 1},
      {R"({"jsonrpc":2.0,"id":"s","method":"a"})", "s"},
      {R"({"jsonrpc":"2.0","id":true,"method":"a"})", nullptr},
      {R"({"jsonrpc":"2.0","id":{"n":1},"method":"a"})", nullptr},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"a"})", nullptr},
      {R"({"jsonrpc":"2.0","id":[1],"method":"a"})", nullptr},
      {R"({"jsonrpc":"2.0","id":null,"method":"a"})", nullptr},
      {R"({"jsonrpc":"2.0","id":1,"method":5})", 1},
      {R"({"jsonrpc":"2.0","method":null})", nullptr},
      {R"({"jsonrpc":"2.0","id":2,"method":"a","params":"p"})", 2},
      {R"({"jsonrpc":"2.0"})", nullptr},
      {R"({"jsonrpc":"2.0","id":4})", 4},                                    // Neither.
      {R"({"jsonrpc":"2.0","id":4,"result":1,"error":{}})", 4},              // Both.
      {R"({"jsonrpc":"2.0","id":4,"error":{"code":"x","message":"m"}})", 4}, // Bad error.
  };
  for (const Case& c : cases) {
    InvalidMessage invalid = expectInvalid(c.body);
    INFO(c.body);
    CHECK(invalid.code == ErrorCode::InvalidRequest);
    json reply = invalid.reply();
    CHECK(reply["jsonrpc"] == "2.0");
    CHECK(reply["id"] == c.expectedId);
    CHECK(reply["error"]["code"] == -32600);
    CHECK_FALSE(reply["error"]["message"].get<std::string>().empty());
  }
}

TEST_CASE("request ids convert to and from JSON") {
  CHECK(toJson(RequestId(int64_t{-3})) == json(-3));
  CHECK(toJson(RequestId(std::string("a"))) == json("a"));
  CHECK(parseRequestId(json(9223372036854775807LL)) == RequestId(int64_t{9223372036854775807LL}));
  CHECK_FALSE(parseRequestId(json(18446744073709551615ULL)));
  CHECK_FALSE(parseRequestId(json(1.0)));
  CHECK_FALSE(parseRequestId(json(false)));
  CHECK_FALSE(parseRequestId(json(nullptr)));
  CHECK(toString(RequestId(std::string("a"))) == "\"a\"");
  CHECK(toString(RequestId(int64_t{12})) == "12");
}

TEST_CASE("message builders") {
  CHECK(makeNotification("exit", nullptr) == json{{"jsonrpc", "2.0"}, {"method", "exit"}});
  CHECK(makeRequest(int64_t{1}, "m", json{{"a", 1}}) ==
        json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "m"}, {"params", {{"a", 1}}}});
  CHECK(makeResult(std::string("id"), nullptr) ==
        json{{"jsonrpc", "2.0"}, {"id", "id"}, {"result", nullptr}});
  CHECK(makeError(std::nullopt, ErrorCode::ServerNotInitialized, "later") ==
        json{{"jsonrpc", "2.0"},
             {"id", nullptr},
             {"error", {{"code", -32002}, {"message", "later"}}}});
  CHECK(makeError(int64_t{1}, ErrorCode::RequestFailed, "x", json{{"k", 1}})["error"]["data"] ==
        json{{"k", 1}});
}

TEST_CASE("serialize never throws on invalid UTF-8") {
  json message = {{"text", std::string("a\xff"
                                       "b")}};
  CHECK(serialize(message) == "{\"text\":\"a\xEF\xBF\xBD"
                              "b\"}");
  CHECK(serializePretty(json{{"b", 1}, {"a", 2}}) == "{\n  \"a\": 2,\n  \"b\": 1\n}");
}

TEST_CASE("InvalidParamsError paths compose from the inside out") {
  InvalidParamsError inner("expected a string, got number", "uri");
  InvalidParamsError outer = inner.within("[2]").within("items").within("params");
  CHECK(outer.path() == "params.items[2].uri");
  CHECK(std::string(outer.what()) == "params.items[2].uri: expected a string, got number");
  CHECK(std::string(InvalidParamsError("bad").what()) == "bad");
}

TEST_CASE("classify: JSON nested deeper than the limit is a parse error, not a stack overflow") {
  // 200 000 levels: parsing, freeing or printing this with nlohmann::json would recurse that deep.
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"x","params":)" +
                     std::string(200000, '[') + std::string(200000, ']') + "}";
  auto invalid = expectInvalid(deep);
  CHECK(invalid.code == ErrorCode::ParseError);
  CHECK(invalid.message.find("nested more than 512") != std::string::npos);
  // At the limit it is still read; brackets inside strings do not count.
  std::string atLimit = R"({"jsonrpc":"2.0","method":"x","params":)" + std::string(511, '[') +
                        std::string(511, ']') + "}";
  CHECK(std::holds_alternative<Notification>(classify(atLimit)));
  CHECK_FALSE(exceedsJsonNesting(R"({"a":")" + std::string(1000, '[') + R"("})", 512));
  CHECK_FALSE(exceedsJsonNesting(R"({"a":"\"[[[["})", 2));
}
