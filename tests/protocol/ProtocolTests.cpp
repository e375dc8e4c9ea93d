#include "protocol/Protocol.h"

#include <catch2/catch.hpp>

using nlohmann::json;
using namespace protocol;

namespace {
// The InvalidParams message parseParams<T> gives for \p params.
template <class T> std::string paramsError(const json& params) {
  try {
    parseParams<T>(params);
  } catch (const InvalidParamsError& e) {
    return e.what();
  }
  return "(no error)";
}
} // namespace

TEST_CASE("didOpen / didChange / didClose / didSave params") {
  auto open = parseParams<DidOpenTextDocumentParams>(json::parse(R"({"textDocument":
      {"uri":"file:///s.md","languageId":"markdown","version":1,"text":"# 한"}})"));
  CHECK(open.textDocument == TextDocumentItem{"file:///s.md", "markdown", 1, "# 한"});

  auto change = parseParams<DidChangeTextDocumentParams>(json::parse(R"({
      "textDocument":{"uri":"file:///s.md","version":2},
      "contentChanges":[{"range":{"start":{"line":0,"character":2},"end":{"line":0,"character":3}},
                         "rangeLength":1,"text":"x"},
                        {"text":"full"}]})"));
  CHECK(change.textDocument.version == 2);
  REQUIRE(change.contentChanges.size() == 2);
  CHECK(change.contentChanges[0].range == Range{{0, 2}, {0, 3}});
  CHECK(change.contentChanges[0].rangeLength == 1u);
  CHECK_FALSE(change.contentChanges[1].range);
  CHECK(change.contentChanges[1].text == "full");

  CHECK(parseParams<DidCloseTextDocumentParams>(json{{"textDocument", {{"uri", "u"}}}})
            .textDocument.uri == "u");
  auto save = parseParams<DidSaveTextDocumentParams>(json{{"textDocument", {{"uri", "u"}}}});
  CHECK_FALSE(save.text);
  auto pull = parseParams<DocumentDiagnosticParams>(
      json{{"textDocument", {{"uri", "u"}}}, {"previousResultId", "r1"}});
  CHECK(pull.previousResultId == "r1");
  CHECK_FALSE(pull.identifier);
}

TEST_CASE("missing and wrong-typed fields report their JSON path") {
  CHECK(paramsError<DidOpenTextDocumentParams>(json::object()) ==
        "params.textDocument: required field is missing");
  CHECK(paramsError<DidOpenTextDocumentParams>(json{{"textDocument", {{"uri", 1}}}}) ==
        "params.textDocument.uri: expected a string, got number");
  CHECK(paramsError<DidChangeTextDocumentParams>(json::parse(R"({
      "textDocument":{"uri":"u","version":1},
      "contentChanges":[{"text":""},{"range":{"start":{"line":-1,"character":0},
                                              "end":{"line":0,"character":0}},"text":""}]})")) ==
        "params.contentChanges[1].range.start.line: integer -1 is out of range");
  CHECK(paramsError<DidChangeTextDocumentParams>(json::parse(R"({
      "textDocument":{"uri":"u","version":1.5},"contentChanges":[]})")) ==
        "params.textDocument.version: expected an integer, got number");
  CHECK(paramsError<DidCloseTextDocumentParams>(json::array()) ==
        "params: expected an object, got array");
  CHECK(paramsError<DidCloseTextDocumentParams>(json(nullptr)) ==
        "params: expected an object, got null");
  CHECK(paramsError<Diagnostic>(json::parse(R"({"range":{"start":{"line":0,"character":0},
      "end":{"line":0,"character":1}},"message":"m","severity":7})")) ==
        "params.severity: severity must be 1 to 4, got 7");
}

