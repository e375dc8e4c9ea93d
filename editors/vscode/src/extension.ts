// The VS Code side of session-lsp: one language client per study workspace, started for the
// markdown files inside it. Every feature comes from the server; this file only wires VS Code
// to it. Logic that needs no editor lives in the other modules (tested under node).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  type DynamicFeature,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';

import {
  choicesFromFileNames,
  inputProblem,
  mergeChoices,
  newSessionRequest,
  sessionsFolderFromGlobs,
  tracksFromTemplate,
} from './newSession';
import { locateServer, serverProcess } from './serverLocation';
import { configurationItem, mapSettings, SECTION, type ServerSettings } from './settings';
import { findSessionRoot, globUnder } from './workspaceRoot';

const CLIENT_ID = 'sessionLsp'; // `sessionLsp.trace.server` is read under this id
const CLIENT_NAME = 'session-lsp';

/** Running clients by workspace root (a folder path). */
const clients = new Map<string, SessionLanguageClient>();
let outputChannel: vscode.OutputChannel;
/** The missing-binary message is shown once until the next restart, not for every file. */
let reportedMissingServer = false;

/**
 * A LanguageClient that does not turn the server's commands into VS Code commands. The server
 * returns no Command objects to run, the palette command `sessionLsp.newSession` asks for the
 * values and sends the request itself, and a second workspace's client would fail to start
 * (VS Code refuses to register `session-lsp.newSession` twice).
 */
class SessionLanguageClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    if ('registrationType' in feature && feature.registrationType.method === ExecuteCommandRequest.method) {
      return;
    }
    super.registerFeature(feature);
  }
}

function settingsFor(root: string): ServerSettings {
  const configuration = vscode.workspace.getConfiguration(SECTION, vscode.Uri.file(root));
  const { settings, problems } = mapSettings((key) => configuration.inspect(key));
  for (const problem of problems) {
    outputChannel.appendLine(`[settings] ${problem}`);
  }
  return settings;
}

function rootOf(document: vscode.TextDocument): string | undefined {
  if (document.uri.scheme !== 'file' || document.languageId !== 'markdown') {
    return undefined;
  }
  return findSessionRoot(document.uri.fsPath);
}

function clientOptions(root: string): LanguageClientOptions {
  return {
    documentSelector: [{ scheme: 'file', language: 'markdown', pattern: globUnder(root) }],
    // The server takes its root from the first workspace folder: give it this workspace only.
    workspaceFolder: { uri: vscode.Uri.file(root), name: path.basename(root), index: 0 },
    outputChannel,
    synchronize: {
      // Settings changes reach the server as workspace/didChangeConfiguration; it then pulls
      // the `sessionLsp` section again through workspace/configuration.
      configurationSection: SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(root), '{**/*.md,.session-lsp.yaml}'),
      ),
    },
    middleware: {
      workspace: {
        // Only values the user set are sent: a default here must not override .session-lsp.yaml.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          const settings = settingsFor(root);
          return params.items.map((item, index) => {
            const ours = configurationItem(item.section, settings);
            return ours === undefined ? answers[index] : ours;
          });
        },
      },
    },
  };
}

