// Binlog file framing: "\xfebin" then events back to back, each announcing its own size in
// bytes 9-12 of its 19-byte header.
#include "binlog/file_reader.h"

#include <cerrno>
#include <cstring>

#include "byte_reader.h"

namespace binlog {
namespace {

cdc::Error io_error(const std::string& name, std::string_view what, int err) {
  return cdc::Error{std::error_code(err, std::generic_category()),
                    "'" + name + "': " + std::string(what) + ": " + std::strerror(err)};
}

}  // namespace

cdc::Result<BinlogFileReader> BinlogFileReader::open(const std::string& path) {
  BinlogFileReader r;
  r.name_ = path;
  errno = 0;
  r.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!r.file_) return io_error(path, "cannot open", errno ? errno : EIO);
  if (std::fseek(r.file_.get(), 0, SEEK_END) != 0) return io_error(path, "cannot seek", errno);
  const long size = std::ftell(r.file_.get());
  if (size < 0) return io_error(path, "cannot tell the size", errno);
  if (std::fseek(r.file_.get(), 0, SEEK_SET) != 0) return io_error(path, "cannot seek", errno);
  r.size_ = static_cast<uint64_t>(size);
  CDC_TRY(r.check_magic());
  return r;
}

cdc::Result<BinlogFileReader> BinlogFileReader::from_bytes(std::vector<uint8_t> bytes,
                                                           std::string name) {
  BinlogFileReader r;
  r.name_ = std::move(name);
  r.data_ = std::move(bytes);
  r.size_ = r.data_.size();
  CDC_TRY(r.check_magic());
  return r;
}

cdc::Result<void> BinlogFileReader::check_magic() {
  uint8_t magic[sizeof(kBinlogMagic)] = {};
  if (size_ < sizeof(magic)) {
    return make_error(Errc::bad_magic, "'" + name_ + "' is not a binlog file: " +
                                           std::to_string(size_) +
                                           " bytes, shorter than the 4-byte magic");
  }
  if (file_) {
    if (std::fread(magic, 1, sizeof(magic), file_.get()) != sizeof(magic)) {
      return io_error(name_, "cannot read the magic", errno ? errno : EIO);
    }
    file_pos_ = sizeof(magic);
  } else {
    std::memcpy(magic, data_.data(), sizeof(magic));
  }
  if (std::memcmp(magic, kBinlogMagic, sizeof(magic)) != 0) {
    char hex[16];
    std::snprintf(hex, sizeof(hex), "%02x %02x %02x %02x", magic[0], magic[1], magic[2], magic[3]);
    return make_error(Errc::bad_magic, "'" + name_ + "' is not a binlog file: it starts with " +
                                           hex + " instead of fe 62 69 6e");
  }
  offset_ = sizeof(magic);
  return {};
}

cdc::Result<std::optional<RawEvent>> BinlogFileReader::next() {
  if (offset_ >= size_) return std::optional<RawEvent>{};
  const uint64_t remaining = size_ - offset_;
  if (remaining < kEventHeaderLength) {
    return make_error(Errc::truncated, "'" + name_ + "': the event header at offset " +
                                           std::to_string(offset_) + " is cut short (" +
                                           std::to_string(remaining) + " of 19 bytes)");
  }
  const uint8_t* header = nullptr;
  if (file_) {
    if (file_pos_ != offset_) {
      if (std::fseek(file_.get(), static_cast<long>(offset_), SEEK_SET) != 0) {
        return io_error(name_, "cannot seek", errno);
      }
      file_pos_ = offset_;
    }
    if (data_.size() < kEventHeaderLength) data_.resize(kEventHeaderLength);
    if (std::fread(data_.data(), 1, kEventHeaderLength, file_.get()) != kEventHeaderLength) {
      return io_error(name_, "cannot read at offset " + std::to_string(offset_), errno ? errno : EIO);
    }
    file_pos_ += kEventHeaderLength;
    header = data_.data();
  } else {
    header = data_.data() + offset_;
  }
  const uint32_t event_size = detail::le32(header + 9);
  const std::string type(event_type_name(header[4]));
  if (event_size < kEventHeaderLength) {
    return make_error(Errc::malformed, "'" + name_ + "': " + type + " at offset " +
                                           std::to_string(offset_) + " declares event_size " +
                                           std::to_string(event_size) + " < 19");
  }
  if (event_size > remaining) {
    return make_error(Errc::truncated, "'" + name_ + "': " + type + " at offset " +
                                           std::to_string(offset_) + " declares " +
                                           std::to_string(event_size) + " bytes but only " +
                                           std::to_string(remaining) + " remain");
  }
  RawEvent ev;
  ev.offset = offset_;
  if (file_) {
    // event_size <= remaining <= file size: the allocation is bounded by the file.
    if (data_.size() < event_size) data_.resize(event_size);
    const size_t body = event_size - kEventHeaderLength;
    if (std::fread(data_.data() + kEventHeaderLength, 1, body, file_.get()) != body) {
      return make_error(Errc::truncated, "'" + name_ + "': " + type + " at offset " +
                                             std::to_string(offset_) +
                                             " could not be read whole (file changed?)");
    }
    file_pos_ += body;
    ev.bytes = std::span<const uint8_t>(data_.data(), event_size);
  } else {
    ev.bytes = std::span<const uint8_t>(data_.data() + offset_, event_size);
  }
  offset_ += event_size;
  return std::optional<RawEvent>(ev);
}

}  // namespace binlog
