// Finds the session-lsp binary and builds the command that starts it. No `vscode` import, so the
// unit tests run under plain node.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The setting a user changes when the binary is not found; every error message names it. */
export const SERVER_PATH_SETTING = 'sessionLsp.serverPath';
export const DEFAULT_SERVER_NAME = 'session-lsp';

export interface LocateOptions {
  /** The value of `sessionLsp.serverPath`; empty or blank means "search PATH". */
  configuredPath?: string;
  /** The PATH variable to search (defaults to process.env.PATH). */
  pathVariable?: string;
  /** Folder that a relative configured path is relative to (the workspace root). */
  baseDir?: string;
  homeDir?: string;
  platform?: NodeJS.Platform;
  /** PATHEXT on Windows (defaults to process.env.PATHEXT). */
  pathExtensions?: string;
}

export type LocateResult =
  | { found: true; command: string; source: 'setting' | 'path' }
  | { found: false; message: string };

/** True for a regular file (or a link to one) that this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    // Windows has no execute bit: any file that exists counts (PATHEXT picks the candidates).
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `~` and `~/x` become the home folder; `~user` is left alone (as a shell would need getpwnam). */
export function expandHome(file: string, homeDir: string = os.homedir()): string {
  if (file === '~') {
    return homeDir;
  }
  if (file.startsWith('~/') || file.startsWith('~\\')) {
    return path.join(homeDir, file.slice(2));
  }
  return file;
}

/** The folders of a PATH variable, in order, without empty entries. */
export function pathEntries(
  pathVariable: string | undefined,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const delimiter = platform === 'win32' ? ';' : ':';
  return (pathVariable ?? '').split(delimiter).filter((entry) => entry.trim() !== '');
}

/** The first executable `name` in the PATH folders, or undefined. Non-executable files are skipped. */
export function searchPath(
  name: string,
  pathVariable: string | undefined,
  platform: NodeJS.Platform = process.platform,
  pathExtensions: string = process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM',
): string | undefined {
  const suffixes =
    platform === 'win32' && path.extname(name) === ''
      ? ['', ...pathExtensions.split(';').filter((ext) => ext !== '')]
      : [''];
  for (const folder of pathEntries(pathVariable, platform)) {
    for (const suffix of suffixes) {
      const candidate = path.join(folder, name + suffix);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Where the server binary is: the configured path (with `~` expanded; relative paths are taken
 * from `baseDir`; a bare name is looked up on PATH), else `session-lsp` on PATH.
 */
export function locateServer(options: LocateOptions = {}): LocateResult {
  const platform = options.platform ?? process.platform;
  const pathVariable = options.pathVariable ?? process.env.PATH;
  const pathExtensions = options.pathExtensions ?? process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM';
  const configured = (options.configuredPath ?? '').trim();

  if (configured === '') {
    const command = searchPath(DEFAULT_SERVER_NAME, pathVariable, platform, pathExtensions);
    if (command !== undefined) {
      return { found: true, command, source: 'path' };
    }
    const folders = pathEntries(pathVariable, platform).length;
    return {
      found: false,
      message:
        `session-lsp: \`${DEFAULT_SERVER_NAME}\` was not found on PATH (${folders} folders searched). ` +
        `Build it with scripts/build.sh and put it on PATH, or set \`${SERVER_PATH_SETTING}\` ` +
        'to the binary.',
    };
  }

  const expanded = expandHome(configured, options.homeDir ?? os.homedir());
  const isBareName = !expanded.includes('/') && !(platform === 'win32' && expanded.includes('\\'));
  if (isBareName) {
    const command = searchPath(expanded, pathVariable, platform, pathExtensions);
    if (command !== undefined) {
      return { found: true, command, source: 'setting' };
    }
    return {
      found: false,
      message:
        `session-lsp: \`${SERVER_PATH_SETTING}\` is \`${configured}\`, which is not an ` +
        'executable on PATH. Set it to the full path of the session-lsp binary.',
    };
  }

  const command = path.resolve(options.baseDir ?? process.cwd(), expanded);
  if (isExecutableFile(command)) {
    return { found: true, command, source: 'setting' };
  }
  const why = fs.existsSync(command) ? 'is not an executable file' : 'does not exist';
  return {
    found: false,
    message:
      `session-lsp: \`${SERVER_PATH_SETTING}\` points to ${command}, which ${why}. ` +
      'Build the server with scripts/build.sh, or fix the setting.',
  };
}

/** The process the language client starts: the server speaks LSP over stdio in the workspace root. */
export interface ServerProcess {
  command: string;
  args: string[];
  options: { cwd: string };
}

export function serverProcess(command: string, workspaceRoot: string): ServerProcess {
  // `--stdio` is what the server does with no arguments too; spelled out it shows in `ps`.
  return { command, args: ['--stdio'], options: { cwd: workspaceRoot } };
}
