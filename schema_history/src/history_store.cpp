// make_history_store: the store named by HistoryStoreConfig::kind.
#include "schema_history/history_store.h"

namespace schema_history {

std::unique_ptr<HistoryStore> make_history_store(const HistoryStoreConfig& config) {
  switch (config.kind) {
    case HistoryStoreConfig::Kind::kafka:
      return make_kafka_history_store(config);
    case HistoryStoreConfig::Kind::file:
      return make_file_history_store(config);
    case HistoryStoreConfig::Kind::memory:
      return make_memory_history_store(config);
  }
  return make_kafka_history_store(config);
}

}  // namespace schema_history
