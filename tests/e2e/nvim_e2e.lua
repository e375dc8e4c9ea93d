-- End-to-end test: real Neovim (0.7.2 and later), the editors/nvim plugin and the real server.
-- Run by tests/cli/nvim-e2e.sh in `nvim --headless --clean -u NONE`,
-- with SESSION_LSP_BINARY, SESSION_LSP_PLUGIN (editors/nvim) and SESSION_LSP_WORKSPACE (a scratch
-- copy of examples/llm-study) in the environment. Prints PASS/FAIL lines on stdout and exits
-- with `cquit 1` on any failure, `qall!` on success.

local binary = assert(os.getenv('SESSION_LSP_BINARY'), 'SESSION_LSP_BINARY not set')
local plugin = assert(os.getenv('SESSION_LSP_PLUGIN'), 'SESSION_LSP_PLUGIN not set')
local workspace = assert(os.getenv('SESSION_LSP_WORKSPACE'), 'SESSION_LSP_WORKSPACE not set')

local invalid_session = 'sessions/2026-11-26__01-Frameworks__LangChain-v1.0__middleware.md'
local valid_session = 'sessions/2026-11-16__03-Theory-Paper__Attention__scaled-dot-product.md'
local wait_ms = 10000

local failures = 0

-- print() in a headless Neovim goes to the message area, not reliably to stdout.
local function say(line)
  io.stdout:write(line, '\n')
  io.stdout:flush()
end

local function check(ok, what, detail)
  if ok then
    say('PASS: ' .. what)
  else
    failures = failures + 1
    say('FAIL: ' .. what .. (detail and (' (' .. detail .. ')') or ''))
  end
  return ok
end

local function finish()
  if failures > 0 then
    say(('nvim e2e: %d failure(s)'):format(failures))
    vim.cmd('cquit 1')
  else
    say('nvim e2e: all checks passed')
    vim.cmd('qall!')
  end
end

-- Warnings from the LSP client (e.g. "Client 1 quit with exit code 1") would otherwise vanish.
local notifications = {}
vim.notify = function(message, level)
  table.insert(notifications, { message = tostring(message), level = level })
  say('notify: ' .. tostring(message))
end

-- Every publishDiagnostics the client receives, in order, before Neovim's own handler runs.
-- Looked up per message, so replacing the global handler is enough for 0.7 and later.
local publishes = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    table.insert(publishes, {
      uri = result.uri,
      version = result.version,
      count = #(result.diagnostics or {}),
      diagnostics = result.diagnostics or {},
    })
  end
  return default_publish(err, result, ctx, config)
end

local function latest_publish(uri)
  for index = #publishes, 1, -1 do
    if publishes[index].uri == uri then
      return publishes[index]
    end
  end
  return nil
end

--- The buffer's diagnostics whose LSP code is `code`: 0.7 sets both `code` and the older
--- `user_data.lsp.code`; later versions may drop the second.
local function diagnostics_with_code(bufnr, code)
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = diagnostic.user_data and diagnostic.user_data.lsp or {}
    if (diagnostic.code or lsp.code) == code then
      table.insert(found, diagnostic)
    end
  end
  return found
end

local function describe(diagnostics)
  local parts = {}
  for _, diagnostic in ipairs(diagnostics) do
    table.insert(parts, ('%d:%d'):format(diagnostic.lnum, diagnostic.col))
  end
  return #parts > 0 and table.concat(parts, ', ') or 'none'
end

--- Waits until the server has published for `bufnr` at the buffer's current version.
local function wait_for_current_publish(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  return vim.wait(wait_ms, function()
    local publish = latest_publish(uri)
    return publish ~= nil and publish.version == vim.lsp.util.buf_versions[bufnr]
  end, 20)
end

--- The clients attached to `bufnr`, as a list (buf_get_clients is deprecated since 0.10).
local function attached_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

--- The first line of `bufnr` matching the Lua pattern `pattern`: its 0-based index and text.
local function find_line(bufnr, pattern)
  for index, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true)) do
    if text:find(pattern) then
      return index - 1, text
    end
  end
  error('no line matches ' .. pattern)
end

