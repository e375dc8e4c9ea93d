// The "Session: New session" command without the editor: suggestions for the pickers and the
// `workspace/executeCommand` request. The server validates the values and makes the file; the
// suggestions here only save typing. No `vscode` import.

export const NEW_SESSION_COMMAND = 'session-lsp.newSession';

export interface NewSessionValues {
  track: string;
  module: string;
  topic: string;
}

/** `workspace/executeCommand` params: one object, the shape LspServer::onExecuteCommand reads. */
export function newSessionRequest(values: NewSessionValues): {
  command: string;
  arguments: [NewSessionValues];
} {
  return {
    command: NEW_SESSION_COMMAND,
    arguments: [{ track: values.track.trim(), module: values.module.trim(), topic: values.topic.trim() }],
  };
}

/**
 * The alternatives the template offers for `track` (`track: 01-Frameworks | 02-Infra-System`),
 * in template order; empty when the template has no such line.
 */
export function tracksFromTemplate(templateText: string): string[] {
  for (const line of templateText.split(/\r?\n/)) {
    const match = /^track:\s*(.*)$/.exec(line);
    if (match === null) {
      continue;
    }
    const value = match[1].replace(/\s+#.*$/, '');
    const tracks = value
      .split('|')
      .map((alternative) => alternative.trim().replace(/^["']|["']$/g, ''))
      .filter((alternative) => alternative !== '');
    if (tracks.length > 1) {
      return tracks;
    }
  }
  return [];
}

/** Tracks and modules of existing sessions named `YYYY-MM-DD__track__module__topic.md`. */
export function choicesFromFileNames(fileNames: readonly string[]): {
  tracks: string[];
  modulesByTrack: Map<string, string[]>;
} {
  const modulesByTrack = new Map<string, Set<string>>();
  for (const name of fileNames) {
    const match = /^\d{4}-\d{2}-\d{2}__([^_].*?)__([^_].*?)__.+\.md$/.exec(name);
    if (match === null) {
      continue;
    }
    const [, track, module] = match;
    const modules = modulesByTrack.get(track) ?? new Set<string>();
    modules.add(module);
    modulesByTrack.set(track, modules);
  }
  const sorted = new Map<string, string[]>();
  for (const track of [...modulesByTrack.keys()].sort()) {
    sorted.set(track, [...(modulesByTrack.get(track) ?? [])].sort());
  }
  return { tracks: [...sorted.keys()], modulesByTrack: sorted };
}

/** Template tracks first (their order), then tracks only seen in file names. */
export function mergeChoices(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

/**
 * The folder new sessions go to, as the server computes it: the leading literal folders of the
 * first sessions glob (`sessions/**\/*.md` → `sessions`, `**\/*.md` → ``).
 */
export function sessionsFolderFromGlobs(globs: readonly string[] | undefined): string {
  if (globs === undefined || globs.length === 0) {
    return 'sessions';
  }
  let glob = globs[0];
  while (glob.startsWith('./') || glob.startsWith('/')) {
    glob = glob.slice(glob.startsWith('/') ? 1 : 2);
  }
  const parts = glob.split('/').slice(0, -1);
  const folder: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' || /[*?[{]/.test(part)) {
      break;
    }
    folder.push(part);
  }
  return folder.join('/');
}

/** The reason a value typed in a picker cannot be sent, or undefined when it can. */
export function inputProblem(label: string, value: string): string | undefined {
  if (value.trim() === '') {
    return `A ${label} is required.`;
  }
  if (/[\r\n]/.test(value)) {
    return `The ${label} must be one line.`;
  }
  return undefined;
}
