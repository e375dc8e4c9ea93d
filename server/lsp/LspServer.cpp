#include "server/lsp/LspServer.h"

#include "protocol/Protocol.h"
#include "protocol/Uri.h"
#include "server/features/InlayHints.h"
#include "server/features/Navigation.h"
#include "server/features/NewSession.h"
#include "server/features/ProgressBlock.h"
#include "server/features/SessionIndex.h"
#include "server/features/WorkspaceCheck.h"
#include "server/lsp/Positions.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

namespace session::lsp {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr int kLogError = 1;
constexpr int kLogWarning = 2;
constexpr int kLogInfo = 3;

template <typename T> T parseParams(const json& params) {
  T value;
  from_json(params, value);
  return value;
}

/// Applies one didChange edit to \p text (byte offsets computed on the text as it is now).
void applyChange(std::string& text, const protocol::TextDocumentContentChangeEvent& change,
                 protocol::PositionEncoding encoding) {
  if (!change.range) {
    text = change.text;
    return;
  }
  core::LineIndex lines(text);
  uint32_t begin = toOffset(lines, change.range->start, encoding);
  uint32_t end = toOffset(lines, change.range->end, encoding);
  if (end < begin)
    std::swap(begin, end);
  text.replace(begin, end - begin, change.text);
}
} // namespace

LspServer::LspServer(protocol::SendFunction send) : dispatcher_(std::move(send)) {
  registerHandlers();
}

LspServer::~LspServer() = default;

void LspServer::setTaskPoster(TaskPoster post) {
  post_ = std::move(post);
}

void LspServer::registerHandlers() {
  dispatcher_.onRequest("initialize", [this](const json& params, protocol::Reply reply) {
    onInitialize(params, std::move(reply));
  });
  dispatcher_.onNotification("initialized", [this](const json&) {
    registerFileWatchers();
    beginIndexProgress();
    requestEditorSettings();
  });
  dispatcher_.onRequest("shutdown", [](const json&, protocol::Reply reply) { reply(nullptr); });
  dispatcher_.onNotification("textDocument/didOpen",
                             [this](const json& params) { onDidOpen(params); });
  dispatcher_.onNotification("textDocument/didChange",
                             [this](const json& params) { onDidChange(params); });
  dispatcher_.onNotification("textDocument/didClose",
                             [this](const json& params) { onDidClose(params); });
  dispatcher_.onNotification("textDocument/didSave",
                             [this](const json& params) { onDidSave(params); });
  dispatcher_.onNotification("workspace/didChangeWatchedFiles",
                             [this](const json& params) { onDidChangeWatchedFiles(params); });
  dispatcher_.onNotification("workspace/didChangeConfiguration", [this](const json& params) {
    // Clients that push settings (eglot, Neovim's `settings`) send them here; the others
    // say only that something changed, and are asked.
    if (params.is_object() && params.contains("settings") && params["settings"].is_object() &&
        params["settings"].contains("sessionLsp"))
      applyEditorSettings(params["settings"]["sessionLsp"]);
    else if (configuration_)
      requestEditorSettings();
    else
      invalidateAll();
  });
  dispatcher_.onRequest("textDocument/diagnostic",
                        [this](const json& params, protocol::Reply reply) {
                          onDocumentDiagnostic(params, std::move(reply));
                        });
  dispatcher_.onRequest("workspace/diagnostic", [this](const json& params, protocol::Reply reply) {
    onWorkspaceDiagnostic(params, std::move(reply));
  });
  dispatcher_.onRequest("textDocument/codeAction",
                        [this](const json& params, protocol::Reply reply) {
                          onCodeAction(params, std::move(reply));
                        });
  dispatcher_.onRequest("codeAction/resolve", [this](const json& params, protocol::Reply reply) {
    onCodeActionResolve(params, std::move(reply));
  });
  dispatcher_.onRequest("textDocument/inlayHint",
                        [this](const json& params, protocol::Reply reply) {
                          onLevelPathHint(params, std::move(reply), false);
                        });
  dispatcher_.onRequest("textDocument/codeLens", [this](const json& params, protocol::Reply reply) {
    onLevelPathHint(params, std::move(reply), true);
  });
  dispatcher_.onRequest("workspace/executeCommand",
                        [this](const json& params, protocol::Reply reply) {
                          onExecuteCommand(params, std::move(reply));
                        });
  dispatcher_.onRequest("textDocument/completion",
                        [this](const json& params, protocol::Reply reply) {
                          onCompletion(params, std::move(reply));
                        });
  dispatcher_.onRequest("textDocument/hover", [this](const json& params, protocol::Reply reply) {
    onHover(params, std::move(reply));
  });
  dispatcher_.onRequest("textDocument/documentSymbol",
                        [this](const json& params, protocol::Reply reply) {
                          onDocumentSymbol(params, std::move(reply));
                        });
  dispatcher_.onRequest("textDocument/definition",
                        [this](const json& params, protocol::Reply reply) {
                          onDefinition(params, std::move(reply));
                        });
  dispatcher_.onRequest("textDocument/documentLink",
                        [this](const json& params, protocol::Reply reply) {
                          onDocumentLink(params, std::move(reply));
                        });
  dispatcher_.onRequest("textDocument/references",
                        [this](const json& params, protocol::Reply reply) {
                          onReferences(params, std::move(reply));
                        });
  dispatcher_.onRequest("workspace/symbol", [this](const json& params, protocol::Reply reply) {
    onWorkspaceSymbol(params, std::move(reply));
  });
  dispatcher_.onRequest("textDocument/foldingRange",
                        [this](const json& params, protocol::Reply reply) {
                          onFoldingRange(params, std::move(reply));
                        });
}

void LspServer::handleMessage(std::string_view body) {
  dispatcher_.handleMessage(body);
  syncPendingFacts(); // after the reply has gone out
}

