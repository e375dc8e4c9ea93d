#include "protocol/Dispatcher.h"

#include <exception>
#include <iostream>

namespace protocol {

using nlohmann::json;

namespace {

void logToStderr(std::string_view message) {
  std::cerr << "[protocol] " << message << '\n';
}

void sendSafely(const SendFunction& send, const json& message) {
  try {
    send(serialize(message));
  } catch (const std::exception& e) {
    logToStderr(std::string("failed to send a message: ") + e.what());
  }
}

} // namespace

struct Reply::State {
  RequestId id;
  std::string method;
  SendFunction send;
  std::atomic<bool> replied = false;
  // True while the dispatcher runs the handler synchronously: a Reply destroyed by an exception
  // escaping the handler leaves the answer to the dispatcher, which knows the exception.
  std::atomic<bool> insideHandler = false;
  std::shared_ptr<CancellationRegistry> cancellations;
};

Reply::Reply(RequestId id, std::string method, SendFunction send)
    : state_(std::make_shared<State>()) {
  state_->id = std::move(id);
  state_->method = std::move(method);
  state_->send = std::move(send);
}

Reply& Reply::operator=(Reply&& other) noexcept {
  if (this != &other) {
    finishWithoutReply();
    state_ = std::move(other.state_);
  }
  return *this;
}

Reply::~Reply() {
  finishWithoutReply();
}

void Reply::finishWithoutReply() {
  if (!state_ || state_->replied)
    return;
  if (state_->insideHandler && std::uncaught_exceptions() > 0)
    return;
  if (!claim())
    return;
  logToStderr("request " + toString(state_->id) + " (" + state_->method +
              ") finished without a reply");
  sendSafely(state_->send,
             makeError(state_->id, ErrorCode::InternalError, "server failed to reply"));
}

bool Reply::claim() {
  if (!state_->replied.exchange(true))
    return true;
  logToStderr("second reply to request " + toString(state_->id) + " (" + state_->method +
              ") ignored");
  return false;
}

void Reply::operator()(json result) {
  if (state_ && claim())
    sendSafely(state_->send, makeResult(state_->id, std::move(result)));
}

void Reply::error(ErrorCode code, std::string_view message) {
  if (state_ && claim())
    sendSafely(state_->send, makeError(state_->id, code, message));
}

bool Reply::cancelled() const {
  return state_->cancellations && state_->cancellations->isCancelled(state_->id);
}

const RequestId& Reply::id() const {
  return state_->id;
}
const std::string& Reply::method() const {
  return state_->method;
}

Dispatcher::Dispatcher(SendFunction send) : send_(std::move(send)) {}

void Dispatcher::onRequest(std::string method, RequestHandler handler) {
  requestHandlers_[std::move(method)] = std::move(handler);
}

void Dispatcher::onNotification(std::string method, NotificationHandler handler) {
  notificationHandlers_[std::move(method)] = std::move(handler);
}

void Dispatcher::handleMessage(std::string_view body) {
  IncomingMessage message = classify(body);
  if (auto* request = std::get_if<Request>(&message)) {
    handleRequest(std::move(*request));
  } else if (auto* notification = std::get_if<Notification>(&message)) {
    handleNotification(*notification);
  } else if (auto* response = std::get_if<Response>(&message)) {
    handleResponse(*response);
  } else {
    const auto& invalid = std::get<InvalidMessage>(message);
    logToStderr("invalid message: " + invalid.message);
    sendMessage(invalid.reply());
  }
}

void Dispatcher::handleFramingError(std::string_view description) {
  logToStderr("framing error: " + std::string(description));
  sendMessage(
      makeError(std::nullopt, ErrorCode::ParseError, "framing error: " + std::string(description)));
}

void Dispatcher::handleRequest(Request request) {
  auto error = [&](ErrorCode code, std::string_view message) {
    sendMessage(makeError(request.id, code, message));
  };
  bool isInitialize = request.method == "initialize";
  if (isInitialize && state_ != State::Uninitialized)
    return error(ErrorCode::InvalidRequest, "server is already initialized");
  if (!isInitialize && state_ == State::Uninitialized)
    return error(ErrorCode::ServerNotInitialized, "server is not initialized");
  if (state_ == State::ShutDown)
    return error(ErrorCode::InvalidRequest, "server is shutting down");

  auto handler = requestHandlers_.find(request.method);
  if (request.method == "shutdown") {
    state_ = State::ShutDown;
    if (handler == requestHandlers_.end())
      return sendMessage(makeResult(request.id, nullptr));
  }
  if (handler == requestHandlers_.end())
    return error(ErrorCode::MethodNotFound, "method not found: " + request.method);

  if (cancellations_->isCancelled(request.id)) {
    cancellations_->forget(request.id);
    return error(ErrorCode::RequestCancelled, "request cancelled: " + request.method);
  }
  if (isInitialize)
    state_ = State::Initialized;
  // Once answered, the id may be reused by the client: forget its cancellation then.
  auto registry = cancellations_;
  auto id = request.id;
  SendFunction send = [send = send_, registry, id](std::string body) {
    registry->forget(id);
    send(std::move(body));
  };
  Reply reply(request.id, request.method, std::move(send));
  std::shared_ptr<Reply::State> state = reply.state_;
  state->cancellations = cancellations_;
  state->insideHandler = true;
  auto answerFailure = [&](ErrorCode code, const std::string& message) {
    if (isInitialize)
      state_ = State::Uninitialized; // A failed initialize may be retried.
    if (!state->replied.exchange(true))
      error(code, message);
  };
  try {
    handler->second(request.params, std::move(reply));
  } catch (const InvalidParamsError& e) {
    answerFailure(ErrorCode::InvalidParams, e.what());
  } catch (const std::exception& e) {
    logToStderr("request " + toString(request.id) + " (" + request.method +
                ") failed: " + e.what());
    answerFailure(ErrorCode::InternalError, std::string("internal error: ") + e.what());
  } catch (...) {
    logToStderr("request " + toString(request.id) + " (" + request.method + ") failed");
    answerFailure(ErrorCode::InternalError, "internal error");
  }
  state->insideHandler = false;
}

void Dispatcher::handleNotification(const Notification& notification) {
  if (notification.method == "$/cancelRequest") {
    // Recorded here too, for a client whose cancel arrives through handleMessage only.
    if (notification.params.is_object() && notification.params.contains("id")) {
      const auto& id = notification.params["id"];
      if (id.is_number_integer())
        cancellations_->cancel(RequestId{id.get<int64_t>()});
      else if (id.is_string())
        cancellations_->cancel(RequestId{id.get<std::string>()});
    }
    return;
  }
  if (notification.method == "exit") {
    exitAfterShutdown_ = state_ == State::ShutDown;
    exitReceived_ = true;
  } else if (state_ != State::Initialized) {
    return; // LSP: notifications before initialize (and after shutdown) are dropped.
  }
  auto handler = notificationHandlers_.find(notification.method);
  if (handler == notificationHandlers_.end())
    return;
  try {
    handler->second(notification.params);
  } catch (const std::exception& e) {
    logToStderr("notification " + notification.method + " failed: " + e.what());
  } catch (...) {
    logToStderr("notification " + notification.method + " failed");
  }
}

void Dispatcher::handleResponse(const Response& response) {
  ResponseHandler handler;
  if (response.id) {
    if (const auto* number = std::get_if<int64_t>(&*response.id)) {
      std::lock_guard lock(pendingMutex_);
      if (auto pending = pendingResponses_.find(*number); pending != pendingResponses_.end()) {
        handler = std::move(pending->second);
        pendingResponses_.erase(pending);
      }
    }
  }
  if (!handler) {
    logToStderr("response to an unknown request " +
                (response.id ? toString(*response.id) : std::string("null")) + " ignored");
    return;
  }
  try {
    handler(response);
  } catch (const std::exception& e) {
    logToStderr(std::string("response handler failed: ") + e.what());
  }
}

void Dispatcher::sendRequest(std::string_view method, json params, ResponseHandler onResponse) {
  int64_t id = 0;
  {
    std::lock_guard lock(pendingMutex_);
    id = nextRequestId_++;
    pendingResponses_[id] = std::move(onResponse);
  }
  sendMessage(makeRequest(id, method, std::move(params)));
}

void Dispatcher::notify(std::string_view method, json params) {
  sendMessage(makeNotification(method, std::move(params)));
}

void Dispatcher::sendMessage(const json& message) {
  sendSafely(send_, message);
}

} // namespace protocol
