// Source offsets by (connector name, source partition), as Kafka Connect stores them: the key is
// Connect's serialized key `["<connector>",<partition json>]` (compact JSON, exactly the bytes
// Connect's JsonConverter writes), the value the offset JSON.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace connect_runtime {

// `["<connector>",<partition>]` with the partition re-serialised compactly (member order and
// number text kept). An empty partition_json stands for a null partition. Error on invalid JSON.
cdc::Result<std::string> offset_key(const std::string& connector, const std::string& partition_json);

// Thread-safe.
class OffsetStore {
 public:
  virtual ~OffsetStore() = default;
  // The stored offset (compact JSON text) for the partition, if any.
  std::optional<std::string> get(const std::string& connector, const std::string& partition_json) const;
  // Records an offset in memory; `flush()` makes it durable. An offset of `null` removes the
  // entry. Error when either JSON text is invalid.
  cdc::Result<void> put(const std::string& connector, const std::string& partition_json,
                        const std::string& offset_json);
  // Removes every offset of a connector (in memory; durable after flush()).
  void remove_connector(const std::string& connector);
  // (partition, offset) pairs of one connector.
  std::vector<std::pair<std::string, std::string>> offsets(const std::string& connector) const;
  // Persists pending changes; a no-op when nothing changed.
  virtual cdc::Result<void> flush() = 0;

 protected:
  struct Entry {
    std::string connector;
    std::string partition;  // compact JSON ("null" for a null partition)
    std::string offset;     // compact JSON
  };
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;  // by serialized key
  bool dirty_ = false;
};

// Offsets kept in memory only (tests, or a worker that must not persist).
class MemoryOffsetStore final : public OffsetStore {
 public:
  cdc::Result<void> flush() override;
  int flush_count() const;

 private:
  int flushes_ = 0;
};

// offset.storage.file.filename of connect-standalone. The file is JSON (NOT Connect's
// Java-serialized HashMap): one object mapping each serialized key to its offset, e.g.
//   {
//     "[\"inventory-connector\",{\"server\":\"dbserver1\"}]": {"file":"mysql-bin.000003","pos":154}
//   }
// Each flush writes `<file>.tmp`, fsyncs it, renames it over the file and fsyncs the directory.
class FileOffsetStore final : public OffsetStore {
 public:
  // Loads the file; a missing or empty file is an empty store. A file that is not in this format
  // (including Connect's Java-serialized file) is an error naming the file and the problem.
  static cdc::Result<std::unique_ptr<FileOffsetStore>> open(const std::string& path);
  cdc::Result<void> flush() override;
  const std::string& path() const { return path_; }

 private:
  explicit FileOffsetStore(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::mutex flush_mu_;  // one writer of the file at a time
};

}  // namespace connect_runtime