void LspServer::handleFramingError(std::string_view description) {
  dispatcher_.handleFramingError(description);
}

void LspServer::onInitialize(const json& params, protocol::Reply reply) {
  auto initialize = parseParams<protocol::InitializeParams>(params);
  encoding_ =
      protocol::negotiate(std::span<const std::string>(initialize.capabilities.positionEncodings));
  pullDiagnostics_ = initialize.capabilities.pullDiagnostics;
  formats_.encoding = encoding_;
  formats_.snippets = initialize.capabilities.snippetSupport;
  formats_.completionMarkdown = initialize.capabilities.completionDocumentationMarkdown;
  formats_.hoverMarkdown = initialize.capabilities.hoverMarkdown;
  formats_.hierarchicalSymbols = initialize.capabilities.hierarchicalDocumentSymbol;
  watchFilesDynamically_ = initialize.capabilities.didChangeWatchedFilesDynamicRegistration;
  workDoneProgress_ = initialize.capabilities.workDoneProgress;
  documentChanges_ = initialize.capabilities.documentChanges;
  createFiles_ = documentChanges_ && initialize.capabilities.createFiles;
  renameFiles_ = documentChanges_ && initialize.capabilities.renameFiles;
  resolveCodeActions_ = initialize.capabilities.codeActionResolveEdit;
  applyEdit_ = initialize.capabilities.applyEdit;
  if (initialize.processId && *initialize.processId > 0)
    parentProcessId_ = *initialize.processId;
  auto capability = [&raw = initialize.rawCapabilities](const json::json_pointer& pointer) {
    return raw.is_object() && raw.contains(pointer);
  };
  auto flag = [&raw = initialize.rawCapabilities](const json::json_pointer& pointer) {
    return raw.is_object() && raw.value(pointer, false);
  };
  refreshSupport_ = flag("/workspace/diagnostics/refreshSupport"_json_pointer);
  inlayHints_ = capability("/textDocument/inlayHint"_json_pointer);
  configuration_ = flag("/workspace/configuration"_json_pointer);
  inlayHintRefresh_ = flag("/workspace/inlayHint/refreshSupport"_json_pointer);
  codeLensRefresh_ = flag("/workspace/codeLens/refreshSupport"_json_pointer);

  std::optional<std::string> rootPath;
  if (initialize.workspaceFolders && !initialize.workspaceFolders->empty())
    rootPath = protocol::fileUriToPath(initialize.workspaceFolders->front().uri);
  if (!rootPath && initialize.rootUri)
    rootPath = protocol::fileUriToPath(*initialize.rootUri);
  if (!rootPath && initialize.rootPath)
    rootPath = initialize.rootPath;
  if (rootPath)
    openWorkspace(*rootPath);

  json capabilities = {
      {"positionEncoding", protocol::encodingName(encoding_)},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      // `:` and ` ` open value lists (`level_after: `), `#` headings, `[` and `,` tag lists,
      // `|` table cells, `/` and `(` paths. Elsewhere completion answers an empty list, so
      // prose stays quiet.
      {"completionProvider",
       {{"triggerCharacters", {":", " ", "#", "[", ",", "|", "/", "("}},
        {"resolveProvider", false}}},
      {"hoverProvider", true},
      {"documentSymbolProvider", true},
      {"foldingRangeProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentLinkProvider", {{"resolveProvider", false}}},
      {"workspaceSymbolProvider", true},
      {"executeCommandProvider",
       {{"commands", {"session-lsp.newSession", "session-lsp.showModulePath"}}}},
      {"codeActionProvider",
       {{"codeActionKinds", {"quickfix", "source.fixAll.session-lsp"}},
        {"resolveProvider", resolveCodeActions_}}},
  };
  if (inlayHints_)
    capabilities["inlayHintProvider"] = {{"resolveProvider", false}};
  else
    capabilities["codeLensProvider"] = {{"resolveProvider", false}};
  if (pullDiagnostics_)
    capabilities["diagnosticProvider"] = {{"identifier", "session-lsp"},
                                          {"interFileDependencies", true},
                                          {"workspaceDiagnostics", true}};
  reply({{"capabilities", capabilities},
         {"serverInfo", {{"name", "session-lsp"}, {"version", SESSION_LSP_VERSION}}}});
}

void LspServer::requestEditorSettings() {
  if (!configuration_ || !workspace_)
    return;
  json item = {{"section", "sessionLsp"}};
  item["scopeUri"] = protocol::pathToFileUri(workspace_->root().string());
  dispatcher_.sendRequest("workspace/configuration", {{"items", json::array({item})}},
                          [this](const protocol::Response& response) {
                            if (response.error || !response.result.is_array() ||
                                response.result.empty())
                              return;
                            applyEditorSettings(response.result[0]);
                          });
}

void LspServer::applyEditorSettings(const json& settings) {
  if (!workspace_)
    return;
  // JSON is YAML: the settings file's reader reads the editor's object as it is, so the keys
  // and their checks are the same.
  auto problems = workspace_->setEditorSettings(settings.is_object() ? settings.dump() : "{}");
  for (const auto& problem : problems)
    log(kLogWarning, "editor settings (sessionLsp): " + problem.message);
  invalidateAll();
}

void LspServer::registerFileWatchers() {
  if (!watchFilesDynamically_)
    return;
  // Sessions and notes (modules, tags, evidence), the settings and template, and module
  // folders under tracks/ (completion offers their names).
  json watchers =
      json::array({json{{"globPattern", "**/*.md"}}, json{{"globPattern", "**/.session-lsp.yaml"}},
                   json{{"globPattern", "**/tracks/*/*"}}});
  json registration = {{"id", "session-lsp-watched-files"},
                       {"method", "workspace/didChangeWatchedFiles"},
                       {"registerOptions", {{"watchers", watchers}}}};
  dispatcher_.sendRequest("client/registerCapability",
                          {{"registrations", json::array({registration})}},
                          [](const protocol::Response&) {});
}

