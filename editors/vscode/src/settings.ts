// Maps the `sessionLsp.*` editor settings to the object the server gets for the
// `workspace/configuration` section `sessionLsp` (the keys of `.session-lsp.yaml`, SPEC §8).
// No `vscode` import.

/** The configuration section the server asks for. */
export const SECTION = 'sessionLsp';

/** Keys sent to the server, in the order of SPEC §8. */
export const SERVER_KEYS = [
  'sessions',
  'template',
  'severity',
  'roots',
  'levels',
  'staleAfterDays',
] as const;
export type ServerKey = (typeof SERVER_KEYS)[number];

export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** What VS Code's `WorkspaceConfiguration.inspect` reports for one key (defaults left out). */
export interface InspectedValue {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface ServerSettings {
  sessions?: string[];
  template?: string;
  severity?: Record<string, (typeof SEVERITIES)[number]>;
  roots?: string[];
  levels?: Record<string, string>;
  staleAfterDays?: number;
}

export interface MappedSettings {
  settings: ServerSettings;
  /** One line per ignored value, for the output channel. */
  problems: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value a user set, most specific scope first. Objects merge key by key across scopes, as
 * VS Code's own `get` does; other values replace. Defaults are never sent: a key the user did
 * not set stays absent, so `.session-lsp.yaml` and the server's defaults decide it.
 */
function userValue(inspected: InspectedValue | undefined): unknown {
  if (inspected === undefined) {
    return undefined;
  }
  const scopes = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue];
  const set = scopes.filter((value) => value !== undefined && value !== null);
  if (set.length === 0) {
    return undefined;
  }
  if (set.every(isPlainObject)) {
    return Object.assign({}, ...set) as Record<string, unknown>;
  }
  return set[set.length - 1];
}

function stringList(key: string, value: unknown, problems: string[]): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    problems.push(`${SECTION}.${key} must be a list of strings; ignored`);
    return undefined;
  }
  const entries = list.map((item) => item.trim()).filter((item) => item !== '');
  return entries.length > 0 ? entries : undefined;
}

/** The server's view of the settings from `inspect(key)` for each key of SERVER_KEYS. */
export function mapSettings(inspect: (key: ServerKey) => InspectedValue | undefined): MappedSettings {
  const settings: ServerSettings = {};
  const problems: string[] = [];

  for (const key of ['sessions', 'roots'] as const) {
    const value = userValue(inspect(key));
    if (value !== undefined) {
      const list = stringList(key, value, problems);
      if (list !== undefined) {
        settings[key] = list;
      }
    }
  }

  const template = userValue(inspect('template'));
  if (typeof template === 'string') {
    if (template.trim() !== '') {
      settings.template = template.trim();
    }
  } else if (template !== undefined) {
    problems.push(`${SECTION}.template must be a path; ignored`);
  }

  const severity = userValue(inspect('severity'));
  if (isPlainObject(severity)) {
    const map: Record<string, (typeof SEVERITIES)[number]> = {};
    for (const [code, level] of Object.entries(severity)) {
      const name = typeof level === 'string' ? level.toLowerCase() : level;
      if ((SEVERITIES as readonly unknown[]).includes(name)) {
        map[code] = name as (typeof SEVERITIES)[number];
      } else {
        problems.push(
          `${SECTION}.severity.${code} must be one of ${SEVERITIES.join(', ')}; ignored`,
        );
      }
    }
    if (Object.keys(map).length > 0) {
      settings.severity = map;
    }
  } else if (severity !== undefined) {
    problems.push(`${SECTION}.severity must map a diagnostic code to a severity; ignored`);
  }

  const levels = userValue(inspect('levels'));
  if (isPlainObject(levels)) {
    const map: Record<string, string> = {};
    for (const [level, meaning] of Object.entries(levels)) {
      if (typeof meaning === 'string') {
        map[level] = meaning;
      } else {
        problems.push(`${SECTION}.levels.${level} must be a string; ignored`);
      }
    }
    if (Object.keys(map).length > 0) {
      settings.levels = map;
    }
  } else if (levels !== undefined) {
    problems.push(`${SECTION}.levels must map a level (L0…) to its meaning; ignored`);
  }

  const days = userValue(inspect('staleAfterDays'));
  if (typeof days === 'number' && Number.isInteger(days) && days >= 0) {
    settings.staleAfterDays = days;
  } else if (days !== undefined) {
    problems.push(`${SECTION}.staleAfterDays must be a non-negative integer; ignored`);
  }

  return { settings, problems };
}

/**
 * The answer to one `workspace/configuration` item: the whole section for `sessionLsp`, one
 * key for `sessionLsp.KEY`, and undefined for sections that are not ours.
 */
export function configurationItem(section: string | undefined, settings: ServerSettings): unknown {
  if (section === SECTION) {
    return settings;
  }
  if (section !== undefined && section.startsWith(`${SECTION}.`)) {
    const key = section.slice(SECTION.length + 1);
    return (settings as Record<string, unknown>)[key] ?? null;
  }
  return undefined;
}
