// Reads the events of a binlog file (or of a byte buffer holding one) one by one: checks the
// 4-byte magic, then yields each event's bytes and file offset, detecting truncation. Framing
// only: decode the events with EventDecoder. Not thread-safe; one reader per thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binlog/binlog.h"
#include "common/result.h"

namespace binlog {

struct RawEvent {
  uint64_t offset = 0;             // file offset of the event's first header byte
  std::span<const uint8_t> bytes;  // the whole event; valid until the next call to next()
};

class BinlogFileReader {
 public:
  // Opens `path` and checks the magic (Errc::bad_magic naming the file; I/O errors are
  // std::errc values naming the file).
  static cdc::Result<BinlogFileReader> open(const std::string& path);
  // Reads from a copy of `bytes` (magic included); `name` is used in messages.
  static cdc::Result<BinlogFileReader> from_bytes(std::vector<uint8_t> bytes,
                                                  std::string name = "<buffer>");

  BinlogFileReader(BinlogFileReader&&) noexcept = default;
  BinlogFileReader& operator=(BinlogFileReader&&) noexcept = default;
  ~BinlogFileReader() = default;

  // The next event, std::nullopt at the clean end of the data (after a whole event), or
  // Errc::truncated (an event header or body cut short, naming the offset) / Errc::malformed
  // (event_size < 19). After an error the reader stays at the bad event.
  cdc::Result<std::optional<RawEvent>> next();

  uint64_t offset() const { return offset_; }  // offset of the next event
  uint64_t size() const { return size_; }      // total bytes of the file/buffer
  const std::string& name() const { return name_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  BinlogFileReader() = default;
  cdc::Result<void> check_magic();

  std::string name_;
  std::unique_ptr<std::FILE, FileCloser> file_;  // null in buffer mode
  std::vector<uint8_t> data_;                     // buffer mode: all bytes; file mode: one event
  uint64_t size_ = 0;
  uint64_t offset_ = 0;
  uint64_t file_pos_ = 0;  // where the FILE* stands (file mode)
};

}  // namespace binlog