async function startClient(root: string): Promise<LanguageClient | undefined> {
  const existing = clients.get(root);
  if (existing !== undefined) {
    return existing;
  }
  const configuration = vscode.workspace.getConfiguration(SECTION, vscode.Uri.file(root));
  const located = locateServer({
    configuredPath: configuration.get<string>('serverPath', ''),
    baseDir: root,
  });
  if (!located.found) {
    outputChannel.appendLine(located.message);
    if (!reportedMissingServer) {
      reportedMissingServer = true;
      const choice = await vscode.window.showErrorMessage(located.message, 'Open Settings');
      if (choice === 'Open Settings') {
        await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.serverPath`);
      }
    }
    return undefined;
  }
  const executable = serverProcess(located.command, root);
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const client = new SessionLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions(root));
  clients.set(root, client);
  outputChannel.appendLine(`Starting ${located.command} for ${root}`);
  try {
    await client.start();
  } catch (error) {
    clients.delete(root);
    outputChannel.appendLine(`session-lsp did not start for ${root}: ${String(error)}`);
    void vscode.window.showErrorMessage(`session-lsp did not start: ${String(error)}`);
    return undefined;
  }
  outputChannel.appendLine(`session-lsp is running for ${root}`);
  return client;
}

function onDocument(document: vscode.TextDocument): void {
  const root = rootOf(document);
  if (root !== undefined) {
    void startClient(root);
  }
}

async function stopAll(): Promise<void> {
  const stopping = [...clients.values()].map((client) => client.stop().catch(() => undefined));
  clients.clear();
  await Promise.all(stopping);
}

async function restart(): Promise<void> {
  await stopAll();
  reportedMissingServer = false;
  outputChannel.appendLine('Restarting session-lsp');
  vscode.workspace.textDocuments.forEach(onDocument);
}

/** Study workspaces among the open folders (their roots), for when no file says which one. */
function workspaceFolderRoots(): string[] {
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .map((folder) => findSessionRoot(path.join(folder.uri.fsPath, 'x.md')))
    .filter((root): root is string => root !== undefined);
  return [...new Set([...roots, ...clients.keys()])];
}

async function pickRoot(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const activeRoot = active !== undefined ? rootOf(active) : undefined;
  if (activeRoot !== undefined) {
    return activeRoot;
  }
  const roots = workspaceFolderRoots();
  if (roots.length <= 1) {
    return roots[0];
  }
  return vscode.window.showQuickPick(roots, { placeHolder: 'Workspace for the new session' });
}

/** A quick pick of `choices` that also takes whatever the user types. */
function pickOrType(title: string, label: string, choices: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const picker = vscode.window.createQuickPick();
    picker.title = title;
    picker.placeholder = choices.length > 0 ? `Pick or type a ${label}` : `Type a ${label}`;
    picker.items = choices.map((choice) => ({ label: choice }));
    picker.ignoreFocusOut = true;
    let settled = false;
    const finish = (value: string | undefined): void => {
      if (!settled) {
        settled = true;
        resolve(value);
        picker.dispose();
      }
    };
    picker.onDidAccept(() => {
      const value = picker.selectedItems[0]?.label ?? picker.value;
      const problem = inputProblem(label, value);
      if (problem !== undefined) {
        // QuickPick.validationMessage is not API in VS Code 1.82: the placeholder says it.
        picker.placeholder = problem;
        return;
      }
      finish(value.trim());
    });
    picker.onDidHide(() => finish(undefined));
    picker.show();
  });
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function listNames(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

/**
 * Opens the new session. The server replies right after it sends the workspace/applyEdit that
 * creates the file, so the file may not exist yet: wait for it a little.
 */
async function showWhenCreated(uri: vscode.Uri): Promise<void> {
  for (let attempt = 0; attempt < 20 && !fs.existsSync(uri.fsPath); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    await vscode.window.showTextDocument(uri, { preview: false });
  } catch (error) {
    outputChannel.appendLine(`Could not open ${uri.fsPath}: ${String(error)}`);
  }
}

async function newSession(): Promise<void> {
  const root = await pickRoot();
  if (root === undefined) {
    void vscode.window.showErrorMessage(
      'session-lsp: open a study workspace (a folder with sessions/, SESSION-TEMPLATE.md or .session-lsp.yaml) first.',
    );
    return;
  }
  const client = await startClient(root);
  if (client === undefined) {
    return;
  }
  const settings = settingsFor(root);
  const existing = choicesFromFileNames(listNames(path.join(root, sessionsFolderFromGlobs(settings.sessions))));
  const template = readText(path.join(root, settings.template ?? 'SESSION-TEMPLATE.md'));
  const tracks = mergeChoices(tracksFromTemplate(template), existing.tracks);

  const title = 'Session: New session';
  const track = await pickOrType(`${title} (1/3)`, 'track', tracks);
  if (track === undefined) {
    return;
  }
  const module = await pickOrType(`${title} (2/3)`, 'module', existing.modulesByTrack.get(track) ?? []);
  if (module === undefined) {
    return;
  }
  const topic = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: 'Topic: a short, specific title (its slug ends the file name)',
    ignoreFocusOut: true,
    validateInput: (value) => inputProblem('topic', value),
  });
  if (topic === undefined) {
    return;
  }
  try {
    // The server makes the file through workspace/applyEdit, which opens it in the editor.
    const request = newSessionRequest({ track, module, topic });
    const result = (await client.sendRequest(ExecuteCommandRequest.type, request)) as {
      uri?: string;
      path?: string;
    } | null;
    if (typeof result?.uri === 'string') {
      outputChannel.appendLine(`New session ${result.path ?? result.uri}`);
      await showWhenCreated(vscode.Uri.parse(result.uri));
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`session-lsp: ${message}`);
  }
}

export function activate(context: vscode.ExtensionContext): void {
  outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('sessionLsp.newSession', newSession),
    vscode.commands.registerCommand('sessionLsp.restartServer', restart),
    vscode.commands.registerCommand('sessionLsp.showOutput', () => outputChannel.show(true)),
    vscode.workspace.onDidOpenTextDocument(onDocument),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.serverPath`)) {
        void restart();
      }
    }),
  );
  vscode.workspace.textDocuments.forEach(onDocument);
}

export function deactivate(): Promise<void> {
  return stopAll();
}
