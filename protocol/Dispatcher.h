// Routes incoming JSON-RPC messages to handlers and enforces the LSP lifecycle.
//
// The dispatcher sees message bodies, not bytes: the server feeds it what Transport::readMessage
// returns and gives it a send function (Transport::writeMessage in the server, a vector in
// tests). Lifecycle, as LSP 3.17 specifies it:
// - before `initialize`, every request but `initialize` gets ServerNotInitialized (-32002) and
//   every notification but `exit` is dropped;
// - a second `initialize` gets InvalidRequest;
// - `shutdown` is answered (by its handler if one is registered, else with null) and from then
//   on every request gets InvalidRequest and notifications other than `exit` are dropped;
// - `exit` makes shouldExit() true, with exitCode() 0 after `shutdown` and 1 without.
// Unknown requests get MethodNotFound; unknown notifications (`$/...` included) are ignored.
// A handler that throws InvalidParamsError gets an InvalidParams reply, any other exception an
// InternalError reply; the dispatcher keeps serving either way. `$/cancelRequest` marks its id
// in cancellations(): a request not yet handled gets RequestCancelled without running, and a
// running handler may poll Reply::cancelled() and stop (it must still answer).
// Threads: register every handler before the first handleMessage(); handleMessage() is called
// from one thread; sendRequest(), notify() and Reply may be used from any thread.
#pragma once

#include "protocol/Cancellation.h"
#include "protocol/JsonRpc.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace protocol {

/// Sends one serialized (compact JSON) message. Must be safe to call from any thread.
using SendFunction = std::function<void(std::string body)>;

/// The one answer to one request (clangd's ReplyOnce). Move-only; may be moved to another thread
/// and called there. Only the first call sends anything: a second is logged to stderr and
/// ignored. Destroying a Reply that never answered sends InternalError "server failed to reply".
class Reply {
public:
  Reply(RequestId id, std::string method, SendFunction send);
  Reply(Reply&&) noexcept = default;
  Reply& operator=(Reply&&) noexcept;
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  ~Reply();

  /// Answers with a result (use nullptr for a `null` result).
  void operator()(nlohmann::json result);
  /// Answers with an error.
  void error(ErrorCode code, std::string_view message);
  const RequestId& id() const;
  const std::string& method() const;
  /// True once the client sent `$/cancelRequest` for this request: a long handler should stop
  /// and answer `error(ErrorCode::RequestCancelled, …)`.
  bool cancelled() const;

private:
  friend class Dispatcher;
  struct State;
  bool claim(); // True for the first answer only.
  void finishWithoutReply();

  std::shared_ptr<State> state_;
};

class Dispatcher {
public:
  using RequestHandler = std::function<void(const nlohmann::json& params, Reply reply)>;
  using NotificationHandler = std::function<void(const nlohmann::json& params)>;
  /// Receives the client's response to sendRequest(); `response.error` is set for an error.
  using ResponseHandler = std::function<void(const Response& response)>;

  explicit Dispatcher(SendFunction send);

  /// Registers the handler of a request; a later registration of the same method replaces it.
  /// `initialize` must be registered by the server (it builds the capabilities); `shutdown` may
  /// be (to stop work), otherwise it is answered with null.
  void onRequest(std::string method, RequestHandler handler);
  /// Registers the handler of a notification (`exit` may be registered to clean up; the
  /// dispatcher records the exit either way).
  void onNotification(std::string method, NotificationHandler handler);

  /// Handles one incoming message body. Handlers run on the calling thread.
  void handleMessage(std::string_view body);
  /// Reports a framing error from the transport: logged to stderr and answered with a
  /// ParseError whose id is null, so the client (and a transcript test) sees it.
  void handleFramingError(std::string_view description);

  /// Sends a server->client request; \p onResponse runs on the thread that handles the response
  /// (it is dropped if no response ever comes).
  void sendRequest(std::string_view method, nlohmann::json params, ResponseHandler onResponse);
  /// Sends a server->client notification.
  void notify(std::string_view method, nlohmann::json params);
  /// The cancelled request ids; the reader thread may record into it (noteIfCancel).
  CancellationRegistry& cancellations() { return *cancellations_; }

  bool initialized() const { return state_ != State::Uninitialized; }
  bool shutdownRequested() const { return state_ == State::ShutDown; }
  /// True once `exit` arrived: the server loop should stop.
  bool shouldExit() const { return exitReceived_; }
  /// 0 if `shutdown` preceded `exit`, 1 otherwise (also 1 while no exit arrived).
  int exitCode() const { return exitReceived_ && exitAfterShutdown_ ? 0 : 1; }

private:
  enum class State { Uninitialized, Initialized, ShutDown };

  void handleRequest(Request request);
  void handleNotification(const Notification& notification);
  void handleResponse(const Response& response);
  void sendMessage(const nlohmann::json& message);

  SendFunction send_;
  std::shared_ptr<CancellationRegistry> cancellations_ = std::make_shared<CancellationRegistry>();
  std::map<std::string, RequestHandler, std::less<>> requestHandlers_;
  std::map<std::string, NotificationHandler, std::less<>> notificationHandlers_;
  std::atomic<State> state_ = State::Uninitialized;
  std::atomic<bool> exitReceived_ = false;
  bool exitAfterShutdown_ = false;

  std::mutex pendingMutex_; // Guards the two members below (responses may come from anywhere).
  int64_t nextRequestId_ = 0;
  std::map<int64_t, ResponseHandler> pendingResponses_;
};

} // namespace protocol
