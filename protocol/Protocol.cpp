#include "protocol/Protocol.h"

#include <algorithm>
#include <initializer_list>

namespace protocol {

using nlohmann::json;

namespace {

template <class T> void putOptional(json& object, const char* key, const std::optional<T>& value) {
  if (value)
    object[key] = *value;
}

// Walks nested objects leniently: nullptr as soon as a key is absent or a value is no object.
const json* member(const json& root, std::initializer_list<const char*> keys) {
  const json* current = &root;
  for (const char* key : keys) {
    if (!current->is_object())
      return nullptr;
    auto found = current->find(key);
    if (found == current->end())
      return nullptr;
    current = &*found;
  }
  return current;
}

bool isTrue(const json& root, std::initializer_list<const char*> keys) {
  const json* value = member(root, keys);
  return value && value->is_boolean() && value->get<bool>();
}

} // namespace

void from_json(const json& value, Position& out) {
  ObjectMapper mapper(value);
  mapper.required("line", out.line);
  mapper.required("character", out.character);
}
void to_json(json& value, const Position& in) {
  value = {{"line", in.line}, {"character", in.character}};
}

void from_json(const json& value, Range& out) {
  ObjectMapper mapper(value);
  mapper.required("start", out.start);
  mapper.required("end", out.end);
}
void to_json(json& value, const Range& in) {
  value = {{"start", in.start}, {"end", in.end}};
}

void from_json(const json& value, Location& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
  mapper.required("range", out.range);
}
void to_json(json& value, const Location& in) {
  value = {{"uri", in.uri}, {"range", in.range}};
}

void from_json(const json& value, TextDocumentIdentifier& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
}
void to_json(json& value, const TextDocumentIdentifier& in) {
  value = {{"uri", in.uri}};
}

void from_json(const json& value, VersionedTextDocumentIdentifier& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
  mapper.required("version", out.version);
}
void to_json(json& value, const VersionedTextDocumentIdentifier& in) {
  value = {{"uri", in.uri}, {"version", in.version}};
}

void from_json(const json& value, TextDocumentItem& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
  mapper.required("languageId", out.languageId);
  mapper.required("version", out.version);
  mapper.required("text", out.text);
}
void to_json(json& value, const TextDocumentItem& in) {
  value = {
      {"uri", in.uri}, {"languageId", in.languageId}, {"version", in.version}, {"text", in.text}};
}

void from_json(const json& value, TextDocumentContentChangeEvent& out) {
  ObjectMapper mapper(value);
  mapper.optional("range", out.range);
  mapper.optional("rangeLength", out.rangeLength);
  mapper.required("text", out.text);
}
void to_json(json& value, const TextDocumentContentChangeEvent& in) {
  value = {{"text", in.text}};
  putOptional(value, "range", in.range);
  putOptional(value, "rangeLength", in.rangeLength);
}

void from_json(const json& value, DidOpenTextDocumentParams& out) {
  ObjectMapper(value).required("textDocument", out.textDocument);
}

void from_json(const json& value, DidChangeTextDocumentParams& out) {
  ObjectMapper mapper(value);
  mapper.required("textDocument", out.textDocument);
  mapper.required("contentChanges", out.contentChanges);
}

void from_json(const json& value, DidCloseTextDocumentParams& out) {
  ObjectMapper(value).required("textDocument", out.textDocument);
}

void from_json(const json& value, DidSaveTextDocumentParams& out) {
  ObjectMapper mapper(value);
  mapper.required("textDocument", out.textDocument);
  mapper.optional("text", out.text);
}

void from_json(const json& value, TextDocumentPositionParams& out) {
  ObjectMapper mapper(value);
  mapper.required("textDocument", out.textDocument);
  mapper.required("position", out.position);
}

void from_json(const json& value, TextDocumentParams& out) {
  ObjectMapper mapper(value);
  mapper.required("textDocument", out.textDocument);
}

void from_json(const json& value, DocumentDiagnosticParams& out) {
  ObjectMapper mapper(value);
  mapper.required("textDocument", out.textDocument);
  mapper.optional("identifier", out.identifier);
  mapper.optional("previousResultId", out.previousResultId);
}

void from_json(const json& value, CodeActionParams& out) {
  ObjectMapper mapper(value);
  mapper.required("textDocument", out.textDocument);
  mapper.required("range", out.range);
  const json* context = mapper.find("context");
  if (context && context->is_object() && context->contains("only")) {
    ObjectMapper contextMapper(*context);
    contextMapper.optional("only", out.only);
  }
}

void from_json(const json& value, PreviousResultId& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
  mapper.required("value", out.value);
}

void from_json(const json& value, WorkspaceDiagnosticParams& out) {
  ObjectMapper mapper(value);
  mapper.optional("identifier", out.identifier);
  mapper.required("previousResultIds", out.previousResultIds);
}

void from_json(const json& value, DiagnosticSeverity& out) {
  int severity = 0;
  readJson(value, severity);
  if (severity < 1 || severity > 4)
    throw InvalidParamsError("severity must be 1 to 4, got " + std::to_string(severity));
  out = static_cast<DiagnosticSeverity>(severity);
}
void to_json(json& value, const DiagnosticSeverity& in) {
  value = static_cast<int>(in);
}

void from_json(const json& value, CodeDescription& out) {
  ObjectMapper(value).required("href", out.href);
}
void to_json(json& value, const CodeDescription& in) {
  value = {{"href", in.href}};
}

void from_json(const json& value, Diagnostic& out) {
  ObjectMapper mapper(value);
  mapper.required("range", out.range);
  mapper.optional("severity", out.severity);
  out.code.reset();
  if (const json* code = mapper.find("code"); code && code->is_number_integer())
    out.code = code->dump();
  else
    mapper.optional("code", out.code);
  mapper.optional("codeDescription", out.codeDescription);
  mapper.optional("source", out.source);
  mapper.required("message", out.message);
  out.data.reset();
  if (const json* data = mapper.find("data"))
    out.data = *data;
}
void to_json(json& value, const Diagnostic& in) {
  value = {{"range", in.range}, {"message", in.message}};
  putOptional(value, "severity", in.severity);
  putOptional(value, "code", in.code);
  putOptional(value, "codeDescription", in.codeDescription);
  putOptional(value, "source", in.source);
  putOptional(value, "data", in.data);
}

void from_json(const json& value, PublishDiagnosticsParams& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
  mapper.optional("version", out.version);
  mapper.required("diagnostics", out.diagnostics);
}
void to_json(json& value, const PublishDiagnosticsParams& in) {
  value = {{"uri", in.uri}, {"diagnostics", in.diagnostics}};
  putOptional(value, "version", in.version);
}

void from_json(const json& value, WorkspaceFolder& out) {
  ObjectMapper mapper(value);
  mapper.required("uri", out.uri);
  mapper.required("name", out.name);
}
void to_json(json& value, const WorkspaceFolder& in) {
  value = {{"uri", in.uri}, {"name", in.name}};
}

void from_json(const json& value, ClientCapabilities& out) {
  out = ClientCapabilities();
  if (const json* encodings = member(value, {"general", "positionEncodings"});
      encodings && encodings->is_array()) {
    for (const json& encoding : *encodings)
      if (encoding.is_string())
        out.positionEncodings.push_back(encoding.get<std::string>());
  }
  const json* diagnostic = member(value, {"textDocument", "diagnostic"});
  out.pullDiagnostics = diagnostic && diagnostic->is_object();
  out.snippetSupport =
      isTrue(value, {"textDocument", "completion", "completionItem", "snippetSupport"});
  out.workDoneProgress = isTrue(value, {"window", "workDoneProgress"});
  out.didChangeWatchedFilesDynamicRegistration =
      isTrue(value, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  out.configuration = isTrue(value, {"workspace", "configuration"});
  out.hierarchicalDocumentSymbol =
      isTrue(value, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
  out.workspaceFolders = isTrue(value, {"workspace", "workspaceFolders"});
  out.applyEdit = isTrue(value, {"workspace", "applyEdit"});
  auto listsMarkdown = [&](std::initializer_list<const char*> path) {
    const json* formats = member(value, path);
    return formats && formats->is_array() &&
           std::find(formats->begin(), formats->end(), json("markdown")) != formats->end();
  };
  out.hoverMarkdown = listsMarkdown({"textDocument", "hover", "contentFormat"});
  out.documentChanges = isTrue(value, {"workspace", "workspaceEdit", "documentChanges"});
  auto lists = [&](std::initializer_list<const char*> path, const char* entry) {
    const json* values = member(value, path);
    return values && values->is_array() &&
           std::find(values->begin(), values->end(), json(entry)) != values->end();
  };
  out.createFiles = lists({"workspace", "workspaceEdit", "resourceOperations"}, "create");
  out.renameFiles = lists({"workspace", "workspaceEdit", "resourceOperations"}, "rename");
  out.codeActionResolveEdit =
      lists({"textDocument", "codeAction", "resolveSupport", "properties"}, "edit");
  out.completionDocumentationMarkdown =
      listsMarkdown({"textDocument", "completion", "completionItem", "documentationFormat"});
}

void from_json(const json& value, InitializeParams& out) {
  ObjectMapper mapper(value);
  mapper.optional("processId", out.processId);
  mapper.optional("rootUri", out.rootUri);
  mapper.optional("rootPath", out.rootPath);
  mapper.optional("workspaceFolders", out.workspaceFolders);
  out.initializationOptions = nullptr;
  mapper.optional("initializationOptions", out.initializationOptions);
  out.rawCapabilities = nullptr;
  out.capabilities = ClientCapabilities();
  if (const json* capabilities = mapper.find("capabilities");
      capabilities && !capabilities->is_null()) {
    if (!capabilities->is_object())
      throw InvalidParamsError("expected an object, got " + std::string(capabilities->type_name()),
                               "capabilities");
    out.rawCapabilities = *capabilities;
    from_json(*capabilities, out.capabilities);
  }
}

} // namespace protocol
