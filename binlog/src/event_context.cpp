#include "event_context.h"

#include <cctype>

namespace binlog::detail {

std::optional<uint64_t> event_position(const EventHeader& h) {
  if (h.next_pos == 0 || h.next_pos < h.event_size) return std::nullopt;
  return static_cast<uint64_t>(h.next_pos) - h.event_size;
}

std::string EventContext::where() const {
  std::string s(event_type_name(header.type_code));
  if (auto pos = event_position(header)) {
    s += " at position ";
    s += std::to_string(*pos);
  } else {
    s += " at unknown position";
  }
  return s;
}

uint8_t EventContext::post_header_len(uint8_t fallback) const {
  if (format == nullptr || header.type_code == 0) return fallback;
  const size_t index = static_cast<size_t>(header.type_code) - 1;
  if (index >= format->post_header_lengths.size()) return fallback;
  return format->post_header_lengths[index];
}

cdc::Error EventContext::error(Errc code, std::string_view what) const {
  std::string msg = where();
  msg += ": ";
  msg += what;
  return make_error(code, std::move(msg));
}

cdc::Error EventContext::overrun(std::string_view what) const {
  std::string msg(what);
  msg += " runs past the end of the event (event_size ";
  msg += std::to_string(header.event_size);
  msg += ")";
  return error(Errc::truncated, msg);
}

VersionTriple parse_server_version(std::string_view version) {
  VersionTriple v;
  unsigned* parts[3] = {&v.major, &v.minor, &v.patch};
  size_t i = 0;
  for (unsigned* part : parts) {
    if (i >= version.size() || !std::isdigit(static_cast<unsigned char>(version[i]))) break;
    unsigned value = 0;
    while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i]))) {
      if (value < 100000) value = value * 10 + static_cast<unsigned>(version[i] - '0');
      ++i;
    }
    *part = value;
    if (i < version.size() && version[i] == '.') ++i;
    else break;
  }
  return v;
}

}  // namespace binlog::detail
