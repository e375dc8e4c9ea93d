-- session-lsp as an nvim-lspconfig server entry, in the shape lspconfig's own
-- `lua/lspconfig/configs/<name>.lua` files have (`default_config` + `docs`).
--
-- Register it with `require('session_lsp').lspconfig()`, then start it the lspconfig way:
--
--   require('session_lsp').lspconfig()
--   require('lspconfig').session_lsp.setup({ settings = { sessionLsp = { staleAfterDays = 14 } } })
--
-- Use either this or `require('session_lsp').setup()`, not both: each would start its own server.

local session_lsp = require('session_lsp')

return {
  default_config = {
    cmd = { 'session-lsp' },
    filetypes = { 'markdown' },
    -- lspconfig calls root_dir(fname, bufnr); nil means "not a workspace", so nothing starts.
    root_dir = function(fname)
      return session_lsp.root_for_path(fname)
    end,
    -- A markdown file outside a workspace gets no server (lspconfig would otherwise start one
    -- rooted at the file's folder).
    single_file_support = false,
    -- Served to the server through workspace/configuration (section `sessionLsp`); the keys
    -- are those of `.session-lsp.yaml`.
    settings = { sessionLsp = {} },
  },
  docs = {
    description = [[
Language server for LLM-Study "session markdown" notes: diagnostics against SESSION-TEMPLATE.md,
completion of enums, levels, modules and evidence paths, go to definition on evidence paths,
quick fixes and progress hints.

Build the `session-lsp` binary (`scripts/build.sh`, or the .deb) and put it on your PATH.
The workspace root is the nearest folder holding `.session-lsp.yaml` or `SESSION-TEMPLATE.md`,
failing that one holding `sessions/`, and never $HOME.
]],
    default_config = {
      root_dir = [[nearest folder with ".session-lsp.yaml" or "SESSION-TEMPLATE.md",
else with "sessions/"; never $HOME]],
    },
  },
}