core::Workspace& LspServer::workspaceFor(const std::string& path) {
  // A client that named no folder gets the workspace around the first file it opens.
  if (!workspace_)
    openWorkspace(core::findWorkspaceRoot(path));
  return *workspace_;
}

void LspServer::openWorkspace(const std::filesystem::path& root) {
  workspace_ = std::make_unique<core::Workspace>(root);
  // The index keeps what references and workspace symbols need: citations, topics.
  workspace_->setFactsExtractor(features::extractSessionFacts);
  indexWorkspace();
}

void LspServer::indexWorkspace() {
  // Other sessions feed `unknown-module`, `level-discontinuity`, completion, references and
  // workspace symbols.
  indexStarted_ = std::chrono::steady_clock::now();
  if (!post_) {
    // No main loop to hand batches to (tests, `--lit-test`): index here and now.
    auto count = workspace_->indexSessionsOnDisk();
    log(kLogInfo,
        "indexed " + std::to_string(count) + " sessions under " + workspace_->root().string());
    return;
  }
  auto files = workspace_->findSessionFiles();
  indexing_ = true;
  indexTotal_ = files.size();
  indexDone_ = 0;
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  indexer_ = std::make_unique<BackgroundIndex>(
      *workspace_, std::move(files), threads,
      [this](IndexBatch batch) {
        post_([this, batch = std::move(batch)]() mutable { applyIndexBatch(std::move(batch)); });
      },
      [this] { post_([this] { finishIndexing(); }); });
}

void LspServer::applyIndexBatch(IndexBatch batch) {
  for (auto& entry : batch.facts) {
    const std::string& path = entry.first;
    // An open buffer speaks for its file; the disk's older text must not replace it.
    bool open = std::any_of(documents_.begin(), documents_.end(), [&](const auto& document) {
      return document.second.workspacePath == path;
    });
    if (!open)
      workspace_->setSessionFacts(path, std::move(entry.second));
  }
  indexDone_ += batch.facts.size();
  reportIndexProgress(false);
}

void LspServer::finishIndexing() {
  indexing_ = false;
  indexer_.reset();
  reportIndexProgress(true);
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - indexStarted_)
                     .count();
  log(kLogInfo, "indexed " + std::to_string(indexDone_) + " sessions under " +
                    workspace_->root().string() + " in " + std::to_string(elapsed) + " ms");
  // Diagnostics that read other sessions (unknown-module, level-discontinuity) may change.
  invalidateAll();
}

namespace {
constexpr const char* kIndexProgressToken = "session-lsp/indexing";
} // namespace

void LspServer::beginIndexProgress() {
  if (!indexing_ || !workDoneProgress_)
    return;
  dispatcher_.sendRequest("window/workDoneProgress/create", {{"token", kIndexProgressToken}},
                          [this](const protocol::Response& response) {
                            if (response.error || !indexing_)
                              return; // the client declined, or indexing ended first
                            progressBegun_ = true;
                            dispatcher_.notify("$/progress",
                                               {{"token", kIndexProgressToken},
                                                {"value",
                                                 {{"kind", "begin"},
                                                  {"title", "Indexing sessions"},
                                                  {"cancellable", false},
                                                  {"message", progressMessage()},
                                                  {"percentage", progressPercentage()}}}});
                          });
}

std::string LspServer::progressMessage() const {
  return std::to_string(indexDone_) + "/" + std::to_string(indexTotal_) + " sessions";
}

uint32_t LspServer::progressPercentage() const {
  return indexTotal_ == 0 ? 100 : static_cast<uint32_t>(indexDone_ * 100 / indexTotal_);
}

void LspServer::reportIndexProgress(bool done) {
  if (!progressBegun_)
    return;
  if (done) {
    progressBegun_ = false;
    dispatcher_.notify(
        "$/progress",
        {{"token", kIndexProgressToken},
         {"value",
          {{"kind", "end"}, {"message", "indexed " + std::to_string(indexDone_) + " sessions"}}}});
    return;
  }
  // At most one report per 5 %, so a 10 000-session index sends about 20.
  uint32_t percentage = progressPercentage();
  if (percentage < lastReportedPercentage_ + 5)
    return;
  lastReportedPercentage_ = percentage;
  dispatcher_.notify(
      "$/progress",
      {{"token", kIndexProgressToken},
       {"value",
        {{"kind", "report"}, {"message", progressMessage()}, {"percentage", percentage}}}});
}

std::optional<std::string> LspServer::documentText(const std::string& uri) const {
  auto found = documents_.find(protocol::normalizeUri(uri));
  return found == documents_.end() ? std::nullopt : std::optional<std::string>(found->second.text);
}

LspServer::OpenDocument* LspServer::findDocument(const std::string& uri) {
  auto found = documents_.find(protocol::normalizeUri(uri));
  return found == documents_.end() ? nullptr : &found->second;
}

void LspServer::onDidOpen(const json& params) {
  auto open = parseParams<protocol::DidOpenTextDocumentParams>(params);
  auto uri = protocol::normalizeUri(open.textDocument.uri);
  OpenDocument document;
  document.uri = open.textDocument.uri;
  document.text = std::move(open.textDocument.text);
  document.version = open.textDocument.version;
  if (auto path = protocol::fileUriToPath(uri))
    document.workspacePath = workspaceFor(*path).relativePath(*path);
  // didOpen of an already open document replaces it (the client is the source of truth).
  documents_[uri] = std::move(document);
  noteWorkspaceFileChanged(documents_[uri]);
}

