// LSP 3.17 types the server uses, written by hand (like clangd's Protocol.h, this is not meant
// to be complete: add a type when a feature needs it). Field names copy LSP's camelCase so the
// JSON mapping is obvious. Every type has `from_json` (strict, via ObjectMapper.h: a missing or
// wrong-typed field throws InvalidParamsError with its JSON path) and, where the server sends
// it, `to_json` (optional fields are omitted when empty).
#pragma once

#include "protocol/ObjectMapper.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace protocol {

/// A position between characters. WARNING: `character` counts in the negotiated position
/// encoding (UTF-16 code units by default), not bytes: convert with PositionEncoding.h.
struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  bool operator==(const Position&) const = default;
};

struct Range {
  Position start;
  Position end;
  bool operator==(const Range&) const = default;
};

struct Location {
  std::string uri;
  Range range;
  bool operator==(const Location&) const = default;
};

struct TextDocumentIdentifier {
  std::string uri;
  bool operator==(const TextDocumentIdentifier&) const = default;
};

struct VersionedTextDocumentIdentifier {
  std::string uri;
  int32_t version = 0;
  bool operator==(const VersionedTextDocumentIdentifier&) const = default;
};

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  int32_t version = 0;
  std::string text;
  bool operator==(const TextDocumentItem&) const = default;
};

/// One edit of `textDocument/didChange`: without `range`, `text` replaces the whole document.
struct TextDocumentContentChangeEvent {
  std::optional<Range> range;
  std::optional<uint32_t> rangeLength; ///< Deprecated by LSP; read but not needed.
  std::string text;
  bool operator==(const TextDocumentContentChangeEvent&) const = default;
};

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> text;
};

/// `textDocument/completion`, `hover` and every other request about one position.
/// (CompletionParams' `context` is not needed: the server derives the context from the text.)
struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};

/// `textDocument/documentSymbol`, `foldingRange` and other requests about a whole document.
struct TextDocumentParams {
  TextDocumentIdentifier textDocument;
};

/// `textDocument/diagnostic` (pull diagnostics).
struct DocumentDiagnosticParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> identifier;
  std::optional<std::string> previousResultId;
};

/// `textDocument/codeAction`. The context's diagnostics are not read back: the server matches
/// its own diagnostics to the range (they are the same ones it published).
struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  std::optional<std::vector<std::string>> only; ///< context.only
};

/// `workspace/diagnostic`: the result ids the client holds, per document.
struct PreviousResultId {
  std::string uri;
  std::string value;
};
struct WorkspaceDiagnosticParams {
  std::optional<std::string> identifier;
  std::vector<PreviousResultId> previousResultIds;
};

enum class DiagnosticSeverity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

struct CodeDescription {
  std::string href;
  bool operator==(const CodeDescription&) const = default;
};

struct Diagnostic {
  Range range;
  std::optional<DiagnosticSeverity> severity;
  /// LSP allows integer codes too; from_json turns them into their decimal string.
  std::optional<std::string> code;
  std::optional<CodeDescription> codeDescription;
  std::optional<std::string> source;
  std::string message;
  std::optional<nlohmann::json> data; ///< Round-trips to code actions unchanged.
  bool operator==(const Diagnostic&) const = default;
};

struct PublishDiagnosticsParams {
  std::string uri;
  std::optional<int32_t> version;
  std::vector<Diagnostic> diagnostics;
};

struct WorkspaceFolder {
  std::string uri;
  std::string name;
  bool operator==(const WorkspaceFolder&) const = default;
};

