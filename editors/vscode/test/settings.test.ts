import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { configurationItem, type InspectedValue, mapSettings, SERVER_KEYS, type ServerKey } from '../src/settings';

function inspector(values: Partial<Record<ServerKey, InspectedValue>>) {
  return (key: ServerKey) => values[key];
}

describe('mapSettings', () => {
  it('sends nothing when the user set nothing (defaults stay with the server)', () => {
    assert.deepEqual(mapSettings(() => ({})), { settings: {}, problems: [] });
    assert.deepEqual(mapSettings(() => undefined), { settings: {}, problems: [] });
  });

  it('takes the most specific scope for lists and scalars', () => {
    const { settings, problems } = mapSettings(
      inspector({
        sessions: { globalValue: ['a/**/*.md'], workspaceValue: ['b/**/*.md'] },
        staleAfterDays: { globalValue: 10, workspaceValue: 20, workspaceFolderValue: 7 },
        template: { globalValue: 'T.md' },
      }),
    );
    assert.deepEqual(settings, { sessions: ['b/**/*.md'], staleAfterDays: 7, template: 'T.md' });
    assert.deepEqual(problems, []);
  });

  it('merges severity and levels across scopes, the folder winning', () => {
    const { settings } = mapSettings(
      inspector({
        severity: {
          globalValue: { placeholder: 'hint', 'broken-link': 'error' },
          workspaceFolderValue: { placeholder: 'off' },
        },
        levels: { globalValue: { L1: 'heard of it' }, workspaceValue: { L2: 'used it' } },
      }),
    );
    assert.deepEqual(settings.severity, { placeholder: 'off', 'broken-link': 'error' });
    assert.deepEqual(settings.levels, { L1: 'heard of it', L2: 'used it' });
  });

  it('turns one string into a list and drops blank entries', () => {
    const { settings } = mapSettings(
      inspector({ sessions: { globalValue: 'notes/*.md' }, roots: { workspaceValue: [' lab ', ''] } }),
    );
    assert.deepEqual(settings.sessions, ['notes/*.md']);
    assert.deepEqual(settings.roots, ['lab']);
  });

  it('ignores bad values with one problem each, keeping the good ones', () => {
    const { settings, problems } = mapSettings(
      inspector({
        sessions: { globalValue: [1, 2] },
        severity: { globalValue: { placeholder: 'loud', 'broken-link': 'Warning' } },
        staleAfterDays: { globalValue: -3 },
        levels: { globalValue: 'L1' },
        template: { globalValue: 42 },
      }),
    );
    assert.deepEqual(settings, { severity: { 'broken-link': 'warning' } });
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('sessionLsp.severity.placeholder')));
    assert.ok(problems.some((p) => p.startsWith('sessionLsp.staleAfterDays')));
  });

  it('leaves an empty template out (the server then looks for SESSION-TEMPLATE.md)', () => {
    assert.deepEqual(mapSettings(inspector({ template: { globalValue: '  ' } })).settings, {});
  });
});

describe('configurationItem', () => {
  const settings = { staleAfterDays: 5, sessions: ['s/*.md'] };
  it('answers the section, one key of it, and nothing else', () => {
    assert.deepEqual(configurationItem('sessionLsp', settings), settings);
    assert.equal(configurationItem('sessionLsp.staleAfterDays', settings), 5);
    assert.equal(configurationItem('sessionLsp.roots', settings), null);
    assert.equal(configurationItem('editor', settings), undefined);
    assert.equal(configurationItem(undefined, settings), undefined);
  });
});

describe('package.json', () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as {
    version: string;
    activationEvents: string[];
    contributes: { configuration: { properties: Record<string, unknown> }; commands: { command: string }[] };
  };

  it('contributes every setting the server reads, and the client settings', () => {
    const keys = Object.keys(manifest.contributes.configuration.properties).sort();
    const expected = [...SERVER_KEYS, 'serverPath', 'trace.server'].map((key) => `sessionLsp.${key}`).sort();
    assert.deepEqual(keys, expected);
  });

  it('activates only in study workspaces', () => {
    assert.deepEqual([...manifest.activationEvents].sort(), [
      'workspaceContains:.session-lsp.yaml',
      'workspaceContains:SESSION-TEMPLATE.md',
      'workspaceContains:sessions/**',
    ]);
  });

  it('contributes the commands the extension registers', () => {
    const commands = manifest.contributes.commands.map((c) => c.command).sort();
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(commands, registered);
    assert.ok(commands.includes('sessionLsp.newSession') && commands.includes('sessionLsp.restartServer'));
  });

  it('has the version of the top-level CMakeLists.txt', () => {
    const cmake = path.join(__dirname, '..', '..', '..', '..', 'CMakeLists.txt');
    const match = /project\(session-lsp\s+VERSION\s+([0-9.]+)/.exec(fs.readFileSync(cmake, 'utf8'));
    assert.ok(match, 'no project(session-lsp VERSION …) in CMakeLists.txt');
    assert.equal(manifest.version, match[1]);
  });
});

describe('editor-free modules', () => {
  it('do not import vscode (so these tests can run under node)', () => {
    const srcDir = path.join(__dirname, '..', '..', 'src');
    for (const file of fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts') && f !== 'extension.ts')) {
      const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode(-languageclient[^'"]*)?['"]/, file);
    }
  });
});
