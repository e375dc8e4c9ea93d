#include "server/core/Settings.h"

#include <catch2/catch.hpp>

using namespace session::core;

TEST_CASE("Settings read sessions, template, severity, levels and staleAfterDays", "[settings]") {
  auto result = parseSettings(R"(sessions: ["notes/**/*.md", "daily/*.md"]
template: templates/SESSION.md
severity:
  filename-convention: warning
  unknown-module: off
levels:
  L3: can ship it
staleAfterDays: 14
)");
  CHECK(result.problems.empty());
  CHECK(result.settings.sessionGlobs == std::vector<std::string>{"notes/**/*.md", "daily/*.md"});
  CHECK(result.settings.templatePath == "templates/SESSION.md");
  CHECK(result.settings.severity.at("filename-convention") == Severity::Warning);
  CHECK(result.settings.severity.at("unknown-module") == std::nullopt);
  CHECK(result.settings.levels.at("L3") == "can ship it");
  CHECK(result.settings.staleAfterDays == 14);
}

TEST_CASE("Empty settings keep every default", "[settings]") {
  auto result = parseSettings("");
  CHECK(result.problems.empty());
  CHECK(result.settings.sessionGlobs == std::vector<std::string>{"sessions/**/*.md"});
  CHECK(result.settings.staleAfterDays == 30);
}

TEST_CASE("A bad settings file is diagnosed and the defaults are kept", "[settings]") {
  SECTION("broken YAML") {
    auto result = parseSettings("sessions: [unclosed\n");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].code == "invalid-settings");
    CHECK(result.settings.sessionGlobs == std::vector<std::string>{"sessions/**/*.md"});
  }
  SECTION("a bad severity name, a bad number, an unknown key") {
    auto text = "severity:\n  placeholder: loud\nstaleAfterDays: -3\ncolour: blue\n";
    auto result = parseSettings(text);
    REQUIRE(result.problems.size() == 3);
    CHECK(result.problems[0].range.begin == std::string_view(text).find("loud"));
    CHECK(result.problems[2].severity == Severity::Warning);
    CHECK(result.settings.staleAfterDays == 30);
  }
  SECTION("not a mapping") {
    auto result = parseSettings("- a\n- b\n");
    REQUIRE(result.problems.size() == 1);
  }
}

TEST_CASE("globMatch follows ** / * / ? rules", "[settings]") {
  CHECK(globMatch("sessions/**/*.md", "sessions/a.md"));
  CHECK(globMatch("sessions/**/*.md", "sessions/2026/11/a.md"));
  CHECK_FALSE(globMatch("sessions/**/*.md", "sessionsX/a.md"));
  CHECK_FALSE(globMatch("sessions/**/*.md", "tracks/a.md"));
  CHECK_FALSE(globMatch("sessions/*.md", "sessions/sub/a.md"));
  CHECK(globMatch("/sessions/*.md", "sessions/a.md"));
  CHECK(globMatch("s?ssions/*.md", "sessions/b.md"));
  CHECK(globMatch("**", "anything/at/all.md"));
}

TEST_CASE("Severity settings name known codes; severity names ignore case", "[settings]") {
  auto text = "severity:\n  invalid-body-enums: off\n  placeholder: Warning\n";
  auto result = parseSettings(text);
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].message.find("invalid-body-enums") != std::string::npos);
  CHECK(result.problems[0].severity == Severity::Warning);
  CHECK(result.settings.severity.count("invalid-body-enums") == 0);
  CHECK(result.settings.severity.at("placeholder") == Severity::Warning);
}

TEST_CASE("editor settings lie under the settings file's: a key the file sets wins, maps merge",
          "[settings]") {
  auto editor =
      parseSettings("{\"severity\": {\"invalid-enum\": \"hint\", \"placeholder\": \"off\"}, "
                    "\"staleAfterDays\": 7, \"sessions\": [\"notes/**/*.md\"], "
                    "\"levels\": {\"L1\": \"heard of it\"}}");
  REQUIRE(editor.problems.empty());
  auto file = parseSettings("severity:\n  invalid-enum: error\nsessions: [log/*.md]\n");
  auto layered = layeredSettings(editor, file);
  CHECK(layered.severity.at("invalid-enum") == Severity::Error);       // the file's entry
  CHECK_FALSE(layered.severity.at("placeholder").has_value());         // the editor's entry
  CHECK(layered.sessionGlobs == std::vector<std::string>{"log/*.md"}); // the file's key
  CHECK(layered.staleAfterDays == 7);                                  // only the editor sets it
  CHECK(layered.levels.at("L1") == "heard of it");

  // Without a file, the editor's settings are the settings; without either, the defaults.
  CHECK(layeredSettings(editor, SettingsResult{}).sessionGlobs ==
        std::vector<std::string>{"notes/**/*.md"});
  CHECK(layeredSettings(SettingsResult{}, SettingsResult{}).staleAfterDays == 30);
}