void LspServer::onDidChange(const json& params) {
  auto change = parseParams<protocol::DidChangeTextDocumentParams>(params);
  auto* document = findDocument(change.textDocument.uri);
  if (!document) {
    log(kLogError, "didChange for a document that is not open: " + change.textDocument.uri);
    return;
  }
  for (const auto& edit : change.contentChanges)
    applyChange(document->text, edit, encoding_);
  document->version = change.textDocument.version;
  if (document->parsed)
    document->previousParse = std::move(document->parsed);
  document->parsed.reset();
  document->analysedVersion.reset();
  document->published = false;
  noteWorkspaceFileChanged(*document);
}

void LspServer::onDidClose(const json& params) {
  auto close = parseParams<protocol::DidCloseTextDocumentParams>(params);
  auto found = documents_.find(protocol::normalizeUri(close.textDocument.uri));
  if (found == documents_.end())
    return;
  bool wasWorkspaceFile = found->second.workspacePath && workspace_ &&
                          (workspace_->isTemplatePath(*found->second.workspacePath) ||
                           *found->second.workspacePath == core::kSettingsFileName);
  auto closedPath = found->second.workspacePath;
  documents_.erase(found);
  // The file on disk speaks for the session again.
  if (closedPath && workspace_)
    workspace_->reindexSessionOnDisk(*closedPath);
  if (!pullDiagnostics_)
    dispatcher_.notify("textDocument/publishDiagnostics",
                       {{"uri", close.textDocument.uri}, {"diagnostics", json::array()}});
  if (wasWorkspaceFile) {
    // The buffer is gone: the file on disk rules again.
    workspace_->reload();
    invalidateAll();
  }
}

void LspServer::onDidSave(const json& params) {
  auto save = parseParams<protocol::DidSaveTextDocumentParams>(params);
  // Saving a session may fix broken links or modules elsewhere.
  if (auto* document = findDocument(save.textDocument.uri); document && document->workspacePath)
    invalidateAll();
}

void LspServer::onDidChangeWatchedFiles(const json& params) {
  if (!workspace_)
    return;
  workspace_->reload();
  if (params.contains("changes") && params["changes"].is_array()) {
    for (const auto& change : params["changes"]) {
      auto path = change.is_object() && change.value("uri", json()).is_string()
                      ? protocol::fileUriToPath(change["uri"].get<std::string>())
                      : std::nullopt;
      auto relative = path ? workspace_->relativePath(*path) : std::nullopt;
      if (relative && !findDocument(change["uri"].get<std::string>()))
        workspace_->reindexSessionOnDisk(*relative);
    }
  }
  for (auto& [uri, document] : documents_)
    noteWorkspaceFileChanged(document);
  invalidateAll();
}

void LspServer::noteWorkspaceFileChanged(const OpenDocument& document) {
  if (!workspace_ || !document.workspacePath)
    return;
  const auto& path = *document.workspacePath;
  if (path == core::kSettingsFileName) {
    workspace_->setSettingsText(document.text);
    invalidateAll();
  } else if (workspace_->isTemplatePath(path)) {
    // Editing the template changes the rules at once (SPEC §2).
    workspace_->setTemplateText(document.text);
    invalidateAll();
  }
}

void LspServer::invalidateAll() {
  ++generation_;
  for (auto& [uri, document] : documents_) {
    document.analysedVersion.reset();
    document.published = false;
  }
  if (pullDiagnostics_ && refreshSupport_)
    dispatcher_.sendRequest("workspace/diagnostic/refresh", nullptr,
                            [](const protocol::Response&) {});
  // Module paths in hints read other sessions.
  if (inlayHints_ && inlayHintRefresh_)
    dispatcher_.sendRequest("workspace/inlayHint/refresh", nullptr,
                            [](const protocol::Response&) {});
  if (!inlayHints_ && codeLensRefresh_)
    dispatcher_.sendRequest("workspace/codeLens/refresh", nullptr,
                            [](const protocol::Response&) {});
}

const core::Document& LspServer::parsed(OpenDocument& document) {
  parseText(document);
  syncFacts(document);
  return *document.parsed;
}

void LspServer::parseText(OpenDocument& document) {
  if (document.parsed)
    return;
  document.parsed = core::Document::parse(document.text, document.previousParse.get());
  document.previousParse.reset();
  document.factsPending = true;
}

void LspServer::syncFacts(OpenDocument& document) {
  if (!document.factsPending || !document.parsed)
    return;
  document.factsPending = false;
  if (document.workspacePath && workspace_ && workspace_->isSessionPath(*document.workspacePath))
    workspace_->setSessionFacts(
        *document.workspacePath,
        workspace_->extractFacts(*document.parsed, *document.workspacePath));
}

void LspServer::syncPendingFacts() {
  for (auto& [uri, document] : documents_)
    syncFacts(document);
}

const core::Schema& LspServer::schemaFor(const OpenDocument&) const {
  return workspace_ ? *workspace_->schema() : *core::builtinSchema();
}

void LspServer::analyse(OpenDocument& document, FactsTiming facts) {
  if (document.analysedVersion == document.version)
    return;
  // Other sessions' facts feed this one's rules (modules, the previous session on a module):
  // bring every other open document's up to date first.
  syncPendingFacts();
  parseText(document);
  if (facts == FactsTiming::Now)
    syncFacts(document);
  ++analysisCount_;
  if (document.workspacePath && workspace_) {
    document.diagnostics =
        features::diagnoseInWorkspace(*workspace_, *document.workspacePath, *document.parsed);
  } else {
    // A buffer outside any workspace folder (or not a file): check it as a session with the
    // built-in schema, without the rules that need its path.
    features::CheckContext context;
    auto schema = workspace_ ? workspace_->schema() : core::builtinSchema();
    context.schema = schema.get();
    document.diagnostics = features::diagnose(*document.parsed, context);
  }
  document.analysedVersion = document.version;
  document.resultId = std::to_string(document.version) + "." + std::to_string(analysisCount_);
}

