// Strict JSON -> struct reading with exact error paths (clangd's ObjectMapper, for nlohmann).
//
// from_json functions of Protocol.h are written with it, and server code can use it for params
// types of its own:
//
//   void from_json(const nlohmann::json& value, HoverParams& out) {
//     ObjectMapper mapper(value);
//     mapper.required("textDocument", out.textDocument);
//     mapper.required("position", out.position);
//   }
//   ... auto params = parseParams<HoverParams>(json);  // "params.position.line: expected ..."
//
// Nothing is converted loosely: a string is not a number, 1.5 is not an integer, -1 is not an
// unsigned. Errors are InvalidParamsError, which the Dispatcher answers with InvalidParams.
#pragma once

#include "protocol/JsonRpc.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace protocol {

namespace detail {
template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

[[noreturn]] inline void expected(std::string_view what, const nlohmann::json& value) {
  throw InvalidParamsError("expected " + std::string(what) + ", got " + value.type_name());
}
} // namespace detail

/// Reads \p value into \p out. Supports nlohmann::json (copied as-is), std::string, bool,
/// integers (range-checked), double, std::vector<T>, std::optional<T> (null -> nullopt) and any
/// type with a `from_json(const nlohmann::json&, T&)` found by ADL. Throws InvalidParamsError
/// with a path relative to \p value.
template <class T> void readJson(const nlohmann::json& value, T& out) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    out = value;
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!value.is_string())
      detail::expected("a string", value);
    out = value.get<std::string>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!value.is_boolean())
      detail::expected("a boolean", value);
    out = value.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (!value.is_number_integer())
      detail::expected("an integer", value);
    bool fits =
        value.is_number_unsigned()
            ? value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max())
            : value.get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
                  (std::is_unsigned_v<T> ||
                   value.get<int64_t>() <= static_cast<int64_t>(std::numeric_limits<T>::max()));
    if (!fits)
      throw InvalidParamsError("integer " + value.dump() + " is out of range");
    out = value.is_number_unsigned() ? static_cast<T>(value.get<uint64_t>())
                                     : static_cast<T>(value.get<int64_t>());
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!value.is_number())
      detail::expected("a number", value);
    out = value.get<T>();
  } else if constexpr (detail::IsOptional<T>::value) {
    if (value.is_null()) {
      out.reset();
    } else {
      typename T::value_type inner{};
      readJson(value, inner);
      out = std::move(inner);
    }
  } else if constexpr (detail::IsVector<T>::value) {
    if (!value.is_array())
      detail::expected("an array", value);
    T items;
    items.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
      typename T::value_type item{};
      try {
        readJson(value[i], item);
      } catch (const InvalidParamsError& e) {
        throw e.within("[" + std::to_string(i) + "]");
      }
      items.push_back(std::move(item));
    }
    out = std::move(items);
  } else {
    from_json(value, out); // The type's own reader, found by ADL.
  }
}

/// Reads the members of one JSON object.
class ObjectMapper {
public:
  /// Throws InvalidParamsError unless \p value is an object.
  explicit ObjectMapper(const nlohmann::json& value) : object_(value) {
    if (!value.is_object())
      detail::expected("an object", value);
  }

  /// The member must be present (null counts as present: T decides whether it accepts it).
  template <class T> void required(std::string_view key, T& out) const {
    const nlohmann::json* member = find(key);
    if (!member)
      throw InvalidParamsError("required field is missing", std::string(key));
    read(key, *member, out);
  }

  /// An absent or null member leaves \p out unchanged (its default).
  template <class T> void optional(std::string_view key, T& out) const {
    const nlohmann::json* member = find(key);
    if (member && !member->is_null())
      read(key, *member, out);
  }

  /// An absent or null member gives nullopt.
  template <class T> void optional(std::string_view key, std::optional<T>& out) const {
    const nlohmann::json* member = find(key);
    out.reset();
    if (member && !member->is_null()) {
      T value{};
      read(key, *member, value);
      out = std::move(value);
    }
  }

  /// The member, or nullptr when absent.
  const nlohmann::json* find(std::string_view key) const {
    auto found = object_.find(key);
    return found == object_.end() ? nullptr : &*found;
  }

private:
  template <class T> static void read(std::string_view key, const nlohmann::json& member, T& out) {
    try {
      readJson(member, out);
    } catch (const InvalidParamsError& e) {
      throw e.within(key);
    }
  }

  const nlohmann::json& object_;
};

/// Reads a request's or notification's params; errors read "params.<path>: <detail>".
template <class T> T parseParams(const nlohmann::json& params) {
  T out{};
  try {
    readJson(params, out);
  } catch (const InvalidParamsError& e) {
    throw e.within("params");
  }
  return out;
}

} // namespace protocol
