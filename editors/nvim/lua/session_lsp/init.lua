-- session-lsp for Neovim: starts the server for markdown buffers inside an LLM-Study workspace.
--
-- A workspace is the nearest folder above the buffer that holds `.session-lsp.yaml` or
-- `SESSION-TEMPLATE.md`; failing both, one that holds a `sessions/` folder. Buffers outside any
-- workspace are left alone, so the server never indexes a random folder (or $HOME).
--
-- Needs Neovim 0.10+ (vim.fs.root); on 0.9 it falls back to vim.fs.find.

local M = {}

---@class SessionLspOptions
---@field cmd string[]? command that starts the server (default `{ 'session-lsp' }`)
---@field filetypes string[]? filetypes to attach to (default `{ 'markdown' }`)
---@field root_markers (string[])[]? marker groups, tried in order; the nearest match in a group wins
---@field settings table? sent as `sessionLsp` through workspace/configuration (SPEC §8 keys)
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

local function normalize(path)
  return path and vim.fs.normalize(path) or nil
end

--- The nearest folder above `path` holding one of `markers`, or nil.
local function find_upward(path, markers)
  if vim.fs.root then
    return vim.fs.root(path, markers)
  end
  local found = vim.fs.find(markers, { path = vim.fs.dirname(path), upward = true })[1]
  return found and vim.fs.dirname(found) or nil
end

--- The workspace root of buffer `bufnr`, or nil when the buffer is not inside a workspace.
---@param bufnr integer?
---@return string?
function M.root_dir(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or name:match('^%a[%w+.-]*://') then
    return nil -- unnamed buffers and non-file URIs (fugitive://, oil://, …)
  end
  local path = normalize(vim.fn.fnamemodify(name, ':p'))
  local home = normalize(vim.uv and vim.uv.os_homedir() or vim.loop.os_homedir())
  for _, group in ipairs(M.options.root_markers) do
    local root = normalize(find_upward(path, group))
    if root and (M.options.allow_home_root or root ~= home) then
      return root
    end
  end
  return nil
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
  -- vim.lsp.start reuses a client whose name and root_dir match, so every buffer of one
  -- workspace shares one server.
  return vim.lsp.start({
    name = 'session-lsp',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fs.basename(root) } },
    settings = { sessionLsp = opts.settings },
    init_options = opts.init_options,
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
  }, { bufnr = bufnr })
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

return M
