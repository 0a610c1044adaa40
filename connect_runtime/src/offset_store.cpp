#include "connect_runtime/offset_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/logging.h"
#include "json_util.h"

namespace connect_runtime {
namespace {

std::string serialize(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  json::Writer w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

cdc::Error io_error(const std::string& what, const std::string& path, int err) {
  return make_error(ConnectErrc::io_error, fmt::format("{} {}: {}", what, path, std::strerror(err)));
}

cdc::Result<void> write_all(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("Cannot write offset file", path, errno);
    }
    done += static_cast<size_t>(n);
  }
  return cdc::ok();
}

}  // namespace

cdc::Result<std::string> offset_key(const std::string& connector, const std::string& partition_json) {
  std::string partition = "null";
  if (!partition_json.empty()) {
    auto c = json::canonical(partition_json, "source partition");
    if (!c.ok()) return c.error();
    partition = std::move(*c);
  }
  std::string key;
  key.reserve(connector.size() + partition.size() + 6);
  key.push_back('[');
  key.append(json::quote(connector));
  key.push_back(',');
  key.append(partition);
  key.push_back(']');
  return key;
}

std::optional<std::string> OffsetStore::get(const std::string& connector,
                                            const std::string& partition_json) const {
  auto key = offset_key(connector, partition_json);
  if (!key.ok()) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = entries_.find(*key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.offset;
}

cdc::Result<void> OffsetStore::put(const std::string& connector, const std::string& partition_json,
                                   const std::string& offset_json) {
  auto key = offset_key(connector, partition_json);
  if (!key.ok()) return key.error();
  auto offset = json::canonical(offset_json, "source offset");
  if (!offset.ok()) return offset.error();
  std::string partition = partition_json.empty() ? "null" : *json::canonical(partition_json, "");
  std::lock_guard lock(mu_);
  if (*offset == "null") {
    dirty_ |= entries_.erase(*key) > 0;
    return cdc::ok();
  }
  auto& e = entries_[*key];
  if (e.offset == *offset && e.connector == connector) return cdc::ok();
  e = Entry{connector, std::move(partition), std::move(*offset)};
  dirty_ = true;
  return cdc::ok();
}

void OffsetStore::remove_connector(const std::string& connector) {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.connector == connector) {
      it = entries_.erase(it);
      dirty_ = true;
    } else {
      ++it;
    }
  }
}

std::vector<std::pair<std::string, std::string>> OffsetStore::offsets(const std::string& connector) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::lock_guard lock(mu_);
  for (const auto& [key, e] : entries_) {
    if (e.connector == connector) out.emplace_back(e.partition, e.offset);
  }
  return out;
}

cdc::Result<void> MemoryOffsetStore::flush() {
  std::lock_guard lock(mu_);
  dirty_ = false;
  ++flushes_;
  return cdc::ok();
}

int MemoryOffsetStore::flush_count() const {
  std::lock_guard lock(mu_);
  return flushes_;
}

cdc::Result<std::unique_ptr<FileOffsetStore>> FileOffsetStore::open(const std::string& path) {
  std::unique_ptr<FileOffsetStore> store(new FileOffsetStore(path));
  std::error_code fs_ec;
  auto st = std::filesystem::status(path, fs_ec);
  if (st.type() == std::filesystem::file_type::not_found) {
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir, fs_ec)) {
      return make_error(ConnectErrc::io_error,
                        fmt::format("Cannot use offset file {}: directory {} does not exist", path,
                                    dir.string()));
    }
    logger()->info("Offset file {} does not exist yet; starting with no stored offsets", path);
    return store;
  }
  if (st.type() == std::filesystem::file_type::directory) {
    return make_error(ConnectErrc::io_error,
                      fmt::format("Cannot read offset file {}: it is a directory", path));
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("Cannot read offset file", path, errno != 0 ? errno : EIO);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  auto corrupt = [&](const std::string& why) {
    return make_error(ConnectErrc::corrupt_data,
                      fmt::format("Offset file {} is corrupt: {}. Fix or move the file away (the "
                                  "connectors would then start without stored offsets).",
                                  path, why));
  };
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xAC &&
      static_cast<unsigned char>(text[1]) == 0xED) {
    return make_error(ConnectErrc::corrupt_data,
                      fmt::format("Offset file {} is a Kafka Connect (Java-serialized) offset file; "
                                  "this worker stores offsets as JSON and cannot read it. Convert it "
                                  "or point offset.storage.file.filename at a new file.",
                                  path));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return store;  // empty file

  rapidjson::Document doc;
  rapidjson::MemoryStream ms(text.data(), text.size());
  doc.ParseStream<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(ms);
  if (doc.HasParseError()) {
    return corrupt(fmt::format("not valid JSON: {}",
                               json::describe_parse_error(doc.GetParseError(), doc.GetErrorOffset())));
  }
  if (!doc.IsObject()) return corrupt("the top level is not a JSON object");
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    std::string key_text(it->name.GetString(), it->name.GetStringLength());
    rapidjson::Document key;
    key.Parse(key_text.c_str(), key_text.size());
    if (key.HasParseError() || !key.IsArray() || key.Size() != 2 || !key[0].IsString() ||
        !(key[1].IsObject() || key[1].IsNull())) {
      return corrupt(fmt::format("key {} is not a Connect offset key [\"<connector>\",{{partition}}]",
                                 key_text));
    }
    const rapidjson::Value& value = it->value;
    if (value.IsNull()) continue;  // a tombstone: no offset
    if (!value.IsObject()) {
      return corrupt(fmt::format("the offset of {} is not a JSON object", key_text));
    }
    Entry e{std::string(key[0].GetString(), key[0].GetStringLength()), serialize(key[1]), serialize(value)};
    std::string canonical_key = serialize(key);
    store->entries_[canonical_key] = std::move(e);
  }
  logger()->info("Loaded {} stored offset(s) from {}", store->entries_.size(), path);
  return store;
}

cdc::Result<void> FileOffsetStore::flush() {
  std::lock_guard flush_lock(flush_mu_);
  std::string content;
  {
    std::lock_guard lock(mu_);
    if (!dirty_) return cdc::ok();
    content = "{";
    bool first = true;
    for (const auto& [key, e] : entries_) {
      content.append(first ? "\n  " : ",\n  ");
      first = false;
      content.append(json::quote(key));
      content.append(": ");
      content.append(e.offset);
    }
    content.append(first ? "}\n" : "\n}\n");
    dirty_ = false;
  }
  auto mark_dirty = [this] {
    std::lock_guard lock(mu_);
    dirty_ = true;
  };
  const std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    mark_dirty();
    return io_error("Cannot create", tmp, errno);
  }
  auto w = write_all(fd, content, tmp);
  if (!w.ok()) {
    ::close(fd);
    mark_dirty();
    return w;
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    mark_dirty();
    return io_error("Cannot fsync", tmp, err);
  }
  if (::close(fd) != 0) {
    mark_dirty();
    return io_error("Cannot close", tmp, errno);
  }
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    mark_dirty();
    return io_error("Cannot rename " + tmp + " to", path_, errno);
  }
  std::string dir = std::filesystem::path(path_).parent_path().string();
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    if (::fsync(dfd) != 0) {
      int err = errno;
      ::close(dfd);
      return io_error("Cannot fsync directory", dir, err);
    }
    ::close(dfd);
  }
  return cdc::ok();
}

}  // namespace connect_runtime
