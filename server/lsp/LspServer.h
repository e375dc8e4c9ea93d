// The LSP binding: the method table, capabilities, open documents and their diagnostics.
//
// It owns no I/O: messages come in through handleMessage() and go out through the send
// function, so tests can drive it directly. Diagnostics are computed lazily: didOpen/didChange
// only store text, and publishPending() analyses each changed document once, for its newest
// version — the server loop calls it when no more input is queued, so a burst of edits is
// analysed once.
#pragma once

#include "protocol/Dispatcher.h"
#include "protocol/PositionEncoding.h"
#include "server/core/Document.h"
#include "server/core/Workspace.h"
#include "server/features/CodeActions.h"
#include "server/lsp/BackgroundIndex.h"
#include "server/lsp/FeatureJson.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace session::lsp {

class LspServer {
public:
  explicit LspServer(protocol::SendFunction send);
  ~LspServer();

  /// Hands work to the thread that calls handleMessage() (the server loop's queue). With a
  /// poster, the workspace is indexed in the background and the results come back as tasks;
  /// without one (tests, `--lit-test`), indexing happens inside `initialize`.
  using TaskPoster = std::function<void(std::function<void()>)>;
  void setTaskPoster(TaskPoster post);
  /// Cancelled request ids: the reader thread records `$/cancelRequest` here as it reads it.
  protocol::CancellationRegistry& cancellations() { return dispatcher_.cancellations(); }
  /// The client's process id from `initialize` (0 until then, or when it sent none): the
  /// server exits when that process is gone (Server.cpp watches it).
  int64_t parentProcessId() const { return parentProcessId_; }
  /// Whether the background index is still running.
  bool indexing() const { return indexing_; }

  void handleMessage(std::string_view body);
  void handleFramingError(std::string_view description);
  /// Publishes diagnostics for every open document changed since its last publish (push mode).
  void publishPending();

  bool shouldExit() const { return dispatcher_.shouldExit(); }
  int exitCode() const { return dispatcher_.exitCode(); }
  /// The current text of an open document (tests and the differential fuzzer), or nullopt.
  std::optional<std::string> documentText(const std::string& uri) const;
  /// How many times documents were analysed (for tests of edit bursts).
  uint64_t analysisCount() const { return analysisCount_; }

private:
  struct OpenDocument {
    std::string uri;
    std::string text;
    int64_t version = 0;
    /// Workspace-relative path, when the document is a file inside the workspace.
    std::optional<std::string> workspacePath;
    /// Parsed on demand for the current text; null after a change.
    std::shared_ptr<const core::Document> parsed;
    /// The last parse before the pending changes: the next parse takes its markdown body
    /// over when the edits left the body alone (core::Document::parse's `previous`).
    std::shared_ptr<const core::Document> previousParse;
    /// The workspace index does not know `parsed`'s facts yet (see parseText).
    bool factsPending = false;
    /// The diagnostics of `analysedVersion`, and whether they still await publishing.
    std::vector<core::Diagnostic> diagnostics;
    std::optional<int64_t> analysedVersion;
    /// Names the current analysis for pull diagnostics (`previousResultId`).
    std::string resultId;
    bool published = false;
  };

  void registerHandlers();
  /// Asks the client to report changes of files the workspace index depends on.
  void registerFileWatchers();
  void onInitialize(const nlohmann::json& params, protocol::Reply reply);
  void onDidOpen(const nlohmann::json& params);
  void onDidChange(const nlohmann::json& params);
  void onDidClose(const nlohmann::json& params);
  void onDidSave(const nlohmann::json& params);
  void onDidChangeWatchedFiles(const nlohmann::json& params);
  void onDocumentDiagnostic(const nlohmann::json& params, protocol::Reply reply);
  void onCompletion(const nlohmann::json& params, protocol::Reply reply);
  void onHover(const nlohmann::json& params, protocol::Reply reply);
  void onDocumentSymbol(const nlohmann::json& params, protocol::Reply reply);
  void onFoldingRange(const nlohmann::json& params, protocol::Reply reply);
  void onDefinition(const nlohmann::json& params, protocol::Reply reply);
  void onDocumentLink(const nlohmann::json& params, protocol::Reply reply);
  void onReferences(const nlohmann::json& params, protocol::Reply reply);
  void onWorkspaceSymbol(const nlohmann::json& params, protocol::Reply reply);
  std::string uriOf(const std::string& workspacePath) const;

