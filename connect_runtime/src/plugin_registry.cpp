#include <optional>
#include <string>

#include "connect_runtime/connector.h"

namespace connect_runtime {
namespace {

std::string simple_name(const std::string& class_name) {
  auto dot = class_name.rfind('.');
  return dot == std::string::npos ? class_name : class_name.substr(dot + 1);
}

std::string without_connector_suffix(const std::string& simple) {
  constexpr std::string_view suffix = "Connector";
  if (simple.size() > suffix.size() && simple.ends_with(suffix)) {
    return simple.substr(0, simple.size() - suffix.size());
  }
  return simple;
}

}  // namespace

void PluginRegistry::add(const std::string& class_name, const std::string& type, Factory factory) {
  entries_[class_name] = Entry{PluginInfo{class_name, type, ""}, std::move(factory)};
}

const PluginRegistry::Entry* PluginRegistry::resolve(const std::string& class_name) const {
  if (auto it = entries_.find(class_name); it != entries_.end()) return &it->second;
  // Kafka Connect aliases: the simple class name, or the simple name minus "Connector". When
  // several registered classes share an alias the first in name order wins.
  const Entry* found = nullptr;
  for (const auto& [name, entry] : entries_) {
    std::string simple = simple_name(name);
    if (simple == class_name || without_connector_suffix(simple) == class_name) {
      found = &entry;
      break;
    }
  }
  return found;
}

std::unique_ptr<SourceConnector> PluginRegistry::create(const std::string& class_name) const {
  const Entry* e = resolve(class_name);
  if (e == nullptr || !e->factory) return nullptr;
  return e->factory();
}

std::optional<PluginInfo> PluginRegistry::find(const std::string& class_name) const {
  const Entry* e = resolve(class_name);
  if (e == nullptr) return std::nullopt;
  PluginInfo info = e->info;
  if (e->factory) {
    if (auto c = e->factory()) info.version = c->version();
  }
  return info;
}

std::vector<PluginInfo> PluginRegistry::list() const {
  std::vector<PluginInfo> out;
  out.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) {
    PluginInfo info = entry.info;
    if (entry.factory) {
      if (auto c = entry.factory()) info.version = c->version();
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace connect_runtime
