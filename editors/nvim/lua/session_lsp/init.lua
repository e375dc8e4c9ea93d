-- session-lsp for Neovim: starts the server for markdown buffers inside an LLM-Study workspace.
--
-- A workspace is the nearest folder above the buffer that holds `.session-lsp.yaml` or
-- `SESSION-TEMPLATE.md`; failing both, one that holds a `sessions/` folder. Buffers outside any
-- workspace are left alone, so the server never indexes a random folder (or $HOME).
--
-- Works on Neovim 0.7.2 (Debian 12) and later. Newer APIs are used when present (vim.lsp.start,
-- vim.fs.root, vim.fs.normalize); older versions get hand-written equivalents below.

local M = {}

---@class SessionLspOptions
---@field cmd string[]? command that starts the server (default `{ 'session-lsp' }`)
---@field filetypes string[]? filetypes to attach to (default `{ 'markdown' }`)
---@field root_markers (string[])[]? marker groups, tried in order; the nearest match in a group wins
---@field settings table? answered as `sessionLsp` to workspace/configuration requests
---@field init_options table? sent with `initialize`
---@field capabilities table? client capabilities (e.g. from cmp_nvim_lsp); defaults are Neovim's
---@field on_attach fun(client: table, bufnr: integer)? called when the client attaches to a buffer
---@field allow_home_root boolean? allow $HOME itself as the workspace root (default false)

M.defaults = {
  cmd = { 'session-lsp' },
  filetypes = { 'markdown' },
  -- The settings file and the template say "this is a workspace" explicitly; a bare `sessions/`
  -- folder is only a guess, so it is tried last.
  root_markers = { { '.session-lsp.yaml', 'SESSION-TEMPLATE.md' }, { 'sessions' } },
  settings = {},
  init_options = nil,
  capabilities = nil,
  on_attach = nil,
  allow_home_root = false,
}

---@type SessionLspOptions
M.options = vim.deepcopy(M.defaults)

local uv = vim.uv or vim.loop
-- vim.fs appeared in 0.8 and vim.fs.root in 0.10; Neovim 0.7 has neither.
local fs = vim.fs or {}

local function normalize(path)
  if not path then
    return nil
  end
  if fs.normalize then
    return fs.normalize(path)
  end
  -- What vim.fs.normalize does: forward slashes, a leading `~` expanded, no trailing slash.
  -- (Not vim.fn.expand, which would also expand `%`, `#` and wildcards in file names.)
  path = path:gsub('\\', '/')
  if path:sub(1, 1) == '~' then
    path = uv.os_homedir() .. path:sub(2)
  end
  return (path:gsub('(.)/+$', '%1'))
end

local function dirname(path)
  return fs.dirname and fs.dirname(path) or vim.fn.fnamemodify(path, ':h')
end

local function basename(path)
  return fs.basename and fs.basename(path) or vim.fn.fnamemodify(path, ':t')
end

--- The nearest folder above `path` (a file) holding one of `markers`, or nil.
local function find_upward(path, markers)
  if fs.root then
    return fs.root(path, markers)
  end
  -- Each folder is checked for every marker before moving up, so the nearest folder wins
  -- whichever marker it holds (as vim.fs.root does).
  local dir = dirname(path)
  while dir do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. (dir == '/' and '' or '/') .. marker) then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

-- Neovim < 0.8 has no vim.lsp.start: the plugin keeps one client per root itself.
local client_by_root = {}

--- Starts a client for `config.root_dir`, or reuses the live one, and attaches it to `bufnr`.
local function start_client_compat(config, bufnr)
  local client_id = client_by_root[config.root_dir]
  local client = client_id and vim.lsp.get_client_by_id(client_id)
  if not client or client.is_stopped() then
    client_id = vim.lsp.start_client(config)
    if not client_id then
      return nil
    end
    client_by_root[config.root_dir] = client_id
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  return client_id
end

--- The workspace root of the file at `path`, or nil when it is not inside a workspace.
--- Also the `root_dir` of the nvim-lspconfig entry (which passes a file name).
---@param path string
---@param options SessionLspOptions? defaults to the options given to setup()
---@return string?
function M.root_for_path(path, options)
  options = options or M.options
  if not path or path == '' or path:match('^%a[%w+.-]*://') then
    return nil -- unnamed buffers and non-file URIs (fugitive://, oil://, …)
  end
  path = normalize(vim.fn.fnamemodify(path, ':p'))
  local home = normalize(uv.os_homedir())
  for _, group in ipairs(options.root_markers) do
    local root = normalize(find_upward(path, group))
    if root and (options.allow_home_root or root ~= home) then
      return root
    end
  end
  return nil
end

--- The workspace root of buffer `bufnr`, or nil when the buffer is not inside a workspace.
---@param bufnr integer?
---@return string?
function M.root_dir(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  return M.root_for_path(vim.api.nvim_buf_get_name(bufnr))
end

--- Starts the server for `bufnr` (or attaches the running one for the same root).
---@param bufnr integer?
---@return integer? client_id
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = M.root_dir(bufnr)
  if not root then
    return nil
  end
  local opts = M.options
  if vim.fn.executable(opts.cmd[1]) ~= 1 then
    vim.notify_once(
      ('session-lsp: `%s` is not on PATH; build it (scripts/build.sh) or set cmd in setup()'):format(
        opts.cmd[1]
      ),
      vim.log.levels.WARN
    )
    return nil
  end
  local config = {
    name = 'session-lsp',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = basename(root) } },
    settings = { sessionLsp = opts.settings },
    init_options = opts.init_options,
    capabilities = opts.capabilities,
    on_attach = function(client, attached_bufnr)
      -- Neovim 0.7 does not point omnifunc at the server (markdown's ftplugin sets HTML tag
      -- completion); without this <C-x><C-o> cannot complete `level_after:`. A user's own
      -- omnifunc stays.
      local omnifunc = vim.bo[attached_bufnr].omnifunc
      if omnifunc == '' or omnifunc == 'htmlcomplete#CompleteTags' then
        vim.bo[attached_bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
      end
      if opts.on_attach then
        opts.on_attach(client, attached_bufnr)
      end
    end,
  }
  -- Either way every buffer of one workspace shares one server: vim.lsp.start reuses a client
  -- whose name and root_dir match, and the fallback keeps a client per root.
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  return start_client_compat(config, bufnr)
end

--- Configures the plugin and starts the server for matching buffers, now and when they open.
---@param opts SessionLspOptions?
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- Lists replace rather than merge (tbl_deep_extend would merge them index by index).
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if opts and opts[key] then
      M.options[key] = opts[key]
    end
  end

  local group = vim.api.nvim_create_augroup('session_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
    desc = 'Start session-lsp for session markdown',
  })

  -- Buffers that were already open when setup() ran (e.g. `nvim sessions/x.md` with lazy loading).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    local filetype = vim.bo[bufnr].filetype
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.options.filetypes, filetype) then
      M.start(bufnr)
    end
  end
end

--- Registers `session_lsp` with nvim-lspconfig, so that `require('lspconfig').session_lsp.setup{}`
--- works like any other server there (`:LspInfo`, `:LspStart`, per-server options). Does nothing
--- when nvim-lspconfig is not installed, or when it already ships an entry of that name.
---@return boolean registered whether lspconfig now knows `session_lsp`
function M.lspconfig()
  local ok, configs = pcall(require, 'lspconfig.configs')
  if not ok then
    return false
  end
  if not rawget(configs, 'session_lsp') then
    configs.session_lsp = require('session_lsp.lspconfig')
  end
  return true
end

return M