  core::Workspace& workspaceFor(const std::string& path);
  void openWorkspace(const std::filesystem::path& root);
  void indexWorkspace();
  void applyIndexBatch(IndexBatch batch);
  void finishIndexing();
  void beginIndexProgress();
  void reportIndexProgress(bool done);
  std::string progressMessage() const;
  uint32_t progressPercentage() const;
  OpenDocument* findDocument(const std::string& uri);
  /// The open document a request names; replies InvalidParams and returns null when it is not
  /// open.
  OpenDocument* requestedDocument(const std::string& uri, protocol::Reply& reply);
  /// The parsed model of the document's current text (parsed once per version), with what the
  /// workspace index knows of the session (its module, tags, levels, citations) brought up to
  /// date.
  const core::Document& parsed(OpenDocument& document);
  /// Parses the current text if needed, leaving the index's facts of the session pending: the
  /// session's own diagnostics do not read them, so a keystroke's diagnostics go out first and
  /// the facts follow (syncPendingFacts: after each message, each round of publishing, and
  /// before any document is analysed).
  void parseText(OpenDocument& document);
  void syncFacts(OpenDocument& document);
  void syncPendingFacts();
  const core::Schema& schemaFor(const OpenDocument& document) const;
  /// When a fresh parse's facts reach the workspace index: before analyse() returns, or after
  /// the reply that carries the diagnostics (only where nothing in between reads the document's
  /// own facts: publishing, and textDocument/diagnostic).
  enum class FactsTiming { Now, AfterReply };
  /// Makes the document's diagnostics current (parses and runs the rules if needed).
  void analyse(OpenDocument& document, FactsTiming facts = FactsTiming::Now);
  /// Re-applies buffers of the template and settings files to the workspace.
  void noteWorkspaceFileChanged(const OpenDocument& document);
  void invalidateAll();
  nlohmann::json diagnosticsToJson(const OpenDocument& document) const;
  nlohmann::json diagnosticsToJson(const std::vector<core::Diagnostic>& diagnostics,
                                   const core::LineIndex& lines) const;
  void onWorkspaceDiagnostic(const nlohmann::json& params, protocol::Reply reply);
  struct WorkspaceDiagnosticJob;
  void continueWorkspaceDiagnostic(std::shared_ptr<WorkspaceDiagnosticJob> job);
  void reportWorkspaceItem(WorkspaceDiagnosticJob& job, const std::string& uri,
                           nlohmann::json version, const std::string& resultId,
                           const std::function<nlohmann::json()>& diagnostics);
  void onCodeAction(const nlohmann::json& params, protocol::Reply reply);
  void onExecuteCommand(const nlohmann::json& params, protocol::Reply reply);
  /// textDocument/inlayHint, or textDocument/codeLens (\p asCodeLens) for clients without
  /// inlay hints: the module's level path after `level_after` (features/InlayHints.h).
  void onLevelPathHint(const nlohmann::json& params, protocol::Reply reply, bool asCodeLens);
  void onCodeActionResolve(const nlohmann::json& params, protocol::Reply reply);
  /// What code actions need of a document (analysed first): model, schema, workspace, path.
  features::CodeActionContext codeActionContextFor(OpenDocument& document);
  /// The document's quick fixes over all its diagnostics (indices are stable per version).
  std::vector<features::CodeAction> codeActionsOf(OpenDocument& document);
  nlohmann::json workspaceEditFor(const OpenDocument& document,
                                  const features::CodeAction& action) const;
  nlohmann::json codeActionToJson(const OpenDocument& document, const features::CodeAction& action,
                                  size_t index, bool withEdit) const;
  /// The version a client-side document has (an open buffer's), or null.
  nlohmann::json versionOf(const std::string& workspacePath) const;
  void log(int type, const std::string& message);

  protocol::Dispatcher dispatcher_;
  protocol::PositionEncoding encoding_ = protocol::PositionEncoding::Utf16;
  ClientFormats formats_;
  bool documentChanges_ = false;
  bool createFiles_ = false;
  bool renameFiles_ = false;
  bool resolveCodeActions_ = false;
  bool applyEdit_ = false;
  std::atomic<int64_t> parentProcessId_ = 0;
  bool pullDiagnostics_ = false;
  bool refreshSupport_ = false;
  /// Inlay hints when the client has them, else the same text as code lenses (SPEC §4).
  /// The client answers `workspace/configuration` (section `sessionLsp`, SPEC §8).
  bool configuration_ = false;
  void requestEditorSettings();
  void applyEditorSettings(const nlohmann::json& settings);
  bool inlayHints_ = false;
  bool inlayHintRefresh_ = false;
  bool codeLensRefresh_ = false;
  bool watchFilesDynamically_ = false;
  bool workDoneProgress_ = false;
  TaskPoster post_;
  // The background index and its progress report (`$/progress` under one token).
  std::unique_ptr<BackgroundIndex> indexer_;
  bool indexing_ = false;
  size_t indexTotal_ = 0;
  size_t indexDone_ = 0;
  bool progressBegun_ = false;
  uint32_t lastReportedPercentage_ = 0;
  std::chrono::steady_clock::time_point indexStarted_;
  std::unique_ptr<core::Workspace> workspace_;
  std::map<std::string, OpenDocument, std::less<>> documents_;
  uint64_t analysisCount_ = 0;
  /// Bumped whenever diagnostics of files not open may change (template, settings, files on
  /// disk, the index): part of their `workspace/diagnostic` result ids.
  uint64_t generation_ = 0;
};

} // namespace session::lsp
