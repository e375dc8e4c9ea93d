// Loads the bundled extension (dist/extension.js) the way VS Code would, with a stand-in for the
// `vscode` module, and checks what activation registers. With SESSION_LSP_BINARY and
// SESSION_LSP_WORKSPACE set it also opens a session file of that workspace and waits until the
// real server has answered `initialize` through vscode-languageclient.
// Usage: node test-bundle/smoke.js   (after `npm run bundle`)
'use strict';
const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const registered = new Map();
const outputChannels = [];
const errors = [];
const binary = process.env.SESSION_LSP_BINARY;
const workspace = process.env.SESSION_LSP_WORKSPACE;

/** Anything not spelled out below: a callable, constructible object whose members are the same. */
function anything(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => `<${name}>`;
      if (key === 'dispose') return () => {};
      return anything(`${name}.${String(key)}`);
    },
    apply() {
      return anything(`${name}()`);
    },
    construct() {
      return anything(`new ${name}`);
    },
  });
}

const disposable = { dispose() {} };
const event = () => disposable;
class Uri {
  constructor(fsPath) {
    this.scheme = 'file';
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri(p);
  }
  static parse(s) {
    return new Uri(s.replace(/^file:\/\//, ''));
  }
  toString() {
    return `file://${this.fsPath}`;
  }
  with() {
    return this;
  }
}
const documents = [];
if (workspace) {
  const file = path.join(workspace, 'sessions', fs.readdirSync(path.join(workspace, 'sessions'))[0]);
  documents.push({
    uri: Uri.file(file),
    languageId: 'markdown',
    version: 1,
    getText: () => fs.readFileSync(file, 'utf8'),
  });
}
const settings = { serverPath: binary ?? '' };

const fake = new Proxy(
  {
    version: '1.82.0',
    Uri,
    Disposable: class {
      static from() {
        return disposable;
      }
      dispose() {}
    },
    EventEmitter: class {
      constructor() {
        this.event = event;
      }
      fire() {}
      dispose() {}
    },
    RelativePattern: class {
      constructor(base, pattern) {
        this.base = base;
        this.pattern = pattern;
      }
    },
    commands: new Proxy(
      {
        registerCommand(id, handler) {
          assert.ok(!registered.has(id), `command ${id} registered twice`);
          registered.set(id, handler);
          return disposable;
        },
        executeCommand: async () => undefined,
      },
      { get: (t, k) => t[k] ?? anything(`commands.${String(k)}`) },
    ),
    window: new Proxy(
      {
        createOutputChannel(name) {
          const lines = [];
          const channel = new Proxy(
            { name, lines, append: (s) => lines.push(s), appendLine: (s) => lines.push(s), dispose() {} },
            { get: (t, k) => t[k] ?? anything(`channel.${String(k)}`) },
          );
          outputChannels.push(channel);
          return channel;
        },
        showErrorMessage: async (message) => {
          errors.push(message);
          return undefined;
        },
        activeTextEditor: undefined,
        visibleTextEditors: [],
      },
      { get: (t, k) => (k in t ? t[k] : anything(`window.${String(k)}`)) },
    ),
    workspace: new Proxy(
      {
        textDocuments: documents,
        workspaceFolders: workspace ? [{ uri: Uri.file(workspace), name: 'w', index: 0 }] : undefined,
        getConfiguration: () => ({
          get: (key, fallback) => settings[key] ?? fallback,
          inspect: () => ({}),
          has: () => false,
        }),
        onDidOpenTextDocument: event,
        onDidChangeConfiguration: event,
        getWorkspaceFolder: () => undefined,
        createFileSystemWatcher: () => ({
          onDidCreate: event,
          onDidChange: event,
          onDidDelete: event,
          dispose() {},
        }),
      },
      { get: (t, k) => (k in t ? t[k] : anything(`workspace.${String(k)}`)) },
    ),
  },
  { get: (t, k) => (k in t ? t[k] : anything(`vscode.${String(k)}`)) },
);

const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? fake : originalLoad.call(this, request, ...rest);
};

async function main() {
  const bundle = path.join(__dirname, '..', 'dist', 'extension.js');
  const extension = require(bundle);
  assert.equal(typeof extension.activate, 'function');
  assert.equal(typeof extension.deactivate, 'function');
  const context = { subscriptions: [] };
  extension.activate(context);

  const manifest = require(path.join(__dirname, '..', 'package.json'));
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...registered.keys()].sort(), contributed);
  assert.deepEqual(
    outputChannels.map((c) => c.name),
    ['session-lsp'],
  );
  console.log(`bundle: activate registered ${contributed.join(', ')}`);

  if (workspace) {
    // The client was started for the open session file; the extension logs once the server has
    // answered `initialize` (client.start() resolved).
    const channel = outputChannels[0];
    const deadline = Date.now() + 10000;
    while (!channel.lines.some((l) => l.startsWith('session-lsp is running')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(errors, []);
    assert.ok(
      channel.lines.some((l) => l === `Starting ${binary} for ${workspace}`),
      channel.lines.join('\n'),
    );
    assert.ok(
      channel.lines.some((l) => l === `session-lsp is running for ${workspace}`),
      `no handshake:\n${channel.lines.join('\n')}`,
    );
    console.log(`bundle: started ${binary} for ${workspace}`);
  }
  await extension.deactivate();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
