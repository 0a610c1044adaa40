// Helpers of the `cdc binlog decode` tests: run the command in process, write binlog bytes to
// temporary files, parse its JSON lines.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "binlog_decode_command.h"

namespace cdc::test {

struct DecodeRun {
  int code = -1;
  std::string out;
  std::string err;
};

inline DecodeRun run_decode(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  DecodeRun r;
  r.code = run_binlog_decode_command(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A file under a per-process temporary folder, removed with the folder's other files when the
// TempFiles object goes away.
class TempFiles {
 public:
  TempFiles() {
    dir_ = std::filesystem::temp_directory_path() /
           ("cdc-binlog-decode-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir_);
  }
  ~TempFiles() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempFiles(const TempFiles&) = delete;
  TempFiles& operator=(const TempFiles&) = delete;

  template <class Bytes>
  std::string write(const std::string& name, const Bytes& bytes) {
    const auto path = dir_ / name;
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path.string();
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path dir_;
};

// Every line of `text` parsed as one JSON object (a failed parse is a test failure).
inline std::vector<rapidjson::Document> json_lines(const std::string& text) {
  std::vector<rapidjson::Document> docs;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str(), line.size());
    EXPECT_FALSE(d.HasParseError()) << "not JSON: " << line.substr(0, 300);
    EXPECT_TRUE(d.IsObject()) << line.substr(0, 300);
    docs.push_back(std::move(d));
  }
  return docs;
}

inline std::string str(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string("<not a string>");
}

// The byte offset the error message names ("at byte offset N"), or -1.
inline long long error_offset(const std::string& err) {
  const std::string key = "at byte offset ";
  const size_t p = err.find(key);
  if (p == std::string::npos) return -1;
  return std::stoll(err.substr(p + key.size()));
}

}  // namespace cdc::test
