// libFuzzer target: GTID set text and binary forms. Input: 1 selector byte, then text or bytes.
// Whatever parses must print to text that parses back to the same set.
#include <cstddef>
#include <cstdint>
#include <string>

#include "binlog/binlog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto s = binlog::MysqlGtidSet::parse(text);
      if (!s.ok()) return 0;
      auto back = binlog::MysqlGtidSet::parse(s->to_string(",\n"));
      if (!back.ok() || !(back.value() == s.value())) __builtin_trap();
      auto bin = binlog::MysqlGtidSet::decode(s->encode());
      if (!bin.ok() || !(bin.value() == s.value())) __builtin_trap();
      if (!s->contains(s.value())) __builtin_trap();
      break;
    }
    case 1: {
      auto s = binlog::MysqlGtidSet::decode({data + 1, size - 1});
      if (!s.ok()) return 0;
      auto back = binlog::MysqlGtidSet::parse(s->to_string());
      if (!back.ok() || !(back.value() == s.value())) __builtin_trap();
      break;
    }
    default: {
      auto l = binlog::MariadbGtidList::parse(text);
      if (!l.ok()) return 0;
      auto back = binlog::MariadbGtidList::parse(l->to_string());
      if (!back.ok() || !(back.value() == l.value())) __builtin_trap();
      break;
    }
  }
  return 0;
}