json LspServer::diagnosticsToJson(const OpenDocument& document) const {
  return diagnosticsToJson(document.diagnostics, document.parsed->lines());
}

json LspServer::diagnosticsToJson(const std::vector<core::Diagnostic>& diagnostics,
                                  const core::LineIndex& lines) const {
  json items = json::array();
  for (const auto& diagnostic : diagnostics) {
    protocol::Diagnostic lsp;
    lsp.range = toLspRange(lines, diagnostic.range, encoding_);
    lsp.severity = static_cast<protocol::DiagnosticSeverity>(diagnostic.severity);
    lsp.code = diagnostic.code;
    lsp.codeDescription =
        protocol::CodeDescription{features::ruleDocumentationUrl(diagnostic.code)};
    lsp.source = "session-lsp";
    lsp.message = diagnostic.message;
    if (!diagnostic.suggestions.empty())
      lsp.data = json{{"suggestions", diagnostic.suggestions}};
    items.push_back(lsp);
  }
  return items;
}

void LspServer::publishPending() {
  // After shutdown the client expects nothing but the answer to exit.
  if (pullDiagnostics_ || dispatcher_.shutdownRequested())
    return;
  for (auto& [uri, document] : documents_) {
    if (document.published)
      continue;
    analyse(document, FactsTiming::AfterReply);
    document.published = true;
    dispatcher_.notify("textDocument/publishDiagnostics",
                       {{"uri", document.uri},
                        {"version", document.version},
                        {"diagnostics", diagnosticsToJson(document)}});
  }
  syncPendingFacts();
}

void LspServer::onDocumentDiagnostic(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::DocumentDiagnosticParams>(params);
  auto* document = findDocument(request.textDocument.uri);
  if (!document) {
    reply.error(protocol::ErrorCode::InvalidParams,
                "document is not open: " + request.textDocument.uri);
    return;
  }
  analyse(*document, FactsTiming::AfterReply);
  if (request.previousResultId == document->resultId) {
    reply({{"kind", "unchanged"}, {"resultId", document->resultId}});
    return;
  }
  reply({{"kind", "full"},
         {"resultId", document->resultId},
         {"items", diagnosticsToJson(*document)}});
}

LspServer::OpenDocument* LspServer::requestedDocument(const std::string& uri,
                                                      protocol::Reply& reply) {
  auto* document = findDocument(uri);
  if (!document)
    reply.error(protocol::ErrorCode::InvalidParams, "document is not open: " + uri);
  return document;
}

void LspServer::onCompletion(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentPositionParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  const core::Document& model = parsed(*document);
  features::CompletionRequest completion;
  completion.document = &model;
  completion.offset = toOffset(model.lines(), request.position, encoding_);
  completion.schema = &schemaFor(*document);
  if (document->workspacePath && workspace_) {
    completion.workspace = workspace_.get();
    completion.workspacePath = *document->workspacePath;
  }
  completion.today = features::localDateToday();
  reply(completionListToJson(features::complete(completion), model.lines(), formats_));
}

void LspServer::onHover(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentPositionParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  analyse(*document); // the hover explains the diagnostics under the cursor
  const core::Document& model = *document->parsed;
  auto result = features::hover(model, toOffset(model.lines(), request.position, encoding_),
                                schemaFor(*document), document->diagnostics);
  reply(result ? hoverToJson(*result, model.lines(), formats_) : json(nullptr));
}

void LspServer::onDocumentSymbol(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  const core::Document& model = parsed(*document);
  reply(documentSymbolsToJson(features::documentSymbols(model), document->uri, model.lines(),
                              formats_));
}

void LspServer::onFoldingRange(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  reply(foldingRangesToJson(features::foldingRanges(parsed(*document))));
}

std::string LspServer::uriOf(const std::string& workspacePath) const {
  return protocol::pathToFileUri((workspace_->root() / workspacePath).lexically_normal().string());
}

namespace {
/// A range of the index (no text at hand): the columns the index kept for each encoding.
json citationRange(const core::Citation& position, protocol::PositionEncoding encoding) {
  bool utf8 = encoding == protocol::PositionEncoding::Utf8;
  return {{"start",
           {{"line", position.line}, {"character", utf8 ? position.column : position.utf16Column}}},
          {"end",
           {{"line", position.line},
            {"character", utf8 ? position.endColumn : position.utf16EndColumn}}}};
}

json lineStart(uint32_t line) {
  json position = {{"line", line}, {"character", 0}};
  return {{"start", position}, {"end", position}};
}
} // namespace

void LspServer::onDefinition(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentPositionParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  const core::Document& model = parsed(*document);
  if (!workspace_ || !document->workspacePath) {
    reply(nullptr);
    return;
  }
  auto link = features::definitionAt(model, toOffset(model.lines(), request.position, encoding_),
                                     *workspace_, *document->workspacePath);
  if (!link) {
    reply(nullptr);
    return;
  }
  reply(json{{"uri", uriOf(link->target.workspacePath)}, {"range", lineStart(link->target.line)}});
}

void LspServer::onDocumentLink(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  const core::Document& model = parsed(*document);
  json links = json::array();
  if (workspace_ && document->workspacePath)
    for (const auto& link : features::documentLinks(model, *workspace_, *document->workspacePath)) {
      // A line anchor travels as the URI's fragment (`#L12`, 1-based), as VS Code reads it.
      std::string target = uriOf(link.target.workspacePath);
      if (link.target.line > 0)
        target += "#L" + std::to_string(link.target.line + 1);
      links.push_back({{"range", toLspRange(model.lines(), link.range, encoding_)},
                       {"target", target},
                       {"tooltip", link.tooltip}});
    }
  reply(links);
}

