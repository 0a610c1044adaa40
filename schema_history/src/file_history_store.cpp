// Debezium's FileSchemaHistory (io.debezium.storage.file.history): one JSON record per line,
// appended and fsync'ed before append() returns. A last line without its line break (the
// process stopped in the middle of a write) is reported as corrupt, never dropped.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>

#include "schema_history/history_store.h"

namespace schema_history {
namespace {

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Closes a descriptor on scope exit.
struct FdGuard {
  int fd = -1;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads `fd` from offset 0 up to `end` bytes and calls `line(text, number)` for each line ending
// in '\n' (without it), then `tail(text, number)` for what follows the last '\n' (possibly
// empty). Either callback may return an error, which stops the scan.
template <class LineFn, class TailFn>
cdc::Result<void> scan_lines(int fd, off_t end, const std::string& path, LineFn&& line,
                             TailFn&& tail) {
  constexpr size_t kChunk = 64 * 1024;
  std::string buffer(kChunk, '\0');
  std::string pending;
  size_t number = 1;
  off_t offset = 0;
  while (offset < end) {
    const size_t want =
        static_cast<size_t>(std::min<off_t>(end - offset, static_cast<off_t>(kChunk)));
    const ssize_t got = ::pread(fd, buffer.data(), want, offset);
    if (got < 0) {
      if (errno == EINTR) continue;
      return make_error(HistoryErrc::io_error,
                        "Cannot read schema history file " + path + ": " + errno_text(errno));
    }
    if (got == 0) break;  // the file shrank meanwhile: read what is there
    offset += got;
    std::string_view chunk(buffer.data(), static_cast<size_t>(got));
    while (!chunk.empty()) {
      const size_t nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        pending.append(chunk);
        break;
      }
      pending.append(chunk.substr(0, nl));
      chunk.remove_prefix(nl + 1);
      CDC_TRY(line(std::string_view(pending), number));
      pending.clear();
      ++number;
    }
  }
  return tail(std::string_view(pending), number);
}

cdc::Error torn_line_error(const std::string& path, size_t number, std::string_view text) {
  return make_error(
      HistoryErrc::corrupt_record,
      "Schema history file " + path + ": line " + std::to_string(number) +
          " is incomplete (no line break after it; the process probably stopped while "
          "writing it) and starts with '" +
          quote_start(text) +
          "'. Remove that line to go on: a record whose append did not complete was "
          "never acknowledged, so its statement is recorded again when streaming "
          "resumes from the last committed offset");
}

cdc::Result<void> fsync_directory(const std::filesystem::path& dir, const std::string& path) {
  const std::string name = dir.empty() ? std::string(".") : dir.string();
  FdGuard d{::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0) {
    return make_error(HistoryErrc::io_error, "Cannot open directory " + name +
                                                 " of schema history file " + path + ": " +
                                                 errno_text(errno));
  }
  if (::fsync(d.fd) != 0 && errno != EINVAL) {
    return make_error(HistoryErrc::io_error, "Cannot fsync directory " + name +
                                                 " of schema history file " + path + ": " +
                                                 errno_text(errno));
  }
  return cdc::ok();
}

class FileHistoryStore final : public HistoryStore {
 public:
  explicit FileHistoryStore(const HistoryStoreConfig& config) : path_(config.file_path) {}
  ~FileHistoryStore() override { stop(); }

  cdc::Result<void> start() override {
    if (path_.empty()) {
      return make_error(
          HistoryErrc::invalid_config,
          "schema.history.internal.file.filename is not set (the file schema history needs it)");
    }
    std::lock_guard lock(mu_);
    if (fd_ >= 0) return cdc::ok();
    const std::filesystem::path file(path_);
    const std::filesystem::path dir = file.parent_path();
    if (!dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) {
        return make_error(HistoryErrc::io_error, "Cannot create directory " + dir.string() +
                                                     " for schema history file " + path_ + ": " +
                                                     ec.message());
      }
    }
    struct stat st{};
    const bool existed = ::stat(path_.c_str(), &st) == 0;
    FdGuard f{::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644)};
    if (f.fd < 0) {
      return make_error(HistoryErrc::io_error,
                        "Cannot open schema history file " + path_ + ": " + errno_text(errno));
    }
    if (::fstat(f.fd, &st) != 0) {
      return make_error(HistoryErrc::io_error,
                        "Cannot stat schema history file " + path_ + ": " + errno_text(errno));
    }
    if (!S_ISREG(st.st_mode)) {
      return make_error(HistoryErrc::io_error,
                        "Schema history file " + path_ + " is not a regular file");
    }
    if (st.st_size > 0) {
      // Appending after an incomplete last line would glue the next record to it.
      char last = '\n';
      if (::pread(f.fd, &last, 1, st.st_size - 1) != 1) {
        return make_error(HistoryErrc::io_error,
                          "Cannot read schema history file " + path_ + ": " + errno_text(errno));
      }
      if (last != '\n') {
        CDC_TRY(scan_lines(
            f.fd, st.st_size, path_, [](std::string_view, size_t) { return cdc::ok(); },
            [&](std::string_view tail, size_t number) -> cdc::Result<void> {
              if (is_blank(tail)) return cdc::ok();
              return torn_line_error(path_, number, tail);
            }));
      }
    }
    if (!existed) {
      // Make the new (empty) file itself durable.
      if (::fsync(f.fd) != 0) {
        return make_error(HistoryErrc::io_error,
                          "Cannot fsync schema history file " + path_ + ": " + errno_text(errno));
      }
      CDC_TRY(fsync_directory(dir, path_));
    }
    fd_ = f.fd;
    f.fd = -1;
    broken_.clear();
    return cdc::ok();
  }

