import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  expandHome,
  isExecutableFile,
  locateServer,
  pathEntries,
  searchPath,
  SERVER_PATH_SETTING,
  serverProcess,
} from '../src/serverLocation';

// Real files in a scratch folder: the executable bit is what the code checks, so the tests use
// real modes rather than a fake file system. (Skipped on Windows, which has no execute bit.)
const posix = process.platform !== 'win32';

describe('locateServer', { skip: !posix }, () => {
  let scratch: string;
  let emptyDir: string;
  let plainDir: string; // holds a `session-lsp` without the execute bit
  let goodDir: string; // holds an executable `session-lsp`
  let otherGoodDir: string; // a second executable `session-lsp`, later on PATH

  function makeFile(dir: string, name: string, mode: number): string {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
    fs.chmodSync(file, mode);
    return file;
  }

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'session-lsp-vscode-'));
    emptyDir = path.join(scratch, 'empty');
    fs.mkdirSync(emptyDir);
    plainDir = path.join(scratch, 'plain');
    makeFile(plainDir, 'session-lsp', 0o644);
    goodDir = path.join(scratch, 'good');
    makeFile(goodDir, 'session-lsp', 0o755);
    otherGoodDir = path.join(scratch, 'other');
    makeFile(otherGoodDir, 'session-lsp', 0o755);
    // A folder named like the binary must not count as the binary.
    fs.mkdirSync(path.join(scratch, 'dirnamed', 'session-lsp'), { recursive: true });
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('finds session-lsp in a later PATH entry, skipping a non-executable file and a folder', () => {
    const pathVariable = [emptyDir, plainDir, path.join(scratch, 'dirnamed'), goodDir, otherGoodDir].join(':');
    const result = locateServer({ pathVariable });
    assert.deepEqual(result, { found: true, command: path.join(goodDir, 'session-lsp'), source: 'path' });
  });

  it('takes the first executable match in PATH order', () => {
    const result = locateServer({ pathVariable: `${otherGoodDir}:${goodDir}` });
    assert.equal(result.found && result.command, path.join(otherGoodDir, 'session-lsp'));
  });

  it('ignores empty PATH entries instead of searching the current folder', () => {
    assert.deepEqual(pathEntries(`:${goodDir}::`, 'linux'), [goodDir]);
    const cwd = process.cwd();
    try {
      process.chdir(goodDir); // an empty entry would find ./session-lsp here
      assert.equal(locateServer({ pathVariable: `:${emptyDir}:` }).found, false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reports a missing binary with the setting to change', () => {
    const result = locateServer({ pathVariable: `${emptyDir}:${plainDir}` });
    assert.equal(result.found, false);
    assert.ok(!result.found);
    assert.match(result.message, /not found on PATH \(2 folders searched\)/);
    assert.ok(result.message.includes(SERVER_PATH_SETTING), result.message);
  });

  it('uses a configured absolute path without looking at PATH', () => {
    const configured = path.join(otherGoodDir, 'session-lsp');
    const result = locateServer({ configuredPath: `  ${configured} `, pathVariable: goodDir });
    assert.deepEqual(result, { found: true, command: configured, source: 'setting' });
  });

  it('expands ~ in the configured path', () => {
    const result = locateServer({ configuredPath: '~/good/session-lsp', homeDir: scratch, pathVariable: '' });
    assert.deepEqual(result, { found: true, command: path.join(goodDir, 'session-lsp'), source: 'setting' });
  });

  it('resolves a relative configured path from the workspace root', () => {
    const result = locateServer({ configuredPath: './good/session-lsp', baseDir: scratch, pathVariable: '' });
    assert.equal(result.found && result.command, path.join(goodDir, 'session-lsp'));
  });

  it('looks a configured bare name up on PATH', () => {
    makeFile(goodDir, 'session-lsp-dev', 0o755);
    const result = locateServer({ configuredPath: 'session-lsp-dev', pathVariable: `${emptyDir}:${goodDir}` });
    assert.deepEqual(result, { found: true, command: path.join(goodDir, 'session-lsp-dev'), source: 'setting' });
    const missing = locateServer({ configuredPath: 'session-lsp-nope', pathVariable: goodDir });
    assert.ok(!missing.found);
    assert.ok(missing.message.includes(SERVER_PATH_SETTING));
    assert.ok(missing.message.includes('session-lsp-nope'));
  });

  it('rejects a configured path that does not exist, naming the setting and the path', () => {
    const configured = path.join(scratch, 'nowhere', 'session-lsp');
    const result = locateServer({ configuredPath: configured, pathVariable: goodDir });
    assert.ok(!result.found, 'a broken setting must not fall back to PATH');
    assert.ok(result.message.includes(SERVER_PATH_SETTING));
    assert.ok(result.message.includes(configured));
    assert.match(result.message, /does not exist/);
  });

  it('rejects a configured file without the execute bit', () => {
    const result = locateServer({ configuredPath: path.join(plainDir, 'session-lsp'), pathVariable: goodDir });
    assert.ok(!result.found);
    assert.match(result.message, /is not an executable file/);
  });

  it('checks regular files only', () => {
    assert.equal(isExecutableFile(path.join(goodDir, 'session-lsp')), true);
    assert.equal(isExecutableFile(path.join(plainDir, 'session-lsp')), false);
    assert.equal(isExecutableFile(path.join(scratch, 'dirnamed', 'session-lsp')), false);
    assert.equal(isExecutableFile(path.join(scratch, 'missing')), false);
  });

  it('searchPath returns undefined when nothing matches', () => {
    assert.equal(searchPath('session-lsp', plainDir, 'linux'), undefined);
  });
});

describe('expandHome', () => {
  it('expands ~ and ~/ only', () => {
    assert.equal(expandHome('~', '/home/u'), '/home/u');
    assert.equal(expandHome('~/bin/session-lsp', '/home/u'), path.join('/home/u', 'bin/session-lsp'));
    assert.equal(expandHome('~other/bin', '/home/u'), '~other/bin');
    assert.equal(expandHome('/opt/~/x', '/home/u'), '/opt/~/x');
  });
});

describe('pathEntries', () => {
  it('splits on the platform delimiter', () => {
    assert.deepEqual(pathEntries('/a:/b', 'linux'), ['/a', '/b']);
    assert.deepEqual(pathEntries('C:\\a;C:\\b', 'win32'), ['C:\\a', 'C:\\b']);
    assert.deepEqual(pathEntries(undefined, 'linux'), []);
  });
});

describe('serverProcess', () => {
  it('runs the server over stdio in the workspace root', () => {
    assert.deepEqual(serverProcess('/usr/bin/session-lsp', '/study'), {
      command: '/usr/bin/session-lsp',
      args: ['--stdio'],
      options: { cwd: '/study' },
    });
  });
});