TEST_CASE("Diagnostic and PublishDiagnosticsParams serialise with LSP names") {
  Diagnostic diagnostic;
  diagnostic.range = {{1, 2}, {1, 5}};
  diagnostic.severity = DiagnosticSeverity::Warning;
  diagnostic.code = "unknown-level";
  diagnostic.codeDescription = CodeDescription{"https://example.org/docs/rules/unknown-level.md"};
  diagnostic.source = "session-lsp";
  diagnostic.message = "level must be L0..L5";
  diagnostic.data = json{{"fix", "L2"}};
  json expected = json::parse(R"({
      "range":{"start":{"line":1,"character":2},"end":{"line":1,"character":5}},
      "severity":2,"code":"unknown-level",
      "codeDescription":{"href":"https://example.org/docs/rules/unknown-level.md"},
      "source":"session-lsp","message":"level must be L0..L5","data":{"fix":"L2"}})");
  CHECK(json(diagnostic) == expected);
  CHECK(expected.get<Diagnostic>() == diagnostic);

  Diagnostic minimal;
  minimal.message = "m";
  CHECK(json(minimal) == json::parse(R"({"range":{"start":{"line":0,"character":0},
      "end":{"line":0,"character":0}},"message":"m"})"));

  auto integerCode = json::parse(R"({"range":{"start":{"line":0,"character":0},
      "end":{"line":0,"character":0}},"message":"m","code":42})");
  CHECK(integerCode.get<Diagnostic>().code == "42");

  PublishDiagnosticsParams publish{"file:///s.md", 3, {minimal}};
  json published = publish;
  CHECK(published["version"] == 3);
  CHECK(published["diagnostics"].size() == 1);
  publish.version.reset();
  CHECK_FALSE(json(publish).contains("version"));
  CHECK(json(Location{"u", {{0, 1}, {2, 3}}})["range"]["end"]["character"] == 3);
}

TEST_CASE("InitializeParams and reduced ClientCapabilities") {
  auto params = parseParams<InitializeParams>(json::parse(R"({
      "processId":null,"rootUri":"file:///w","rootPath":null,
      "workspaceFolders":[{"uri":"file:///w","name":"w"}],
      "initializationOptions":{"k":1},
      "capabilities":{
        "general":{"positionEncodings":["utf-8",3,"utf-16"]},
        "window":{"workDoneProgress":true},
        "workspace":{"configuration":true,"didChangeWatchedFiles":{"dynamicRegistration":true},
                     "workspaceFolders":true,"applyEdit":"yes"},
        "textDocument":{"diagnostic":{"dynamicRegistration":false},
                        "completion":{"completionItem":{"snippetSupport":true}},
                        "documentSymbol":{"hierarchicalDocumentSymbolSupport":true},
                        "hover":{"contentFormat":["markdown","plaintext"]}}}})"));
  CHECK_FALSE(params.processId);
  CHECK(params.rootUri == "file:///w");
  CHECK_FALSE(params.rootPath);
  REQUIRE(params.workspaceFolders);
  CHECK(*params.workspaceFolders == std::vector<WorkspaceFolder>{{"file:///w", "w"}});
  CHECK(params.initializationOptions == json{{"k", 1}});
  const ClientCapabilities& caps = params.capabilities;
  CHECK(caps.positionEncodings == std::vector<std::string>{"utf-8", "utf-16"});
  CHECK(caps.pullDiagnostics);
  CHECK(caps.snippetSupport);
  CHECK(caps.workDoneProgress);
  CHECK(caps.didChangeWatchedFilesDynamicRegistration);
  CHECK(caps.configuration);
  CHECK(caps.hierarchicalDocumentSymbol);
  CHECK(caps.workspaceFolders);
  CHECK_FALSE(caps.applyEdit); // "yes" is not a boolean: treated as absent.
  CHECK(caps.hoverMarkdown);
  CHECK(params.rawCapabilities["window"]["workDoneProgress"] == true);

  auto minimal =
      parseParams<InitializeParams>(json{{"processId", 12}, {"capabilities", json::object()}});
  CHECK(minimal.processId == 12);
  CHECK_FALSE(minimal.capabilities.pullDiagnostics);
  CHECK(minimal.capabilities.positionEncodings.empty());
  CHECK(parseParams<InitializeParams>(json::object()).rawCapabilities.is_null());

  CHECK(paramsError<InitializeParams>(json{{"capabilities", 1}}) ==
        "params.capabilities: expected an object, got number");
  CHECK(paramsError<InitializeParams>(json{{"processId", "12"}}) ==
        "params.processId: expected an integer, got string");
  CHECK(paramsError<InitializeParams>(json{{"workspaceFolders", {{{"uri", "u"}}}}}) ==
        "params.workspaceFolders[0].name: required field is missing");
}
