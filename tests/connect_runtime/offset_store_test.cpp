#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "connect_runtime/offset_store.h"
#include "test_support.h"

using namespace connect_runtime;
using testing_support::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TEST(OffsetKey, MatchesConnectSerializedKey) {
  auto k = offset_key("inventory-connector", R"({"server":"dbserver1"})");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, R"(["inventory-connector",{"server":"dbserver1"}])");
  auto spaced = offset_key("c", R"( { "server" : "x" , "n" : 1.50 } )");
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(*spaced, R"(["c",{"server":"x","n":1.50}])");  // compact, number text kept
  auto quoted = offset_key("a\"b", "{}");
  EXPECT_EQ(*quoted, R"(["a\"b",{}])");
  auto null_partition = offset_key("c", "");
  EXPECT_EQ(*null_partition, R"(["c",null])");
  auto bad = offset_key("c", "{server:1}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("source partition"), std::string::npos);
  EXPECT_NE(bad.error().message.find("offset"), std::string::npos);
}

TEST(FileOffsetStore, MissingFileIsEmptyThenWriteAndReload) {
  TempDir dir;
  const std::string path = dir.file("offsets.json");
  auto store = FileOffsetStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_FALSE((*store)->get("inventory-connector", R"({"server":"dbserver1"})"));
  ASSERT_TRUE((*store)->flush().ok());
  EXPECT_FALSE(std::filesystem::exists(path));  // nothing changed: nothing written

  ASSERT_TRUE((*store)->put("inventory-connector", R"({"server":"dbserver1"})",
                            R"({"file":"mysql-bin.000003","pos":154,"row":1,"ts_sec":1700000000})").ok());
  ASSERT_TRUE((*store)->put("other", R"({"server":"db2"})", R"({"gtids":"a:1-5"})").ok());
  ASSERT_TRUE((*store)->flush().ok());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  const std::string text = slurp(path);
  EXPECT_EQ(text,
            "{\n"
            "  \"[\\\"inventory-connector\\\",{\\\"server\\\":\\\"dbserver1\\\"}]\": "
            "{\"file\":\"mysql-bin.000003\",\"pos\":154,\"row\":1,\"ts_sec\":1700000000},\n"
            "  \"[\\\"other\\\",{\\\"server\\\":\\\"db2\\\"}]\": {\"gtids\":\"a:1-5\"}\n"
            "}\n");

  auto reloaded = FileOffsetStore::open(path);
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  auto got = (*reloaded)->get("inventory-connector", R"({ "server": "dbserver1" })");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, R"({"file":"mysql-bin.000003","pos":154,"row":1,"ts_sec":1700000000})");
  auto offsets = (*reloaded)->offsets("other");
  ASSERT_EQ(offsets.size(), 1u);
  EXPECT_EQ(offsets[0].first, R"({"server":"db2"})");
  EXPECT_EQ(offsets[0].second, R"({"gtids":"a:1-5"})");
}

TEST(FileOffsetStore, OverwriteRemoveAndNull) {
  TempDir dir;
  const std::string path = dir.file("o.json");
  auto store = FileOffsetStore::open(path);
  ASSERT_TRUE(store.ok());
  auto& s = **store;
  ASSERT_TRUE(s.put("c", R"({"p":1})", R"({"pos":1})").ok());
  ASSERT_TRUE(s.put("c", R"({"p":1})", R"({"pos":2})").ok());
  ASSERT_TRUE(s.put("c", R"({"p":2})", R"({"pos":9})").ok());
  ASSERT_TRUE(s.put("d", R"({"p":1})", R"({"pos":3})").ok());
  ASSERT_TRUE(s.flush().ok());
  EXPECT_EQ(*s.get("c", R"({"p":1})"), R"({"pos":2})");
  ASSERT_TRUE(s.put("c", R"({"p":2})", "null").ok());  // a null offset removes the entry
  EXPECT_FALSE(s.get("c", R"({"p":2})"));
  s.remove_connector("d");
  ASSERT_TRUE(s.flush().ok());
  auto reloaded = FileOffsetStore::open(path);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(*(*reloaded)->get("c", R"({"p":1})"), R"({"pos":2})");
  EXPECT_FALSE((*reloaded)->get("c", R"({"p":2})"));
  EXPECT_FALSE((*reloaded)->get("d", R"({"p":1})"));
  EXPECT_FALSE(s.put("c", R"({"p":1})", "{pos:}").ok());  // invalid offset JSON
}

