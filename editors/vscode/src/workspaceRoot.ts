// Which study workspace a file belongs to: the same rule as the Neovim plugin
// (editors/nvim/lua/session_lsp/init.lua). No `vscode` import.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Marker groups, tried in order; within a group the nearest folder wins whichever marker it
 * holds. The settings file and the template say "this is a workspace" explicitly; a bare
 * `sessions/` folder is only a guess, so it is tried last.
 */
export const ROOT_MARKERS: readonly (readonly string[])[] = [
  ['.session-lsp.yaml', 'SESSION-TEMPLATE.md'],
  ['sessions'],
];

export interface RootOptions {
  homeDir?: string;
  /** Allow the home folder itself as a root (default false: never index all of $HOME). */
  allowHomeRoot?: boolean;
  exists?: (file: string) => boolean;
}

/** The nearest folder above `file` holding one of `markers`, or undefined. */
export function findUpward(
  file: string,
  markers: readonly string[],
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (markers.some((marker) => exists(path.join(dir, marker)))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/** The workspace root of the file at `file`, or undefined when it is in no study workspace. */
export function findSessionRoot(file: string, options: RootOptions = {}): string | undefined {
  const home = path.resolve(options.homeDir ?? os.homedir());
  for (const group of ROOT_MARKERS) {
    const root = findUpward(file, group, options.exists);
    if (root !== undefined && (options.allowHomeRoot === true || root !== home)) {
      return root;
    }
  }
  return undefined;
}

/**
 * A glob matching every file under `root`, for a document selector. Glob characters in the
 * path are put in brackets so a folder named `notes[1]` matches itself.
 */
export function globUnder(root: string): string {
  const slashed = root.split(path.sep).join('/').replace(/\/+$/, '');
  // Only the characters that open a glob construct: a lone `]` or `}` is literal already.
  const escaped = slashed.replace(/[[{*?]/g, (character) => `[${character}]`);
  return `${escaped}/**/*`;
}
