#include "protocol/Uri.h"

#include <catch2/catch.hpp>

using namespace protocol;

TEST_CASE("file URIs with Korean names and spaces") {
  std::string path = "/home/me/LLM Study/세션 노트.md";
  std::string uri = pathToFileUri(path);
  CHECK(uri == "file:///home/me/LLM%20Study/%EC%84%B8%EC%85%98%20%EB%85%B8%ED%8A%B8.md");
  CHECK(fileUriToPath(uri) == path);
  // Lower-case escapes and literal UTF-8, as some clients send them, decode the same.
  CHECK(fileUriToPath("file:///home/me/LLM%20study/%ec%84%b8%ec%85%98.md") ==
        "/home/me/LLM study/세션.md");
  CHECK(fileUriToPath("file:///home/me/세션.md") == "/home/me/세션.md");
}

TEST_CASE("file URI special characters and forms") {
  CHECK(pathToFileUri("/a/#1 100%.md") == "file:///a/%231%20100%25.md");
  CHECK(fileUriToPath("file:///a/%231%20100%25.md") == "/a/#1 100%.md");
  CHECK(fileUriToPath("file://localhost/etc/x") == "/etc/x");
  CHECK(fileUriToPath("FILE:///x") == "/x");
  CHECK(fileUriToPath("file:/x") == "/x");
  CHECK(fileUriToPath("file:///x.md#L3") == "/x.md");
  CHECK(fileUriToPath("file:///bad%zz") == "/bad%zz");
  CHECK_FALSE(fileUriToPath("file://server/share/x"));
  CHECK_FALSE(fileUriToPath("file:///a%00b"));
  CHECK_FALSE(fileUriToPath("file:relative"));
  CHECK_FALSE(fileUriToPath("untitled:Untitled-1"));
  CHECK_FALSE(fileUriToPath("test:///main.md"));
}

TEST_CASE("schemes and normalisation") {
  CHECK(uriScheme("file:///x") == "file");
  CHECK(uriScheme("Untitled:Untitled-1") == "untitled");
  CHECK(uriScheme("test:///main.md") == "test");
  CHECK(uriScheme("/no/scheme") == "");
  CHECK(uriScheme("1x:y") == "");
  CHECK(normalizeUri("file:///a%2Db/%ec%84%b8") == "file:///a-b/%EC%84%B8");
  CHECK(normalizeUri("untitled:Untitled-1") == "untitled:Untitled-1");
  CHECK(normalizeUri("test:///main.md") == "test:///main.md");
  CHECK(percentDecode("%41%") == "A%");
  CHECK(percentEncodePath("a b/c~d") == "a%20b/c~d");
}