void LspServer::onReferences(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::TextDocumentPositionParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  const core::Document& model = parsed(*document);
  json locations = json::array();
  if (workspace_ && document->workspacePath)
    for (const auto& location :
         features::referencesAt(model, toOffset(model.lines(), request.position, encoding_),
                                *workspace_, *document->workspacePath))
      locations.push_back({{"uri", uriOf(location.workspacePath)},
                           {"range", citationRange(location.position, encoding_)}});
  reply(locations);
}

void LspServer::onWorkspaceSymbol(const json& params, protocol::Reply reply) {
  std::string query;
  if (params.is_object() && params.contains("query")) {
    if (!params["query"].is_string()) {
      reply.error(protocol::ErrorCode::InvalidParams, "query: expected a string");
      return;
    }
    query = params["query"].get<std::string>();
  }
  json symbols = json::array();
  if (workspace_)
    for (const auto& symbol : features::workspaceSymbols(*workspace_, query))
      symbols.push_back(
          {{"name", symbol.name},
           {"kind", 1}, // File: a session is a file
           {"containerName", symbol.container},
           {"location", {{"uri", uriOf(symbol.workspacePath)}, {"range", lineStart(0)}}}});
  reply(symbols);
}

/// One `workspace/diagnostic` in progress: it reads the sessions on disk a slice at a time, so
/// other requests and other documents' diagnostics go on between slices.
struct LspServer::WorkspaceDiagnosticJob {
  explicit WorkspaceDiagnosticJob(protocol::Reply reply) : reply(std::move(reply)) {}
  protocol::Reply reply;
  std::map<std::string, std::string> previous; // normalised uri → the client's result id
  json items = json::array();
  std::vector<std::string> paths; // sessions on disk not open in the editor
  size_t next = 0;
};

void LspServer::reportWorkspaceItem(WorkspaceDiagnosticJob& job, const std::string& uri,
                                    json version, const std::string& resultId,
                                    const std::function<json()>& diagnostics) {
  auto known = job.previous.find(protocol::normalizeUri(uri));
  if (known != job.previous.end() && known->second == resultId)
    job.items.push_back({{"kind", "unchanged"},
                         {"uri", uri},
                         {"version", std::move(version)},
                         {"resultId", resultId}});
  else
    job.items.push_back({{"kind", "full"},
                         {"uri", uri},
                         {"version", std::move(version)},
                         {"resultId", resultId},
                         {"items", diagnostics()}});
}

void LspServer::onWorkspaceDiagnostic(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::WorkspaceDiagnosticParams>(params);
  if (!workspace_) {
    reply({{"items", json::array()}});
    return;
  }
  auto job = std::make_shared<WorkspaceDiagnosticJob>(std::move(reply));
  for (const auto& id : request.previousResultIds)
    job->previous[protocol::normalizeUri(id.uri)] = id.value;
  // Open documents: their buffers, at their versions.
  std::set<std::string> reported;
  for (auto& entry : documents_) {
    OpenDocument& document = entry.second;
    if (!document.workspacePath || !(workspace_->isSessionPath(*document.workspacePath) ||
                                     *document.workspacePath == features::kProgressFilePath))
      continue;
    analyse(document);
    reported.insert(*document.workspacePath);
    reportWorkspaceItem(*job, document.uri, document.version, document.resultId,
                        [&] { return diagnosticsToJson(document); });
  }
  for (auto& path : workspace_->findSessionFiles())
    if (!reported.contains(path))
      job->paths.push_back(std::move(path));
  // The one non-session file with a rule (SPEC §3.1): `stale-progress`.
  std::string progressFile(features::kProgressFilePath);
  if (!reported.contains(progressFile) && workspace_->exists(progressFile))
    job->paths.push_back(progressFile);
  continueWorkspaceDiagnostic(job);
}

void LspServer::continueWorkspaceDiagnostic(std::shared_ptr<WorkspaceDiagnosticJob> job) {
  // A slice is about 10 ms of work: a keystroke elsewhere waits at most that long.
  constexpr size_t kSlice = 16;
  size_t sliceEnd = post_ ? std::min(job->paths.size(), job->next + kSlice) : job->paths.size();
  for (; job->next < sliceEnd; ++job->next) {
    // Thousands of files take seconds: stop as soon as the client cancels.
    if (job->reply.cancelled()) {
      job->reply.error(protocol::ErrorCode::RequestCancelled, "workspace/diagnostic cancelled");
      return;
    }
    const std::string& path = job->paths[job->next];
    // Every other session on disk (SPEC §3.1): the result id changes with the file and with
    // anything that may change its diagnostics, so an unchanged file is not read again.
    auto stamp = workspace_->fileStamp(path);
    if (!stamp)
      continue;
    std::string resultId = "disk." + std::to_string(generation_) + "." + *stamp;
    reportWorkspaceItem(*job, uriOf(path), nullptr, resultId, [&] {
      auto text = workspace_->readFile(path);
      if (!text)
        return json::array();
      auto model = core::Document::parse(std::move(*text));
      return diagnosticsToJson(features::diagnoseInWorkspace(*workspace_, path, *model),
                               model->lines());
    });
  }
  if (job->next < job->paths.size()) {
    post_([this, job] { continueWorkspaceDiagnostic(job); });
    return;
  }
  job->reply({{"items", std::move(job->items)}});
}

namespace {
constexpr const char* kFixAllKind = "source.fixAll.session-lsp";
constexpr size_t kFixAllIndex = static_cast<size_t>(-1);

/// Whether `context.only` asks for \p kind (a kind also matches its parents: `source`).
bool asksFor(const std::optional<std::vector<std::string>>& only, std::string_view kind) {
  if (!only)
    return true;
  return std::any_of(only->begin(), only->end(), [&](const std::string& wanted) {
    return kind == wanted || (kind.starts_with(wanted) && kind[wanted.size()] == '.');
  });
}
} // namespace