TEST(FileOffsetStore, AtomicWriteLeavesOldFileWhenTempCannotBeWritten) {
  TempDir dir;
  const std::string path = dir.file("offsets.json");
  auto store = FileOffsetStore::open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->put("c", "{}", R"({"pos":1})").ok());
  ASSERT_TRUE((*store)->flush().ok());
  const std::string before = slurp(path);
  // A directory where the temporary file goes: the write fails (even as root).
  std::filesystem::create_directory(path + ".tmp");
  ASSERT_TRUE((*store)->put("c", "{}", R"({"pos":2})").ok());
  auto r = (*store)->flush();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("offsets.json.tmp"), std::string::npos) << r.error().message;
  EXPECT_EQ(slurp(path), before);  // the old file is intact
  std::filesystem::remove(path + ".tmp");
  ASSERT_TRUE((*store)->flush().ok());  // still dirty: the retry writes it
  EXPECT_NE(slurp(path).find(R"({"pos":2})"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(FileOffsetStore, StaleTempFileDoesNotMatter) {
  TempDir dir;
  const std::string path = dir.file("offsets.json");
  spit(path + ".tmp", "garbage from a crash mid-write");
  auto store = FileOffsetStore::open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->put("c", "{}", R"({"pos":1})").ok());
  ASSERT_TRUE((*store)->flush().ok());
  auto reloaded = FileOffsetStore::open(path);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(*(*reloaded)->get("c", "{}"), R"({"pos":1})");
}

TEST(FileOffsetStore, EmptyFileIsAnEmptyStore) {
  TempDir dir;
  spit(dir.file("e.json"), "  \n");
  auto store = FileOffsetStore::open(dir.file("e.json"));
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->offsets("c").empty());
}

TEST(FileOffsetStore, CorruptFilesAreErrorsNamingTheFile) {
  TempDir dir;
  struct Case {
    const char* content;
    const char* expect;
  } cases[] = {
      {"{\"[\\\"c\\\",{}]\": {\"pos\":1}", "not valid JSON"},       // truncated
      {"[1,2]", "not a JSON object"},
      {"{\"not a key\": {\"pos\":1}}", "not a Connect offset key"},
      {"{\"[\\\"c\\\"]\": {\"pos\":1}}", "not a Connect offset key"},
      {"{\"[1,{}]\": {\"pos\":1}}", "not a Connect offset key"},
      {"{\"[\\\"c\\\",{}]\": 5}", "not a JSON object"},
      {"\xAC\xED\x00\x05sr\x00\x11java.util.HashMap", "Java-serialized"},
  };
  int i = 0;
  for (const auto& c : cases) {
    const std::string path = dir.file("bad" + std::to_string(i++) + ".json");
    spit(path, c.content);
    auto r = FileOffsetStore::open(path);
    ASSERT_FALSE(r.ok()) << c.content;
    EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
}

TEST(FileOffsetStore, MissingDirectoryIsAnError) {
  TempDir dir;
  auto r = FileOffsetStore::open(dir.file("no/such/dir/offsets.json"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("does not exist"), std::string::npos);
}

TEST(FileOffsetStore, NullOffsetEntriesInFileAreSkipped) {
  TempDir dir;
  spit(dir.file("n.json"), R"({"[\"c\",{\"s\":1}]": null, "[\"c\",{\"s\":2}]": {"pos":7}})");
  auto r = FileOffsetStore::open(dir.file("n.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE((*r)->get("c", R"({"s":1})"));
  EXPECT_EQ(*(*r)->get("c", R"({"s":2})"), R"({"pos":7})");
}

TEST(MemoryOffsetStore, Basics) {
  MemoryOffsetStore s;
  ASSERT_TRUE(s.put("c", "{}", R"({"pos":1})").ok());
  ASSERT_TRUE(s.flush().ok());
  EXPECT_EQ(s.flush_count(), 1);
  EXPECT_EQ(*s.get("c", "{ }"), R"({"pos":1})");
}

}  // namespace
