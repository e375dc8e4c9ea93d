import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { findSessionRoot, findUpward, globUnder } from '../src/workspaceRoot';

/** A fake file system holding exactly `paths` (folders and files alike). */
function existsIn(paths: string[]): (file: string) => boolean {
  const set = new Set(paths.map((p) => path.resolve(p)));
  return (file) => set.has(path.resolve(file));
}

describe('findSessionRoot (the rule of the Neovim plugin)', () => {
  const home = '/home/u';

  it('finds the folder with SESSION-TEMPLATE.md above a session file', () => {
    const exists = existsIn(['/home/u/study/SESSION-TEMPLATE.md', '/home/u/study/sessions']);
    assert.equal(findSessionRoot('/home/u/study/sessions/a.md', { homeDir: home, exists }), '/home/u/study');
  });

  it('prefers .session-lsp.yaml or the template over a nearer sessions/ folder', () => {
    // notes/sessions/ is nearer, but the explicit marker group is tried first.
    const exists = existsIn(['/home/u/study/.session-lsp.yaml', '/home/u/study/notes/sessions']);
    assert.equal(findSessionRoot('/home/u/study/notes/x.md', { homeDir: home, exists }), '/home/u/study');
  });

  it('takes the nearest folder within a group, whichever marker it holds', () => {
    const exists = existsIn(['/w/SESSION-TEMPLATE.md', '/w/inner/.session-lsp.yaml']);
    assert.equal(findSessionRoot('/w/inner/sessions/a.md', { homeDir: home, exists }), '/w/inner');
  });

  it('falls back to a folder holding sessions/', () => {
    const exists = existsIn(['/w/sessions']);
    assert.equal(findSessionRoot('/w/sessions/deep/a.md', { homeDir: home, exists }), '/w');
  });

  it('never takes $HOME as the root, unless allowed', () => {
    const exists = existsIn(['/home/u/sessions']);
    assert.equal(findSessionRoot('/home/u/notes/a.md', { homeDir: home, exists }), undefined);
    assert.equal(
      findSessionRoot('/home/u/notes/a.md', { homeDir: home, exists, allowHomeRoot: true }),
      '/home/u',
    );
  });

  it('returns undefined outside any workspace', () => {
    assert.equal(findSessionRoot('/tmp/a/b.md', { homeDir: home, exists: existsIn([]) }), undefined);
  });

  it('findUpward stops at the file system root', () => {
    assert.equal(findUpward('/a/b/c.md', ['marker'], existsIn(['/marker'])), '/');
  });
});

describe('globUnder', () => {
  it('matches everything below the root and escapes glob characters in the path', () => {
    assert.equal(globUnder('/home/u/study'), '/home/u/study/**/*');
    assert.equal(globUnder('/home/u/study/'), '/home/u/study/**/*');
    assert.equal(globUnder('/n[1]/{a}*?'), '/n[[]1]/[{]a}[*][?]/**/*');
  });
});
