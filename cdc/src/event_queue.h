// A bounded queue between the binlog reader thread and the task's poll(): bounded by bytes so a
// burst of large rows cannot exhaust memory (back-pressure reaches the server's send buffer).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace cdc {

template <class T>
class ByteBoundedQueue {
 public:
  explicit ByteBoundedQueue(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Blocks while full (an item larger than the bound is still admitted when the queue is
  // empty). Returns false when closed.
  bool push(T item, size_t bytes) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || items_.empty() || bytes_ + bytes <= max_bytes_; });
    if (closed_) return false;
    bytes_ += bytes;
    items_.push_back({std::move(item), bytes});
    not_empty_.notify_one();
    return true;
  }

  // Waits up to `timeout` for an item.
  std::optional<T> pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); })) return std::nullopt;
    if (items_.empty()) return std::nullopt;
    Entry e = std::move(items_.front());
    items_.pop_front();
    bytes_ -= e.bytes;
    not_full_.notify_one();
    return std::move(e.item);
  }

  std::optional<T> try_pop() { return pop(std::chrono::milliseconds(0)); }

  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  size_t bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
  }

 private:
  struct Entry {
    T item;
    size_t bytes;
  };
  mutable std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Entry> items_;
  size_t bytes_ = 0;
  size_t max_bytes_;
  bool closed_ = false;
};

}  // namespace cdc