--- Waits until buffer `bufnr` is the current one's and its name ends with `suffix`.
local function wait_for_current_buffer(suffix)
  return vim.wait(wait_ms, function()
    local name = vim.api.nvim_buf_get_name(0)
    return name:sub(-#suffix) == suffix
  end, 20)
end

local function open_path(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function open(relative_path)
  return open_path(workspace .. '/' .. relative_path)
end

local function run()
  vim.opt.runtimepath:append(plugin)
  vim.cmd('filetype on') -- -u NONE leaves it off; the plugin starts on FileType markdown
  local session_lsp = require('session_lsp')
  session_lsp.setup({ cmd = { binary } })

  local started = vim.loop.hrtime()
  local bufnr = open(invalid_session)
  local filetype = vim.bo[bufnr].filetype
  check(filetype == 'markdown', 'session file detected as markdown', filetype)
  local root = session_lsp.root_dir(bufnr)
  check(root == workspace, 'root_dir is the workspace', tostring(root))

  -- A client counts as attached only once `initialize` has been answered. A server that dies
  -- first shows up as a "quit with exit code" warning, so stop waiting then.
  vim.wait(wait_ms, function()
    return #attached_clients(bufnr) > 0 or #notifications > 0
  end, 20)
  local clients = attached_clients(bufnr)
  local client = clients[1]
  local attached = #clients == 1
  if not check(attached, 'one client attached to the session buffer', #clients .. ' clients') then
    return
  end
  local client_id = client.id

  local got = vim.wait(wait_ms, function()
    return #diagnostics_with_code(bufnr, 'invalid-enum') > 0
  end, 20)
  if not check(got, 'diagnostics arrive within 10 s') then
    return
  end
  say(('info: first diagnostics after %d ms'):format((vim.loop.hrtime() - started) / 1e6))

  -- Where `L9` is, found in the file's own text: the diagnostic must cover exactly those two
  -- characters (the line is ASCII, so byte and UTF-16 columns agree).
  local level_lnum, level_text = find_line(bufnr, '^level_after:')
  check(level_text == 'level_after: L9', 'the session says `level_after: L9`', level_text)
  local value_col = level_text:find('L9', 1, true) - 1
  local invalid_enum = diagnostics_with_code(bufnr, 'invalid-enum')
  local first = invalid_enum[1] or {}
  check(
    #invalid_enum == 1
      and first.lnum == level_lnum
      and first.col == value_col
      and first.end_lnum == level_lnum
      and first.end_col == value_col + #'L9',
    ('invalid-enum covers `L9` exactly (%d:%d-%d)'):format(level_lnum, value_col, value_col + 2),
    #invalid_enum == 1
        and ('%d:%d-%d:%d'):format(first.lnum, first.col, first.end_lnum, first.end_col)
      or describe(invalid_enum)
  )
  check(
    #invalid_enum == 1 and invalid_enum[1].severity == vim.diagnostic.severity.ERROR,
    'invalid-enum is an error'
  )
  check(
    #invalid_enum == 1 and invalid_enum[1].source == 'session-lsp',
    'diagnostic source is session-lsp',
    invalid_enum[1] and tostring(invalid_enum[1].source)
  )

  -- The risk-register row has Korean text and an emoji before `High`: the server counts UTF-16
  -- code units, Neovim turns them into a byte column, so both sides must agree on the encoding.
  local high_lnum, line = find_line(bufnr, '🤔 | High |')
  local high_byte = line:find('High', 1, true) - 1
  local body_enum = diagnostics_with_code(bufnr, 'invalid-body-enum')
  check(
    #body_enum == 1 and body_enum[1].lnum == high_lnum and body_enum[1].col == high_byte,
    ('invalid-body-enum at %d:%d, the byte column of `High` after Korean and an emoji'):format(
      high_lnum,
      high_byte
    ),
    describe(body_enum)
  )
  check(
    #body_enum == 1 and body_enum[1].end_col == high_byte + #'High',
    'invalid-body-enum ends after `High`',
    body_enum[1] and tostring(body_enum[1].end_col)
  )

  local uri = vim.uri_from_bufnr(bufnr)
  local responses

  -- Go to definition on an evidence path in `evidence_targets`, the way a user would (`gd` maps
  -- to this): Neovim's own handler must open the track's INDEX.md.
  local index_path = '/tracks/01-Frameworks/LangChain-v1.0/INDEX.md'
  local tracks_lnum, tracks_text = find_line(bufnr, '^  tracks: %[/tracks/')
  local index_col = tracks_text:find(index_path, 1, true) - 1
  vim.api.nvim_win_set_cursor(0, { tracks_lnum + 1, index_col + 5 })
  vim.lsp.buf.definition()
  check(
    wait_for_current_buffer(index_path)
      and vim.api.nvim_buf_get_name(0) == workspace .. index_path,
    'definition on the evidence_targets path opens ' .. index_path,
    vim.api.nvim_buf_get_name(0)
  )
  vim.cmd('buffer ' .. bufnr)

  -- Go to definition on a markdown link in the body, as a synchronous request, then jump.
  local note_path = '/tracks/01-Frameworks/LangChain-v1.0/create-agent.md'
  local link = '](..' .. note_path .. ')'
  local link_lnum, link_text = find_line(bufnr, vim.pesc(link))
  local link_byte = link_text:find(link, 1, true) + #'](..' + 3
  responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', {
    textDocument = { uri = uri },
    position = { line = link_lnum, character = vim.str_utfindex(link_text, link_byte) },
  }, wait_ms)
  local location
  for _, response in pairs(responses or {}) do
    local result = response.result
    location = result and (result.uri and result or result[1])
  end
  local target = location and (location.uri or location.targetUri)
  check(
    target == vim.uri_from_fname(workspace .. note_path),
    'definition on the markdown link targets ' .. note_path,
    tostring(target)
  )
  if location then
    vim.lsp.util.jump_to_location(location, client.offset_encoding)
    check(
      vim.api.nvim_buf_get_name(0) == workspace .. note_path,
      'jumping to it opens the note',
      vim.api.nvim_buf_get_name(0)
    )
  end
  vim.cmd('buffer ' .. bufnr)

  -- The preferred quick fix for `L9`: ask with the published diagnostic as context, pick the
  -- action marked isPreferred and apply its edit as Neovim's code-action UI would.
  local enum_diagnostics = vim.tbl_filter(function(diagnostic)
    return diagnostic.code == 'invalid-enum'
  end, latest_publish(uri).diagnostics)
  responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = enum_diagnostics[1].range,
    context = { diagnostics = enum_diagnostics },
  }, wait_ms)
  local actions = {}
  for _, response in pairs(responses or {}) do
    vim.list_extend(actions, response.result or {})
  end
  local preferred = vim.tbl_filter(function(action)
    return action.isPreferred == true
  end, actions)
  check(
    #preferred == 1,
    'exactly one preferred code action',
    #actions .. ' actions, ' .. #preferred .. ' preferred'
  )
  local action = preferred[1]
  -- Neovim declares codeAction resolveSupport for `edit`, so the server may leave the edit out
  -- and send `data`; the client then resolves the chosen action, as Neovim's UI does.
  if action and not action.edit and action.data then
    responses = vim.lsp.buf_request_sync(bufnr, 'codeAction/resolve', action, wait_ms)
    for _, response in pairs(responses or {}) do
      action = response.result or action
    end
  end
  check(action ~= nil and action.edit ~= nil, 'the preferred action has (or resolves to) an edit')
  if action and action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    local fixed = vim.api.nvim_buf_get_lines(bufnr, level_lnum, level_lnum + 1, true)[1]
    -- L5 is the nearest allowed level to L9.
    check(fixed == 'level_after: L5', 'the preferred fix turns L9 into L5', fixed)
    got = wait_for_current_publish(bufnr) and #diagnostics_with_code(bufnr, 'invalid-enum') == 0
    check(got, 'invalid-enum disappears after the fix')
  end

  -- Back to `L9` for the typing check below; the diagnostic must come back.
  vim.api.nvim_buf_set_lines(bufnr, level_lnum, level_lnum + 1, true, { 'level_after: L9' })
  got = wait_for_current_publish(bufnr) and #diagnostics_with_code(bufnr, 'invalid-enum') == 1
  check(got, 'invalid-enum comes back with L9')

  -- Type over `9` in `level_after: L9` the way a user would; record what the client sends.
  local sent_changes = {}
  local notify = client.notify
  client.notify = function(...)
    -- 0.7 calls client.notify(method, params); 0.11+ calls client:notify(method, params).
    local args = { ... }
    local method, params = args[1], args[2]
    if type(method) == 'table' then
      method, params = args[2], args[3]
    end
    if method == 'textDocument/didChange' then
      table.insert(sent_changes, params)
    end
    return notify(...)
  end
  vim.api.nvim_buf_set_text(bufnr, level_lnum, value_col + 1, level_lnum, value_col + 2, { '2' })

  got = wait_for_current_publish(bufnr) and #diagnostics_with_code(bufnr, 'invalid-enum') == 0
  local remaining = describe(diagnostics_with_code(bufnr, 'invalid-enum'))
  check(got, 'invalid-enum disappears after typing L2', remaining)
  local change = sent_changes[1]
  check(
    change ~= nil
      and change.contentChanges[1].range ~= nil
      and change.contentChanges[1].text == '2',
    'the edit went as an incremental didChange',
    change and vim.inspect(change.contentChanges) or 'no didChange seen'
  )
  local body_enum_after = #diagnostics_with_code(bufnr, 'invalid-body-enum')
  check(body_enum_after == 1, 'other diagnostics stay after the edit')
  client.notify = notify

  -- Completion at the end of `level_after: L2`: L0–L5 with their meanings, each replacing the
  -- whole value, so accepting `L3` gives `L3`, not `L2L3`.
  local position = { line = level_lnum, character = value_col + 2 }
  responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = position,
  }, wait_ms)
  local items = {}
  for _, response in pairs(responses or {}) do
    local result = response.result or {}
    items = result.items or result
  end
  local labels = {}
  local l3
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
    if item.label == 'L3' then
      l3 = item
    end
  end
  check(
    table.concat(labels, ',') == 'L0,L1,L2,L3,L4,L5',
    'completion at level_after offers L0–L5',
    table.concat(labels, ',')
  )
  local meaning = l3 and (l3.detail or '') or ''
  check(meaning:find('apply them alone', 1, true) ~= nil, 'L3 comes with its meaning', meaning)
  local edit = l3 and l3.textEdit
  check(
    edit ~= nil
      and edit.range.start.character == value_col
      and edit.range['end'].character == value_col + 2,
    'the L3 edit replaces the whole value',
    edit and vim.inspect(edit.range) or 'no textEdit'
  )
  if edit then
    vim.lsp.util.apply_text_edits({ edit }, bufnr, 'utf-16')
    local after = vim.api.nvim_buf_get_lines(bufnr, level_lnum, level_lnum + 1, true)[1]
    check(after == 'level_after: L3', 'accepting L3 gives `level_after: L3`', after)
  end

  check(
    vim.bo[bufnr].omnifunc == 'v:lua.vim.lsp.omnifunc',
    'the plugin sets omnifunc for <C-x><C-o>',
    vim.bo[bufnr].omnifunc
  )

  -- Hover on the key: the template's documentation of the field and the levels' meanings.
  responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = level_lnum, character = 3 },
  }, wait_ms)
  local hover_text = ''
  for _, response in pairs(responses or {}) do
    local contents = response.result and response.result.contents
    hover_text = contents and (contents.value or tostring(contents)) or ''
  end
  check(
    hover_text:find('level_after', 1, true) ~= nil and hover_text:find('never met it', 1, true) ~= nil,
    'hover on level_after shows the field and the levels',
    hover_text
  )

  -- A valid session: the server must publish for it, and publish nothing.
  local valid_bufnr = open(valid_session)
  local valid_clients = attached_clients(valid_bufnr)
  check(
    #valid_clients == 1 and valid_clients[1].id == client_id,
    'second session reuses the same client',
    #valid_clients .. ' clients'
  )
  got = wait_for_current_publish(valid_bufnr)
  check(got, 'server publishes for the valid session')
  local valid_publish = latest_publish(vim.uri_from_bufnr(valid_bufnr))
  check(
    valid_publish ~= nil and valid_publish.count == 0 and #vim.diagnostic.get(valid_bufnr) == 0,
    'valid session has zero diagnostics',
    valid_publish and describe(vim.diagnostic.get(valid_bufnr)) or 'no publish'
  )

  -- $HOME (private to this run) looks like a workspace but is never one, so a markdown file
  -- there gets no server: the upward root search must stop at the home guard.
  local home = vim.loop.os_homedir()
  vim.fn.mkdir(home .. '/sessions', 'p')
  vim.fn.writefile({ '# notes' }, home .. '/notes.md')
  local stray_bufnr = open_path(home .. '/notes.md')
  check(session_lsp.root_dir(stray_bufnr) == nil, 'no root for a file in $HOME')
  check(session_lsp.start(stray_bufnr) == nil, 'start() declines a file in $HOME')

  -- The nvim-lspconfig entry. nvim-lspconfig is not packaged in Debian 12, so this checks the
  -- table's shape and its root_dir (the part lspconfig calls), and registration through a stand-in
  -- for `lspconfig.configs` that validates as lspconfig's __newindex does.
  local entry = require('session_lsp.lspconfig')
  local default_config = entry.default_config
  check(
    vim.deep_equal(default_config.cmd, { 'session-lsp' })
      and vim.deep_equal(default_config.filetypes, { 'markdown' })
      and type(default_config.settings.sessionLsp) == 'table'
      and default_config.single_file_support == false
      and type(entry.docs.description) == 'string',
    'lspconfig entry: cmd, filetypes, settings, docs'
  )
  check(
    default_config.root_dir(workspace .. '/' .. invalid_session, bufnr) == workspace
      and default_config.root_dir(home .. '/notes.md', stray_bufnr) == nil,
    'lspconfig root_dir: the workspace for a session, nil in $HOME'
  )
  local has_lspconfig = pcall(require, 'lspconfig.configs')
  check(session_lsp.lspconfig() == has_lspconfig, 'lspconfig() reports whether lspconfig exists')
  if not has_lspconfig then
    local registered = {}
    package.loaded['lspconfig.configs'] = setmetatable({}, {
      __newindex = function(configs, name, config)
        vim.validate({
          name = { name, 's' },
          default_config = { config.default_config, 't' },
          cmd = { config.default_config.cmd, 't' },
          filetypes = { config.default_config.filetypes, 't' },
          root_dir = { config.default_config.root_dir, 'f' },
        })
        registered[name] = true
        rawset(configs, name, config)
      end,
    })
    check(
      session_lsp.lspconfig() and registered.session_lsp == true,
      'lspconfig() registers session_lsp with lspconfig.configs'
    )
    package.loaded['lspconfig.configs'] = nil
  end

  -- The Neovim 0.11 `lsp/session_lsp.lua` config: same command, same root rule.
  local native = dofile(plugin .. '/lsp/session_lsp.lua')
  local roots = {}
  native.root_dir(bufnr, function(root)
    table.insert(roots, root)
  end)
  native.root_dir(stray_bufnr, function(root)
    table.insert(roots, root)
  end)
  check(
    vim.deep_equal(native.cmd, { 'session-lsp' }) and vim.deep_equal(roots, { workspace }),
    'lsp/session_lsp.lua: root_dir gives the workspace, and nothing for $HOME',
    vim.inspect(roots)
  )

  -- Shut down: shutdown request, exit notification, process gone, no "quit with exit code".
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 20)
  check(stopped, 'client stops within 5 s')
  vim.wait(100) -- the exit warning is scheduled after the client is removed
  local exit_warnings = vim.tbl_filter(function(notification)
    return notification.message:find('quit with exit code', 1, true) ~= nil
  end, notifications)
  local warning = exit_warnings[1] and exit_warnings[1].message
  check(#exit_warnings == 0, 'server exits with code 0', warning)
end

local ok, err = pcall(run)
check(ok, 'test script ran to the end', err and tostring(err))
finish()