features::CodeActionContext LspServer::codeActionContextFor(OpenDocument& document) {
  analyse(document);
  features::CodeActionContext context;
  context.document = document.parsed.get();
  context.schema = &schemaFor(document);
  if (workspace_ && document.workspacePath) {
    context.workspace = workspace_.get();
    context.workspacePath = *document.workspacePath;
  }
  return context;
}

std::vector<features::CodeAction> LspServer::codeActionsOf(OpenDocument& document) {
  auto actions = features::codeActions(codeActionContextFor(document), document.diagnostics);
  // Clients that cannot create or rename files still get every text fix.
  std::erase_if(actions, [this](const features::CodeAction& action) {
    return (action.createFile && !createFiles_) || (action.renameTo && !renameFiles_);
  });
  return actions;
}

json LspServer::versionOf(const std::string& workspacePath) const {
  for (const auto& [uri, document] : documents_)
    if (document.workspacePath == workspacePath)
      return document.version;
  return nullptr;
}

json LspServer::workspaceEditFor(const OpenDocument& document,
                                 const features::CodeAction& action) const {
  const auto& lines = document.parsed->lines();
  bool utf8 = encoding_ == protocol::PositionEncoding::Utf8;
  // Edits per file: this document's own first, then the files that cite it.
  std::map<std::string, json> editsByUri;
  std::vector<std::string> order{document.uri};
  editsByUri[document.uri] = json::array();
  for (const auto& edit : action.edits)
    editsByUri[document.uri].push_back(
        {{"range", toLspRange(lines, edit.range, encoding_)}, {"newText", edit.newText}});
  std::map<std::string, std::string> pathOfUri;
  for (const auto& edit : action.indexedEdits) {
    std::string uri = document.workspacePath && edit.workspacePath == *document.workspacePath
                          ? document.uri
                          : uriOf(edit.workspacePath);
    if (!editsByUri.contains(uri)) {
      order.push_back(uri);
      editsByUri[uri] = json::array();
      pathOfUri[uri] = edit.workspacePath;
    }
    const auto& at = edit.position;
    editsByUri[uri].push_back(
        {{"range",
          {{"start", {{"line", at.line}, {"character", utf8 ? at.column : at.utf16Column}}},
           {"end", {{"line", at.line}, {"character", utf8 ? at.endColumn : at.utf16EndColumn}}}}},
         {"newText", edit.newText}});
  }
  if (!documentChanges_) {
    json changes = json::object();
    for (const auto& uri : order)
      if (!editsByUri[uri].empty())
        changes[uri] = editsByUri[uri];
    return {{"changes", changes}};
  }
  json documentChanges = json::array();
  if (action.createFile)
    documentChanges.push_back({{"kind", "create"},
                               {"uri", uriOf(*action.createFile)},
                               {"options", {{"overwrite", false}, {"ignoreIfExists", true}}}});
  for (const auto& uri : order) {
    if (editsByUri[uri].empty())
      continue;
    json version = uri == document.uri ? json(document.version) : versionOf(pathOfUri[uri]);
    documentChanges.push_back(
        {{"textDocument", {{"uri", uri}, {"version", version}}}, {"edits", editsByUri[uri]}});
  }
  if (action.renameTo)
    documentChanges.push_back({{"kind", "rename"},
                               {"oldUri", document.uri},
                               {"newUri", uriOf(*action.renameTo)},
                               {"options", {{"overwrite", false}, {"ignoreIfExists", false}}}});
  return {{"documentChanges", documentChanges}};
}

json LspServer::codeActionToJson(const OpenDocument& document, const features::CodeAction& action,
                                 size_t index, bool withEdit) const {
  json result = {{"title", action.title}, {"kind", "quickfix"}};
  if (action.preferred)
    result["isPreferred"] = true;
  if (action.diagnostic < document.diagnostics.size())
    result["diagnostics"] =
        diagnosticsToJson({document.diagnostics[action.diagnostic]}, document.parsed->lines());
  if (withEdit)
    result["edit"] = workspaceEditFor(document, action);
  else
    result["data"] = {{"uri", document.uri}, {"version", document.version}, {"index", index}};
  return result;
}

void LspServer::onCodeAction(const json& params, protocol::Reply reply) {
  auto request = parseParams<protocol::CodeActionParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  auto actions = codeActionsOf(*document);
  const auto& lines = document->parsed->lines();
  core::ByteRange range{toOffset(lines, request.range.start, encoding_),
                        toOffset(lines, request.range.end, encoding_)};
  json result = json::array();
  if (asksFor(request.only, "quickfix")) {
    for (size_t index = 0; index < actions.size(); ++index) {
      const auto& fixed = document->diagnostics[actions[index].diagnostic].range;
      // The diagnostics the range touches (an empty range at a diagnostic's edge counts).
      if (fixed.begin > range.end || fixed.end < range.begin)
        continue;
      result.push_back(codeActionToJson(*document, actions[index], index, !resolveCodeActions_));
    }
  }
  if (asksFor(request.only, kFixAllKind)) {
    auto edits = features::fixAll(codeActionContextFor(*document), document->diagnostics);
    if (!edits.empty()) {
      features::CodeAction all;
      all.title = "Fix all safe session-lsp problems";
      all.diagnostic = kFixAllIndex;
      all.edits = std::move(edits);
      json entry = codeActionToJson(*document, all, kFixAllIndex, true);
      entry["kind"] = kFixAllKind;
      result.push_back(std::move(entry));
    }
  }
  reply(result);
}

