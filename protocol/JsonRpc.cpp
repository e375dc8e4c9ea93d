#include "protocol/JsonRpc.h"

#include <limits>

namespace protocol {

using nlohmann::json;

InvalidParamsError::InvalidParamsError(std::string detail, std::string path)
    : std::runtime_error(path.empty() ? detail : path + ": " + detail), detail_(std::move(detail)),
      path_(std::move(path)) {}

InvalidParamsError InvalidParamsError::within(std::string_view segment) const {
  std::string path(segment);
  if (!path_.empty()) {
    if (path_.front() != '[')
      path += '.';
    path += path_;
  }
  return InvalidParamsError(detail_, std::move(path));
}

json toJson(const RequestId& id) {
  return std::visit([](const auto& value) { return json(value); }, id);
}

std::optional<RequestId> parseRequestId(const json& value) {
  if (value.is_number_unsigned()) {
    auto number = value.get<uint64_t>();
    if (number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return std::nullopt;
    return RequestId(static_cast<int64_t>(number));
  }
  if (value.is_number_integer())
    return RequestId(value.get<int64_t>());
  if (value.is_string())
    return RequestId(value.get<std::string>());
  return std::nullopt;
}

std::string toString(const RequestId& id) {
  return serialize(toJson(id));
}

json InvalidMessage::reply() const {
  return makeError(id, code, message);
}

namespace {

InvalidMessage invalid(std::string message, std::optional<RequestId> id = std::nullopt) {
  return InvalidMessage{ErrorCode::InvalidRequest, std::move(message), std::move(id)};
}

std::optional<ResponseError> parseResponseError(const json& error) {
  if (!error.is_object())
    return std::nullopt;
  auto code = error.find("code");
  auto message = error.find("message");
  if (code == error.end() || !code->is_number_integer() || message == error.end() ||
      !message->is_string())
    return std::nullopt;
  ResponseError parsed;
  parsed.code = static_cast<ErrorCode>(code->get<int>());
  parsed.message = message->get<std::string>();
  if (auto data = error.find("data"); data != error.end())
    parsed.data = *data;
  return parsed;
}

} // namespace

bool exceedsJsonNesting(std::string_view text, size_t limit) {
  size_t depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit)
        return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

IncomingMessage classify(std::string_view body) {
  // nlohmann::json frees and prints nested values recursively: a message nested 100 000 deep
  // would overflow the stack. No LSP message comes near the limit.
  if (exceedsJsonNesting(body, kMaxJsonNesting))
    return InvalidMessage{ErrorCode::ParseError,
                          "message is nested more than " + std::to_string(kMaxJsonNesting) +
                              " levels deep",
                          std::nullopt};
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded())
    return InvalidMessage{ErrorCode::ParseError, "message is not valid JSON", std::nullopt};
  if (message.is_array())
    return invalid("batch messages are not supported");
  if (!message.is_object())
    return invalid("message is not a JSON object");

  std::optional<RequestId> id;
  auto idMember = message.find("id");
  bool hasId = idMember != message.end();
  if (hasId && !idMember->is_null()) {
    id = parseRequestId(*idMember);
    if (!id)
      return invalid("id must be an integer or a string");
  }

  auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0")
    return invalid("jsonrpc must be \"2.0\"", id);

  auto method = message.find("method");
  if (method != message.end()) {
    if (!method->is_string())
      return invalid("method must be a string", id);
    json params;
    if (auto found = message.find("params"); found != message.end()) {
      if (!found->is_object() && !found->is_array() && !found->is_null())
        return invalid("params must be an object or an array", id);
      params = *found;
    }
    if (!hasId)
      return Notification{method->get<std::string>(), std::move(params)};
    if (!id)
      return invalid("a request's id must not be null");
    return Request{std::move(*id), method->get<std::string>(), std::move(params)};
  }

  auto result = message.find("result");
  auto error = message.find("error");
  bool hasResult = result != message.end();
  bool hasError = error != message.end();
  if (!hasId)
    return invalid("message has neither method nor id");
  if (hasResult == hasError)
    return invalid("a response must have exactly one of result and error", id);
  Response response;
  response.id = id;
  if (hasResult) {
    if (!id)
      return invalid("a successful response must have an id");
    response.result = *result;
  } else {
    response.error = parseResponseError(*error);
    if (!response.error)
      return invalid("error must be an object with an integer code and a string message", id);
  }
  return response;
}

json makeRequest(const RequestId& id, std::string_view method, json params) {
  json message = {{"jsonrpc", "2.0"}, {"id", toJson(id)}, {"method", method}};
  if (!params.is_null())
    message["params"] = std::move(params);
  return message;
}

json makeNotification(std::string_view method, json params) {
  json message = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null())
    message["params"] = std::move(params);
  return message;
}

json makeResult(const RequestId& id, json result) {
  return {{"jsonrpc", "2.0"}, {"id", toJson(id)}, {"result", std::move(result)}};
}

json makeError(const std::optional<RequestId>& id, ErrorCode code, std::string_view message,
               json data) {
  json error = {{"code", static_cast<int>(code)}, {"message", message}};
  if (!data.is_null())
    error["data"] = std::move(data);
  return {
      {"jsonrpc", "2.0"}, {"id", id ? toJson(*id) : json(nullptr)}, {"error", std::move(error)}};
}

std::string serialize(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string serializePretty(const json& message) {
  return message.dump(2, ' ', false, json::error_handler_t::replace);
}

} // namespace protocol
