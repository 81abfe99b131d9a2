-- A headless Neovim (0.7) as txlint's language client: starts `txlint lsp`
-- with vim.lsp.start_client, attaches it to buffers and writes what
-- vim.diagnostic.get shows into $OUT (JSON), one entry per step.
-- Environment: TXLINT (binary), ROOT (workspace), OUT (result file).
-- Waits are bounded (vim.wait) only so that a broken server ends the test.
local txlint, root, out = vim.env.TXLINT, vim.env.ROOT, vim.env.OUT
local published = {}
local steps = {}

local client_id = vim.lsp.start_client({
  name = 'txlint',
  cmd = { txlint, 'lsp', '-j', '1' },
  root_dir = root,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      table.insert(published, { uri = result.uri, n = #result.diagnostics })
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})

local function n_published(uri)
  local n = 0
  for _, p in ipairs(published) do
    if p.uri == uri then n = n + 1 end
  end
  return n
end

-- What the editor shows for the buffer: vim.diagnostic.get, plus the LSP
-- fields Neovim keeps in user_data.lsp.
local function shown(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    local related = {}
    for _, r in ipairs(lsp.relatedInformation or {}) do
      table.insert(related, { uri = r.location.uri, line = r.location.range.start.line, message = r.message })
    end
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = lsp.code or d.code, href = (lsp.codeDescription or {}).href, related = related,
      text_at_col = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]:sub(d.col + 1),
    })
  end
  return list
end

-- Opens path, attaches the client, waits for the server's diagnostics.
local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. name))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  vim.lsp.buf_attach_client(bufnr, client_id)
  local ok = vim.wait(60000, function() return n_published(uri) >= 1 end, 20)
  return bufnr, uri, ok
end

local function record(step, bufnr, ok)
  table.insert(steps, { step = step, published = ok, diagnostics = shown(bufnr),
                        modified = vim.api.nvim_buf_get_option(bufnr, 'modified') })
end

local ok_start = vim.wait(60000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end, 20)
table.insert(steps, { step = 'initialized', published = ok_start, diagnostics = {} })

-- 1. A leaking file, as it is on disk.
local leak, leak_uri, ok = open('src/users.js')
record('leak', leak, ok)
-- 2. A clean file, unmodified.
local clean, _, ok2 = open('src/clean.js')
record('clean', clean, ok2)
-- 3. A file under a directory whose .txlint.json makes the rule a warning.
local sub, _, ok3 = open('sub/orders.js')
record('configured', sub, ok3)
-- 4. The leaking buffer fixed in the editor (didChange), not saved.
vim.api.nvim_set_current_buf(leak)
local before = n_published(leak_uri)
for i, line in ipairs(vim.api.nvim_buf_get_lines(leak, 0, -1, false)) do
  if line:find('return null;', 1, true) then
    vim.api.nvim_buf_set_lines(leak, i - 1, i, false,
      { (line:gsub('return null;', '{ client.release(); return null; }')) })
  end
end
local ok4 = vim.wait(60000, function() return n_published(leak_uri) > before end, 20)
record('fixed-buffer', leak, ok4)

vim.fn.writefile({ vim.fn.json_encode(steps) }, out)
vim.lsp.stop_client(client_id)
vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
vim.cmd('qa!')
