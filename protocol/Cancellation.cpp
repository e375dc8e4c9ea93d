#include "protocol/Cancellation.h"

#include <nlohmann/json.hpp>

namespace protocol {

namespace {
std::string key(const RequestId& id) {
  return std::holds_alternative<int64_t>(id) ? "n" + std::to_string(std::get<int64_t>(id))
                                             : "s" + std::get<std::string>(id);
}
} // namespace

void CancellationRegistry::cancel(const RequestId& id) {
  std::lock_guard lock(mutex_);
  ids_.insert(key(id));
}

bool CancellationRegistry::isCancelled(const RequestId& id) const {
  std::lock_guard lock(mutex_);
  return ids_.contains(key(id));
}

void CancellationRegistry::forget(const RequestId& id) {
  std::lock_guard lock(mutex_);
  ids_.erase(key(id));
}

void CancellationRegistry::noteIfCancel(std::string_view body) {
  if (body.find("$/cancelRequest") == std::string_view::npos ||
      exceedsJsonNesting(body, kMaxJsonNesting))
    return;
  auto message = nlohmann::json::parse(body, nullptr, false);
  if (!message.is_object() || message.value("method", nlohmann::json()) != "$/cancelRequest")
    return;
  const auto& params = message.value("params", nlohmann::json());
  if (!params.is_object() || !params.contains("id"))
    return;
  const auto& id = params["id"];
  if (id.is_number_integer())
    cancel(RequestId{id.get<int64_t>()});
  else if (id.is_string())
    cancel(RequestId{id.get<std::string>()});
}

} // namespace protocol
