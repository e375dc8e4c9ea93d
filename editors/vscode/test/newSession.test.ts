import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import {
  choicesFromFileNames,
  inputProblem,
  mergeChoices,
  NEW_SESSION_COMMAND,
  newSessionRequest,
  sessionsFolderFromGlobs,
  tracksFromTemplate,
} from '../src/newSession';

const exampleDir = path.join(__dirname, '..', '..', '..', '..', 'examples', 'llm-study');

describe('newSessionRequest', () => {
  it('sends one object {track, module, topic}, trimmed, as LspServer::onExecuteCommand reads it', () => {
    assert.deepEqual(newSessionRequest({ track: ' 02-Infra-System ', module: 'vLLM', topic: ' paged attention ' }), {
      command: 'session-lsp.newSession',
      arguments: [{ track: '02-Infra-System', module: 'vLLM', topic: 'paged attention' }],
    });
  });

  it('names the command the server advertises', () => {
    const server = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'server', 'lsp', 'LspServer.cpp'), 'utf8');
    assert.ok(server.includes(`"${NEW_SESSION_COMMAND}"`));
  });
});

describe('tracksFromTemplate', () => {
  it('reads the alternatives of the track line', () => {
    const template = '---\ndate: YYYY-MM-DD\ntrack: 01-Frameworks | 02-Infra-System   # pick one\n---\n';
    assert.deepEqual(tracksFromTemplate(template), ['01-Frameworks', '02-Infra-System']);
  });

  it('finds nothing in a template whose track is a single value or absent', () => {
    assert.deepEqual(tracksFromTemplate('track: ""\n'), []);
    assert.deepEqual(tracksFromTemplate('# no metadata\n'), []);
  });

  it('reads the example workspace template', () => {
    const template = fs.readFileSync(path.join(exampleDir, 'SESSION-TEMPLATE.md'), 'utf8');
    assert.deepEqual(tracksFromTemplate(template), [
      '01-Frameworks',
      '02-Infra-System',
      '03-Theory-Paper',
      '04-Interview',
    ]);
  });
});

describe('choicesFromFileNames', () => {
  it('collects tracks and their modules from preferred file names only', () => {
    const { tracks, modulesByTrack } = choicesFromFileNames([
      '2026-11-18__02-Infra-System__vLLM__paged-attention.md',
      '2026-11-19__02-Infra-System__DeepSpeed__zero-stages.md',
      '2026-11-20__02-Infra-System__vLLM__continuous-batching.md',
      '2026-11-16__03-Theory-Paper__Attention__scaled-dot-product.md',
      '2026-11-21-attention-recap.md',
      'README.md',
    ]);
    assert.deepEqual(tracks, ['02-Infra-System', '03-Theory-Paper']);
    assert.deepEqual(modulesByTrack.get('02-Infra-System'), ['DeepSpeed', 'vLLM']);
    assert.deepEqual(modulesByTrack.get('03-Theory-Paper'), ['Attention']);
  });

  it('merges template tracks first, without duplicates', () => {
    assert.deepEqual(mergeChoices(['b', 'a'], ['a', 'c']), ['b', 'a', 'c']);
  });
});

describe('sessionsFolderFromGlobs (as the server computes it)', () => {
  it('takes the literal folders before the first glob character', () => {
    assert.equal(sessionsFolderFromGlobs(undefined), 'sessions');
    assert.equal(sessionsFolderFromGlobs(['sessions/**/*.md']), 'sessions');
    assert.equal(sessionsFolderFromGlobs(['./notes/2026/*.md', 'x/*.md']), 'notes/2026');
    assert.equal(sessionsFolderFromGlobs(['**/*.md']), '');
    assert.equal(sessionsFolderFromGlobs(['/a/../b/*.md']), 'a');
  });
});

describe('inputProblem', () => {
  it('requires one non-blank line', () => {
    assert.equal(inputProblem('topic', 'paged attention'), undefined);
    assert.match(inputProblem('topic', '   ') ?? '', /required/);
    assert.match(inputProblem('module', 'a\nb') ?? '', /one line/);
  });
});