  cdc::Result<bool> exists() override {
    FdGuard f{::open(path_.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) {
      if (errno == ENOENT) return false;
      return make_error(HistoryErrc::io_error,
                        "Cannot open schema history file " + path_ + ": " + errno_text(errno));
    }
    char buffer[4096];
    for (;;) {
      const ssize_t got = ::read(f.fd, buffer, sizeof buffer);
      if (got < 0) {
        if (errno == EINTR) continue;
        return make_error(HistoryErrc::io_error,
                          "Cannot read schema history file " + path_ + ": " + errno_text(errno));
      }
      if (got == 0) return false;
      if (!is_blank(std::string_view(buffer, static_cast<size_t>(got)))) return true;
    }
  }

  cdc::Result<void> append(const HistoryRecord& record) override {
    std::string line = to_json(record);
    line.push_back('\n');
    std::lock_guard lock(mu_);
    if (fd_ < 0) {
      return make_error(HistoryErrc::not_started,
                        "Schema history file " + path_ + " is not open (start() first)");
    }
    if (!broken_.empty()) {
      return make_error(HistoryErrc::io_error,
                        "Schema history file " + path_ +
                            " cannot take more records after an earlier failure: " + broken_);
    }
    struct stat st{};
    if (::fstat(fd_, &st) != 0) {
      return make_error(HistoryErrc::io_error,
                        "Cannot stat schema history file " + path_ + ": " + errno_text(errno));
    }
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        // Take a partly written line back out, so the file stays one record per line.
        if (done > 0 && ::ftruncate(fd_, st.st_size) != 0) {
          broken_ = "a partly written line could not be removed: " + errno_text(errno);
        }
        return make_error(HistoryErrc::io_error,
                          "Cannot append to schema history file " + path_ + ": " + errno_text(err));
      }
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) {
      // After a failed fsync the kernel may have dropped the dirty pages: nothing written from
      // now on could be trusted.
      broken_ = "fsync failed: " + errno_text(errno);
      return make_error(HistoryErrc::io_error,
                        "Cannot fsync schema history file " + path_ + ": " + errno_text(errno));
    }
    return cdc::ok();
  }

  cdc::Result<void> recover(const std::function<cdc::Result<void>(HistoryRecord&&)>& fn) override {
    FdGuard f{::open(path_.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) {
      if (errno == ENOENT) return cdc::ok();  // no history yet
      return make_error(HistoryErrc::io_error,
                        "Cannot open schema history file " + path_ + ": " + errno_text(errno));
    }
    struct stat st{};
    if (::fstat(f.fd, &st) != 0) {
      return make_error(HistoryErrc::io_error,
                        "Cannot stat schema history file " + path_ + ": " + errno_text(errno));
    }
    // Only what is there now: records appended while recovering are not part of this recovery.
    return scan_lines(
        f.fd, st.st_size, path_,
        [&](std::string_view text, size_t number) -> cdc::Result<void> {
          if (is_blank(text)) return cdc::ok();  // Debezium skips empty lines too
          auto record = parse_history_record(text);
          if (!record.ok()) {
            return make_error(HistoryErrc::corrupt_record,
                              "Schema history file " + path_ + " line " + std::to_string(number) +
                                  ": " + record.error().message + "; the line starts with '" +
                                  quote_start(text) + "'");
          }
          return fn(std::move(*record));
        },
        [&](std::string_view tail, size_t number) -> cdc::Result<void> {
          if (is_blank(tail)) return cdc::ok();
          return torn_line_error(path_, number, tail);
        });
  }

  void stop() override {
    std::lock_guard lock(mu_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  std::string describe() const override { return "file " + path_; }

 private:
  const std::string path_;
  std::mutex mu_;
  int fd_ = -1;         // open for appending between start() and stop()
  std::string broken_;  // why appending is no longer safe (after a failed fsync)
};

}  // namespace

std::unique_ptr<HistoryStore> make_file_history_store(const HistoryStoreConfig& config) {
  return std::make_unique<FileHistoryStore>(config);
}

}  // namespace schema_history
