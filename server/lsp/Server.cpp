// The server loop: a reader thread turns stdin into whole messages and queues them; the main
// thread handles every queued message, and only when the queue is empty analyses the documents
// that changed — so a burst of keystrokes costs one analysis, of the newest text.
#include "server/lsp/Server.h"

#include "protocol/Transport.h"
#include "server/lsp/LspServer.h"

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>

namespace session::lsp {

namespace {

struct FramingError {
  std::string description;
};
/// Work that another thread hands to the main thread (e.g. a batch of the background index).
using Task = std::function<void()>;
using Incoming = std::variant<std::string, FramingError, Task>;

class MessageQueue {
public:
  void push(Incoming message) {
    {
      std::lock_guard lock(mutex_);
      messages_.push_back(std::move(message));
    }
    ready_.notify_one();
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_one();
  }
  /// Waits for a message; nullopt once closed and drained.
  std::optional<Incoming> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !messages_.empty() || closed_; });
    return takeLocked();
  }
  /// A message if one is queued now.
  std::optional<Incoming> tryPop() {
    std::lock_guard lock(mutex_);
    return takeLocked();
  }

private:
  std::optional<Incoming> takeLocked() {
    if (messages_.empty())
      return std::nullopt;
    auto message = std::move(messages_.front());
    messages_.pop_front();
    return message;
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Incoming> messages_;
  bool closed_ = false;
};

} // namespace

int runServer(const ServerOptions& options) {
  MessageQueue queue;
  protocol::TransportOptions transportOptions;
  transportOptions.style =
      options.delimited ? protocol::StreamStyle::Delimited : protocol::StreamStyle::ContentLength;
  transportOptions.onFramingError = [&queue](const std::string& description) {
    queue.push(FramingError{description});
  };
  auto transport = protocol::Transport::stdio(transportOptions);
  LspServer server([&transport](std::string body) { transport->writeMessage(body); });

  auto handle = [&server](Incoming& message) {
    if (auto* body = std::get_if<std::string>(&message))
      server.handleMessage(*body);
    else if (auto* task = std::get_if<Task>(&message)) {
      (*task)();
      // A slice of long work (the index, workspace/diagnostic) just ran: documents edited
      // meanwhile get their diagnostics now, not when the long work ends.
      server.publishPending();
    } else
      server.handleFramingError(std::get<FramingError>(message).description);
  };

  if (options.synchronous) {
    // Tests: one message at a time, its diagnostics before the next message is read.
    while (!server.shouldExit()) {
      auto body = transport->readMessage();
      if (!body)
        break;
      server.handleMessage(*body);
      server.publishPending();
    }
    return server.shouldExit() ? server.exitCode() : 1;
  }

  // Background work (indexing) hands its results to this thread through the same queue, so
  // requests and index batches interleave and nothing else touches the server's state.
  server.setTaskPoster([&queue](Task task) { queue.push(std::move(task)); });

  // The reader runs detached: at `exit` the process ends even while it blocks on stdin. It
  // records `$/cancelRequest` as it reads it, so a request being handled can see it.
  std::thread reader([&transport, &queue, &server] {
    while (auto body = transport->readMessage()) {
      server.cancellations().noteIfCancel(*body);
      queue.push(std::move(*body));
    }
    queue.close();
  });
  reader.detach();

  // LSP: when the client's process (initialize's `processId`) is gone, exit — an editor that
  // crashed must not leave the server behind. Checked twice a second.
  std::thread parentWatch([&server] {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      int64_t parent = server.parentProcessId();
      if (parent > 0 && ::kill(static_cast<pid_t>(parent), 0) != 0 && errno == ESRCH) {
        std::fprintf(stderr, "session-lsp: the client process %lld is gone; exiting\n",
                     static_cast<long long>(parent));
        std::_Exit(1);
      }
    }
  });
  parentWatch.detach();

  while (!server.shouldExit()) {
    auto message = queue.pop();
    if (!message)
      break;
    handle(*message);
    while (!server.shouldExit()) {
      auto next = queue.tryPop();
      if (!next)
        break;
      handle(*next);
    }
    server.publishPending();
  }
  int code = server.shouldExit() ? server.exitCode() : 1;
  std::fflush(stdout);
  std::_Exit(code); // The reader thread may still block in read(): do not wait for it.
}

} // namespace session::lsp