/// What the client can do, reduced to the facts the server acts on. This struct does not
/// mirror LSP. Reading it is lenient: a capability of the wrong type counts as absent, since a
/// client's odd capability must not make `initialize` fail.
struct ClientCapabilities {
  /// general.positionEncodings (non-string entries dropped). See PositionEncoding.h negotiate().
  std::vector<std::string> positionEncodings;
  /// textDocument.diagnostic is present: the client pulls diagnostics.
  bool pullDiagnostics = false;
  /// textDocument.completion.completionItem.snippetSupport
  bool snippetSupport = false;
  /// window.workDoneProgress
  bool workDoneProgress = false;
  /// workspace.didChangeWatchedFiles.dynamicRegistration
  bool didChangeWatchedFilesDynamicRegistration = false;
  /// workspace.configuration (the client answers workspace/configuration)
  bool configuration = false;
  /// textDocument.documentSymbol.hierarchicalDocumentSymbolSupport
  bool hierarchicalDocumentSymbol = false;
  /// workspace.workspaceFolders
  bool workspaceFolders = false;
  /// workspace.applyEdit
  bool applyEdit = false;
  /// textDocument.hover.contentFormat lists "markdown"
  bool hoverMarkdown = false;
  /// textDocument.completion.completionItem.documentationFormat lists "markdown"
  bool completionDocumentationMarkdown = false;
  /// workspace.workspaceEdit.documentChanges
  bool documentChanges = false;
  /// workspace.workspaceEdit.resourceOperations lists "create" / "rename"
  bool createFiles = false;
  bool renameFiles = false;
  /// textDocument.codeAction.resolveSupport.properties lists "edit"
  bool codeActionResolveEdit = false;
};

struct InitializeParams {
  std::optional<int64_t> processId; ///< null or absent: no parent process to watch.
  std::optional<std::string> rootUri;
  std::optional<std::string> rootPath; ///< Deprecated by LSP, still sent by some clients.
  std::optional<std::vector<WorkspaceFolder>> workspaceFolders;
  nlohmann::json initializationOptions; ///< null when absent.
  ClientCapabilities capabilities;      ///< Defaults when absent.
  nlohmann::json rawCapabilities;       ///< The capabilities object as sent (null when absent).
};

// NOLINTBEGIN(readability-identifier-naming): nlohmann finds these by these names.
void from_json(const nlohmann::json& value, Position& out);
void to_json(nlohmann::json& value, const Position& in);
void from_json(const nlohmann::json& value, Range& out);
void to_json(nlohmann::json& value, const Range& in);
void from_json(const nlohmann::json& value, Location& out);
void to_json(nlohmann::json& value, const Location& in);
void from_json(const nlohmann::json& value, TextDocumentIdentifier& out);
void to_json(nlohmann::json& value, const TextDocumentIdentifier& in);
void from_json(const nlohmann::json& value, VersionedTextDocumentIdentifier& out);
void to_json(nlohmann::json& value, const VersionedTextDocumentIdentifier& in);
void from_json(const nlohmann::json& value, TextDocumentItem& out);
void to_json(nlohmann::json& value, const TextDocumentItem& in);
void from_json(const nlohmann::json& value, TextDocumentContentChangeEvent& out);
void to_json(nlohmann::json& value, const TextDocumentContentChangeEvent& in);
void from_json(const nlohmann::json& value, DidOpenTextDocumentParams& out);
void from_json(const nlohmann::json& value, DidChangeTextDocumentParams& out);
void from_json(const nlohmann::json& value, DidCloseTextDocumentParams& out);
void from_json(const nlohmann::json& value, DidSaveTextDocumentParams& out);
void from_json(const nlohmann::json& value, TextDocumentPositionParams& out);
void from_json(const nlohmann::json& value, TextDocumentParams& out);
void from_json(const nlohmann::json& value, DocumentDiagnosticParams& out);
void from_json(const nlohmann::json& value, CodeActionParams& out);
void from_json(const nlohmann::json& value, PreviousResultId& out);
void from_json(const nlohmann::json& value, WorkspaceDiagnosticParams& out);
void from_json(const nlohmann::json& value, DiagnosticSeverity& out);
void to_json(nlohmann::json& value, const DiagnosticSeverity& in);
void from_json(const nlohmann::json& value, CodeDescription& out);
void to_json(nlohmann::json& value, const CodeDescription& in);
void from_json(const nlohmann::json& value, Diagnostic& out);
void to_json(nlohmann::json& value, const Diagnostic& in);
void from_json(const nlohmann::json& value, PublishDiagnosticsParams& out);
void to_json(nlohmann::json& value, const PublishDiagnosticsParams& in);
void from_json(const nlohmann::json& value, WorkspaceFolder& out);
void to_json(nlohmann::json& value, const WorkspaceFolder& in);
void from_json(const nlohmann::json& value, ClientCapabilities& out);
void from_json(const nlohmann::json& value, InitializeParams& out);
// NOLINTEND(readability-identifier-naming)

} // namespace protocol
