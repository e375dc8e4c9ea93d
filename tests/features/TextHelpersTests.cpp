// The string helpers the rules and the index share, pinned down where they were rewritten to
// build fewer temporaries: each is compared with the plain definition it replaces.
#include "server/features/EvidencePaths.h"
#include "server/features/TextMatch.h"

#include <catch2/catch.hpp>

#include <string>

using namespace session::features;

TEST_CASE("holdsBoldLabel is find(\"**\" + label)", "[text-match]") {
  for (std::string text : {"* **Status:** Passed", "**Status", "*Status", "Status **Status",
                           "* *Status:*", "", "*", "**", "***Status"})
    for (std::string label : {"Status", "", "S", "**"})
      CHECK(holdsBoldLabel(text, label) == (text.find("**" + label) != std::string::npos));
}

TEST_CASE("editDistance on words longer than its stack rows", "[text-match]") {
  std::string longWord(100, 'a');
  std::string oneOff = longWord;
  oneOff[50] = 'b';
  CHECK(editDistance(longWord, oneOff) == 1);
  CHECK(editDistance(longWord, longWord + "xy") == 2);
  CHECK(editDistance("ab", "ba") == 1); // one transposition
  CHECK(editDistance("kitten", "sitting") == 3);
  CHECK(editDistance("", "abc") == 3);
}

TEST_CASE("closestValue skips candidates too far by length, ties by order", "[text-match]") {
  CHECK(closestValue("Partal", {"Strong", "Partial", "Weak"}, false) == "Partial");
  CHECK(closestValue("xx", {"abcdefgh", "ab", "xy"}, false) == "xy");
  // Equal distances: the first allowed value wins.
  CHECK(closestValue("ac", {"ab", "bc"}, false) == "ab");
  CHECK(closestValue("zzzzzzzzzz", {"a", "bb"}, false) == "a"); // 10 edits each
  CHECK(closestValue("zzzzzzzzzz", {"a", "bbbbbbbbzz"}, false) == "bbbbbbbbzz");
}

TEST_CASE("workspaceCandidates is resolveEvidencePath's tried list", "[evidence-paths]") {
  for (std::string from : {"sessions/x.md", "x.md", "a/b/c.md", "/x.md"})
    for (std::string target :
         {"../lab/a.py", "./a.md", "/tracks/t/", "lab/x#y", "../../../etc/passwd", "a/../../b",
          "<lab/x.md>", "", ".", "a//b/./c?q=1"})
      CHECK(workspaceCandidates(from, target) == resolveEvidencePath(from, target, nullptr).tried);
}

TEST_CASE("resolveEvidencePath normalises each candidate", "[evidence-paths]") {
  auto resolved = resolveEvidencePath("sessions/x.md", "../lab/./a/../b.py", nullptr);
  CHECK(resolved.workspacePath == "lab/b.py");
  CHECK(resolved.tried == std::vector<std::string>{"lab/b.py"}); // from the root it escapes
  CHECK_FALSE(resolved.outsideWorkspace);
  auto escaping = resolveEvidencePath("x.md", "../a.md", nullptr);
  CHECK(escaping.outsideWorkspace);
  CHECK(escaping.tried.empty());
  bool escaped = false;
  CHECK(normaliseWorkspacePath("a/b/../../c/./d/", escaped) == "c/d");
  CHECK_FALSE(escaped);
  CHECK(normaliseWorkspacePath("a/../../c", escaped) == "c");
  CHECK(escaped);
  auto found = resolveEvidencePath("sessions/x.md", "lab/a.py",
                                   [](std::string_view path) { return path == "lab/a.py"; });
  CHECK(found.exists);
  CHECK(found.workspacePath == "lab/a.py");
  CHECK(found.tried == std::vector<std::string>{"sessions/lab/a.py", "lab/a.py"});
}

TEST_CASE("withoutAnchor cuts at the first # or ?", "[evidence-paths]") {
  CHECK(withoutAnchor("a.md#x?y") == "a.md");
  CHECK(withoutAnchor("a.md?x#y") == "a.md");
  CHECK(withoutAnchor(" <a b.md#x> ") == "a b.md");
  CHECK(withoutAnchor("plain") == "plain");
  CHECK(percentDecoded("no-escapes/at all.md") == "no-escapes/at all.md");
  CHECK(percentDecoded("pre%20fix") == "pre fix");
}
