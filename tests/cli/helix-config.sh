#!/usr/bin/env bash
# editors/helix/languages.toml is valid TOML with the keys Helix reads (Helix itself is not in
# Debian 12, so it is not run): a session-lsp language server and a markdown entry using it,
# rooted at the workspace markers the other editors use.
# Usage: helix-config.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
source_dir=$(realpath "$2")

if ! python3 -c 'import tomllib' 2>/dev/null; then
  echo "SKIP: python3 has no tomllib (needs 3.11+); the Helix config was not checked"
  exit 0
fi

exec python3 - "$source_dir/editors/helix/languages.toml" <<'PY'
import sys
import tomllib

# Keys from the Helix book (languages.md); anything else is a typo Helix would reject or ignore.
SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
    "comment-tokens", "block-comment-tokens", "indent", "language-servers", "grammar",
    "formatter", "auto-format", "diagnostic-severity", "soft-wrap", "text-width",
    "workspace-lsp-roots", "persistent-diagnostic-sources", "auto-pairs", "rulers",
}
MARKERS = [".session-lsp.yaml", "SESSION-TEMPLATE.md", "sessions"]

failures = []


def check(ok, what):
    print(("PASS: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


try:
    with open(sys.argv[1], "rb") as f:
        config = tomllib.load(f)
except tomllib.TOMLDecodeError as error:
    print(f"FAIL: {sys.argv[1]} is not valid TOML: {error}")
    sys.exit(1)
check(True, "languages.toml parses as TOML")
check(set(config) <= {"language-server", "language"}, "only language-server and language tables")

server = config.get("language-server", {}).get("session-lsp", {})
check(server.get("command") == "session-lsp", "language-server.session-lsp runs `session-lsp`")
check(set(server) <= SERVER_KEYS, f"language-server keys are Helix's: {sorted(server)}")
check(server.get("required-root-patterns") == MARKERS, "required-root-patterns are the markers")

languages = config.get("language", [])
check(isinstance(languages, list) and len(languages) == 1, "one [[language]] entry")
markdown = languages[0] if languages else {}
check(markdown.get("name") == "markdown", "the entry is for markdown")
check(set(markdown) <= LANGUAGE_KEYS, f"language keys are Helix's: {sorted(markdown)}")
check(markdown.get("roots") == MARKERS, "roots are the workspace markers")
servers = markdown.get("language-servers", [])
check(servers[:1] == ["session-lsp"], "markdown uses session-lsp first")

print("helix config: all checks passed" if not failures else f"helix config: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
PY
