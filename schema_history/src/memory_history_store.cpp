// The schema history in memory (tests, and connectors that do not need to survive a restart).
// Records are kept as the JSON text a real store would hold, so recovery parses them the same way.
#include <mutex>
#include <string>
#include <vector>

#include "schema_history/history_store.h"

namespace schema_history {
namespace {

class MemoryHistoryStore final : public HistoryStore {
 public:
  cdc::Result<void> start() override {
    std::lock_guard lock(mu_);
    started_ = true;
    return cdc::ok();
  }

  cdc::Result<bool> exists() override {
    std::lock_guard lock(mu_);
    return !records_.empty();
  }

  cdc::Result<void> append(const HistoryRecord& record) override {
    std::string json = to_json(record);
    std::lock_guard lock(mu_);
    if (!started_)
      return make_error(HistoryErrc::not_started,
                        "In-memory schema history is not started (start() first)");
    records_.push_back(std::move(json));
    return cdc::ok();
  }

  cdc::Result<void> recover(const std::function<cdc::Result<void>(HistoryRecord&&)>& fn) override {
    std::vector<std::string> copy;
    {
      std::lock_guard lock(mu_);
      copy = records_;  // `fn` may append; it must not see its own records
    }
    for (size_t i = 0; i < copy.size(); ++i) {
      auto record = parse_history_record(copy[i]);
      if (!record.ok()) {
        return make_error(HistoryErrc::corrupt_record,
                          "In-memory schema history record " + std::to_string(i) + ": " +
                              record.error().message + "; it starts with '" + quote_start(copy[i]) +
                              "'");
      }
      CDC_TRY(fn(std::move(*record)));
    }
    return cdc::ok();
  }

  void stop() override {
    std::lock_guard lock(mu_);
    started_ = false;
  }

  std::string describe() const override { return "in-memory schema history"; }

 private:
  std::mutex mu_;
  bool started_ = false;
  std::vector<std::string> records_;
};

}  // namespace

std::unique_ptr<HistoryStore> make_memory_history_store(const HistoryStoreConfig&) {
  return std::make_unique<MemoryHistoryStore>();
}

}  // namespace schema_history