void LspServer::onCodeActionResolve(const json& params, protocol::Reply reply) {
  const json* data = params.is_object() && params.contains("data") ? &params["data"] : nullptr;
  if (!data || !data->is_object() || !data->value("uri", json()).is_string() ||
      !data->value("index", json()).is_number_unsigned()) {
    reply.error(protocol::ErrorCode::InvalidParams, "data: not a code action of this server");
    return;
  }
  auto* document = requestedDocument((*data)["uri"].get<std::string>(), reply);
  if (!document)
    return;
  auto actions = codeActionsOf(*document);
  size_t index = (*data)["index"].get<size_t>();
  if (data->value("version", json()) != json(document->version) || index >= actions.size() ||
      actions[index].title != params.value("title", "")) {
    reply.error(protocol::ErrorCode::ContentModified,
                "the document changed since the code action was offered");
    return;
  }
  json resolved = params;
  resolved["edit"] = workspaceEditFor(*document, actions[index]);
  reply(resolved);
}

void LspServer::onLevelPathHint(const json& params, protocol::Reply reply, bool asCodeLens) {
  auto request = parseParams<protocol::TextDocumentParams>(params);
  auto* document = requestedDocument(request.textDocument.uri, reply);
  if (!document)
    return;
  const auto& model = parsed(*document);
  json results = json::array();
  auto hint = workspace_ && document->workspacePath
                  ? features::levelPathHint(model, *workspace_, *document->workspacePath)
                  : std::nullopt;
  if (hint && asCodeLens)
    results.push_back({{"range", toLspRange(model.lines(), hint->line, encoding_)},
                       {"command",
                        {{"title", hint->label},
                         {"command", "session-lsp.showModulePath"},
                         {"arguments", {hint->label}}}}});
  else if (hint)
    results.push_back({{"position", toLspPosition(model.lines(), hint->offset, encoding_)},
                       {"label", hint->label},
                       {"paddingLeft", true}});
  reply(results);
}

void LspServer::onExecuteCommand(const json& params, protocol::Reply reply) {
  std::string command = params.is_object() ? params.value("command", std::string()) : "";
  if (command == "session-lsp.showModulePath") {
    // A code lens's click: its title already says everything; show it as a message too.
    json arguments = params.value("arguments", json::array());
    if (arguments.is_array() && !arguments.empty() && arguments[0].is_string())
      dispatcher_.notify("window/showMessage",
                         {{"type", 3}, {"message", arguments[0].get<std::string>()}});
    reply(nullptr);
    return;
  }
  if (command != "session-lsp.newSession") {
    reply.error(protocol::ErrorCode::InvalidParams, "unknown command: " + command);
    return;
  }
  if (!workspace_) {
    reply.error(protocol::ErrorCode::InvalidRequest, "no workspace folder is open");
    return;
  }
  // Arguments: one object {track, module, topic, date?}, or the same values in that order.
  json arguments = params.value("arguments", json::array());
  json values = arguments.is_array() && arguments.size() == 1 && arguments[0].is_object()
                    ? arguments[0]
                    : json::object();
  if (arguments.is_array() && !(arguments.size() == 1 && arguments[0].is_object())) {
    const char* names[] = {"track", "module", "topic", "date"};
    for (size_t i = 0; i < arguments.size() && i < 4; ++i)
      values[names[i]] = arguments[i];
  }
  auto text = [&values](const char* name) {
    return values.contains(name) && values[name].is_string() ? values[name].get<std::string>()
                                                             : std::string();
  };
  features::NewSessionRequest request;
  request.track = text("track");
  request.module = text("module");
  request.topic = text("topic");
  request.date = text("date").empty() ? features::localDateToday() : text("date");
  request.sessionsFolder = features::sessionsFolderFromGlobs(workspace_->settings().sessionGlobs);
  // An open template buffer is the template, saved or not (SPEC §2).
  std::string templateText = features::templateTextOf(*workspace_);
  for (const auto& [uri, document] : documents_)
    if (document.workspacePath && workspace_->isTemplatePath(*document.workspacePath))
      templateText = document.text;
  auto created = features::newSession(*workspace_->schema(), templateText, request);
  if (!created.ok()) {
    reply.error(protocol::ErrorCode::InvalidParams, created.error);
    return;
  }
  if (workspace_->exists(created.workspacePath)) {
    reply.error(protocol::ErrorCode::InvalidRequest,
                created.workspacePath + " already exists; nothing was overwritten");
    return;
  }
  std::string uri = uriOf(created.workspacePath);
  if (applyEdit_ && createFiles_) {
    // The editor creates the file (undoable, and it opens it); never over an existing file.
    json edit = {
        {"documentChanges",
         json::array({{{"kind", "create"},
                       {"uri", uri},
                       {"options", {{"overwrite", false}, {"ignoreIfExists", false}}}},
                      {{"textDocument", {{"uri", uri}, {"version", nullptr}}},
                       {"edits", json::array({{{"range",
                                                {{"start", {{"line", 0}, {"character", 0}}},
                                                 {"end", {{"line", 0}, {"character", 0}}}}},
                                               {"newText", created.text}}})}}})}};
    dispatcher_.sendRequest("workspace/applyEdit",
                            {{"label", "New session"}, {"edit", std::move(edit)}},
                            [](const protocol::Response&) {});
  } else {
    // The server never writes on a client's behalf (every write is an edit the client
    // applies): without edit support the user is pointed at the command line.
    reply.error(protocol::ErrorCode::InvalidRequest,
                "this editor cannot create files through workspace edits; run `session-lsp new "
                "--track … --module … --topic …` instead");
    return;
  }
  reply({{"uri", uri}, {"path", created.workspacePath}});
}

void LspServer::log(int type, const std::string& message) {
  dispatcher_.notify("window/logMessage", {{"type", type}, {"message", message}});
}

} // namespace session::lsp
