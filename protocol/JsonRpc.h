// JSON-RPC 2.0 as LSP uses it: error codes, request ids, classifying incoming bodies, and
// building outgoing messages. No I/O and no LSP lifecycle (that is Dispatcher.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace protocol {

/// Error codes of JSON-RPC and LSP 3.17. Incoming error responses may carry other values; the
/// enum's int representation holds them unchanged.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

/// Thrown by handlers (and by the from_json functions of Protocol.h) when the params of a
/// request are missing a field or have one of the wrong type. The dispatcher answers it with an
/// InvalidParams error whose message is what(): "<path>: <detail>", e.g.
/// "params.textDocument.uri: expected a string, got number".
class InvalidParamsError : public std::runtime_error {
public:
  explicit InvalidParamsError(std::string detail, std::string path = "");
  /// The JSON path of the offending value, e.g. "params.contentChanges[0].range" (may be empty).
  const std::string& path() const { return path_; }
  const std::string& detail() const { return detail_; }
  /// The same error one level further out: \p segment is an object key or "[index]".
  InvalidParamsError within(std::string_view segment) const;

private:
  std::string detail_;
  std::string path_;
};

/// A request id: JSON-RPC allows integers and strings (null only in error responses).
using RequestId = std::variant<int64_t, std::string>;

nlohmann::json toJson(const RequestId& id);
/// The id if \p value is an integer (in int64 range) or a string; nullopt for anything else
/// (null, bool, float, object, array).
std::optional<RequestId> parseRequestId(const nlohmann::json& value);
/// For logs: `7` or `"abc"`.
std::string toString(const RequestId& id);

/// The `error` member of a response.
struct ResponseError {
  ErrorCode code = ErrorCode::UnknownErrorCode;
  std::string message;
  nlohmann::json data; ///< null when absent.
};

/// An incoming call that expects exactly one response.
struct Request {
  RequestId id;
  std::string method;
  nlohmann::json params; ///< null when absent.
};

/// An incoming message without id: never answered.
struct Notification {
  std::string method;
  nlohmann::json params; ///< null when absent.
};

/// A client's answer to a request the server sent.
struct Response {
  std::optional<RequestId> id; ///< nullopt only for an error response with id null.
  nlohmann::json result;       ///< Meaningful when `error` is empty.
  std::optional<ResponseError> error;
};

/// A body that is not a valid JSON-RPC message, with the error reply it deserves.
struct InvalidMessage {
  ErrorCode code = ErrorCode::InvalidRequest; ///< ParseError or InvalidRequest.
  std::string message;                        ///< Why, for the reply and the log.
  std::optional<RequestId> id; ///< Echoed when the message had a usable id, else null.
  /// The complete error response to send back.
  nlohmann::json reply() const;
};

using IncomingMessage = std::variant<Request, Notification, Response, InvalidMessage>;

/// Messages nested deeper than this (arrays and objects) are refused with ParseError.
inline constexpr size_t kMaxJsonNesting = 512;
/// Whether \p text (JSON) nests arrays and objects deeper than \p limit (strings skipped).
bool exceedsJsonNesting(std::string_view text, size_t limit);

/// Classifies one message body.
/// - not JSON -> InvalidMessage{ParseError}, id null;
/// - not an object (batches included: LSP has none), `jsonrpc` missing or not "2.0", an id that
///   is not an integer or string, a method that is not a string, params that are neither object
///   nor array, or an object that is neither call nor response -> InvalidMessage{InvalidRequest}
///   (the id is echoed when it is usable).
IncomingMessage classify(std::string_view body);

/// Builders for outgoing messages. `params` is omitted when null.
nlohmann::json makeRequest(const RequestId& id, std::string_view method, nlohmann::json params);
nlohmann::json makeNotification(std::string_view method, nlohmann::json params);
nlohmann::json makeResult(const RequestId& id, nlohmann::json result);
/// An error response; \p id nullopt gives `"id": null`. `data` is omitted when null.
nlohmann::json makeError(const std::optional<RequestId>& id, ErrorCode code,
                         std::string_view message, nlohmann::json data = nullptr);

/// Serialises compactly. Strings with invalid UTF-8 get U+FFFD instead of throwing, so a stray
/// byte in a document can never take the server down.
std::string serialize(const nlohmann::json& message);
/// Pretty-printed with two-space indent (keys are sorted: nlohmann objects are ordered maps).
std::string serializePretty(const nlohmann::json& message);

} // namespace protocol
