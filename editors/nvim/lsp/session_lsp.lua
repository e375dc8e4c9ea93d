-- session-lsp for Neovim 0.11+'s `vim.lsp.config` / `vim.lsp.enable`, and nvim-lspconfig 2.x
-- (which reads the same `lsp/<name>.lua` files from the runtimepath):
--
--   vim.opt.runtimepath:append('/path/to/session-lsp/editors/nvim')
--   vim.lsp.enable('session_lsp')
--
-- Not exercised in CI (Debian 12 ships Neovim 0.7.2); the root logic is the plugin's, which is.
return {
  cmd = { 'session-lsp' },
  filetypes = { 'markdown' },
  -- A function so that buffers outside a workspace (and $HOME) get no server at all.
  root_dir = function(bufnr, on_dir)
    local root = require('session_lsp').root_dir(bufnr)
    if root then
      on_dir(root)
    end
  end,
  settings = { sessionLsp = {} },
}
