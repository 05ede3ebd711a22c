-- Headless Neovim as a user sets it up (README, Neovim): starts `akslint lsp`, opens the fixture
-- module, waits for diagnostics, edits, applies code actions and fixes on save. What it saw is
-- written as JSON to $AKSLINT_NVIM_OUT for the jest test to check. Works with Neovim 0.7 (Debian 12)
-- and later: vim.lsp.start_client + buf_attach_client, as vim.lsp.start exists only from 0.8.
local root = os.getenv('AKSLINT_NVIM_ROOT')
local out = os.getenv('AKSLINT_NVIM_OUT')
local cmd = { os.getenv('AKSLINT_NODE'), os.getenv('AKSLINT_BIN'), 'lsp', '--stdio' }
local results = { steps = {} }

local function codes(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(list, { line = d.lnum, code = code, severity = d.severity, source = d.source })
  end
  table.sort(list, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    return tostring(a.code) < tostring(b.code)
  end)
  return list
end

local function has(bufnr, code)
  for _, d in ipairs(codes(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local function wait_for(label, bufnr, test)
  local ok = vim.wait(30000, function() return test(bufnr) end, 50)
  table.insert(results.steps, { step = label, ok = ok, diagnostics = codes(bufnr) })
  return ok
end

local function actions(bufnr, line, only)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = {}, only = only },
  }
  local list = {}
  for _, response in pairs(vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}) do
    for _, action in ipairs(response.result or {}) do table.insert(list, action) end
  end
  return list
end

local function apply(action)
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
end

local client_id

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

local function run()
  client_id = vim.lsp.start_client({ name = 'akslint', cmd = cmd, root_dir = root })
  results.client = client_id ~= nil

  -- Diagnostics on open, for the module's main.tf (its tfvars says local accounts stay enabled).
  local main = open(root .. '/infra/main.tf')
  wait_for('open main.tf', main, function(b) return has(b, 'AKS101') end)

  -- An edit in the buffer, not saved: the finding goes; undone, it comes back.
  local line = vim.api.nvim_buf_get_lines(main, 5, 6, false)[1]
  vim.api.nvim_buf_set_lines(main, 5, 6, false, { '  local_account_disabled = true' })
  wait_for('edit main.tf', main, function(b) return not has(b, 'AKS101') end)
  vim.api.nvim_buf_set_lines(main, 5, 6, false, { line })
  wait_for('undo edit', main, function(b) return has(b, 'AKS101') end)

  -- The suppress quick fix: a comment above the line.
  local titles = {}
  local suppress
  for _, a in ipairs(actions(main, 5)) do
    table.insert(titles, a.title)
    if a.title == 'Suppress AKS101 on this line' then suppress = a end
  end
  results.main_actions = titles
  if suppress then apply(suppress) end
  results.suppressed_line = vim.api.nvim_buf_get_lines(main, 5, 6, false)[1]
  wait_for('suppress AKS101', main, function(b) return not has(b, 'AKS101') end)

  -- A rule's own quick fix, then fix-on-save, on the manifest (K8S104: privileged: true).
  local web = open(root .. '/k8s/web.yaml')
  wait_for('open web.yaml', web, function(b) return has(b, 'K8S104') end)
  local fix
  for _, a in ipairs(actions(web, 18)) do
    local code = a.diagnostics and a.diagnostics[1] and a.diagnostics[1].code
    if a.kind == 'quickfix' and code == 'K8S104' and not vim.startswith(a.title, 'Suppress') then fix = fix or a end
  end
  results.fixes_available = fix ~= nil
  if fix then
    apply(fix)
    wait_for('quick fix K8S104', web, function(b) return not has(b, 'K8S104') end)
    vim.cmd('edit!')
    vim.lsp.buf_attach_client(web, client_id)
    wait_for('reverted web.yaml', web, function(b) return has(b, 'K8S104') end)
    vim.api.nvim_create_autocmd('BufWritePre', {
      buffer = web,
      callback = function()
        for _, a in ipairs(actions(web, 0, { 'source.fixAll.akslint' })) do apply(a) end
      end,
    })
    vim.cmd('write')
    results.saved_web = table.concat(vim.fn.readfile(root .. '/k8s/web.yaml'), '\n')
    wait_for('fix on save', web, function(b) return not has(b, 'K8S104') end)
  end
end

local ok, err = pcall(run)
results.error = not ok and tostring(err) or nil
vim.fn.writefile({ vim.fn.json_encode(results) }, out)
vim.cmd('qall!')
