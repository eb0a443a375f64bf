-- filters/kit.lua: what the build adds to lecture.md on its way to HTML.
--
-- 1. Relative links in lecture.md are written for the source (slides/); the
--    HTML files live one level down, in slides/build/, so they get "../".
-- 2. The Divs #bench-figures and #bench-plot hold instructions until
--    `make bench` has run; then the Makefile passes the benchmark's output
--    files as the metadata fields bench-file and bench-plot, and the Divs
--    show them instead: a table of bench-file (attribute group=N picks the
--    N-th table of a .dat file), the picture bench-plot.

local bench_file = nil
local bench_plot = nil

local function is_relative(target)
  return not target:match('^[%a][%w+.-]*:') and not target:match('^#')
     and not target:match('^/')
end

local function read_all(path)
  local f = io.open(path, 'r')
  if not f then return nil end
  local text = f:read('a')
  f:close()
  return text
end

-- Rows of cells become a pandoc table: the first row is the header.
local function make_table(rows)
  if #rows == 0 then return nil end
  local md = {}
  local function line(cells) return '| ' .. table.concat(cells, ' | ') .. ' |' end
  md[1] = line(rows[1])
  local rule = {}
  for i = 1, #rows[1] do rule[i] = '---' end
  md[2] = line(rule)
  for i = 2, #rows do md[#md + 1] = line(rows[i]) end
  return pandoc.read(table.concat(md, '\n'), 'markdown').blocks
end

-- 1836154 -> 1 836 154 (narrow no-break spaces): big figures read at a glance.
local function grouped(cell)
  if not cell:match('^%d%d%d%d%d+$') then return cell end
  local out = cell:reverse():gsub('(%d%d%d)', '%1,'):reverse():gsub('^,', '')
  return (out:gsub(',', '\u{202F}'))
end

-- A CSV or TSV file: one row a line.
local function delimited_rows(text, sep)
  local rows = {}
  for line in text:gmatch('[^\r\n]+') do
    local cells = {}
    for cell in (line .. sep):gmatch('(.-)' .. sep) do
      cells[#cells + 1] = grouped((cell:gsub('^%s+', ''):gsub('%s+$', '')))
    end
    rows[#rows + 1] = cells
  end
  return rows
end

-- A gnuplot-style .dat file: '#' comment lines, then columns separated by
-- blanks, the first line of them the header. A comment may name groups of
-- columns, "messages per second (columns 2-7) and MB/s (columns 8-13)":
-- then each group is a table of its own, with column 1 in front.
local function dat_tables(text)
  local comments, rows = {}, {}
  for line in text:gmatch('[^\r\n]+') do
    if line:match('^%s*#') then
      comments[#comments + 1] = (line:gsub('^%s*#%s*', ''))
    elseif line:match('%S') then
      local cells = {}
      for cell in line:gmatch('%S+') do cells[#cells + 1] = grouped(cell) end
      rows[#rows + 1] = cells
    end
  end
  local groups, notes = {}, {}
  for _, c in ipairs(comments) do
    local found = false
    for name, a, b in c:gmatch('([^:,()]-)%s*%(columns (%d+)%-(%d+)%)') do
      name = name:gsub('^%s*and%s+', ''):gsub('^%s+', '')
      groups[#groups + 1] = { name = name, first = tonumber(a), last = tonumber(b) }
      found = true
    end
    if not found then notes[#notes + 1] = c end
  end
  local tables = {}
  if #groups == 0 then
    tables[1] = { title = table.concat(notes, ' '), blocks = make_table(rows) }
    return tables
  end
  for _, g in ipairs(groups) do
    local sub = {}
    for i, row in ipairs(rows) do
      local cells = { row[1] }
      for k = g.first, g.last do cells[#cells + 1] = row[k] or '' end
      sub[i] = cells
    end
    local title = g.name
    if #notes > 0 then title = title .. ', ' .. table.concat(notes, ' ') end
    tables[#tables + 1] = { title = title, blocks = make_table(sub) }
  end
  return tables
end

local function source_note(path, title)
  local name = path:match('bench/out/.*$') or path
  local inlines = {}
  if title and title ~= '' then
    inlines = { pandoc.Str(title:sub(1, 1):upper() .. title:sub(2) .. '.'), pandoc.Space() }
  end
  for _, x in ipairs({ pandoc.Str('From '), pandoc.Code(name), pandoc.Str(', written by '),
                       pandoc.Code('make bench'), pandoc.Str('.') }) do
    inlines[#inlines + 1] = x
  end
  return pandoc.Para({ pandoc.Emph(inlines) })
end

-- The blocks that replace a bench Div: `group` picks one table of a .dat
-- file (1 when absent).
local function bench_blocks(path, group)
  local text = read_all(path)
  if not text then return nil end
  local blocks, title
  if path:match('%.md$') then
    blocks = pandoc.read(text, 'markdown').blocks
  elseif path:match('%.csv$') then
    blocks = make_table(delimited_rows(text, ','))
  elseif path:match('%.tsv$') then
    blocks = make_table(delimited_rows(text, '\t'))
  elseif path:match('%.dat$') then
    local t = dat_tables(text)[group]
    if not t then return nil end
    blocks, title = t.blocks, t.title
  else
    blocks = { pandoc.CodeBlock(text) }
  end
  if not blocks then return nil end
  blocks[#blocks + 1] = source_note(path, title)
  return blocks
end

return {
  {
    Meta = function(meta)
      if meta['bench-file'] then
        bench_file = pandoc.utils.stringify(meta['bench-file'])
      end
      if meta['bench-plot'] then
        bench_plot = pandoc.utils.stringify(meta['bench-plot'])
      end
    end,
  },
  {
    Link = function(link)
      if is_relative(link.target) then
        link.target = '../' .. link.target
      end
      return link
    end,
    Div = function(div)
      local blocks
      if div.identifier:match('^bench%-figures') and bench_file then
        blocks = bench_blocks(bench_file, tonumber(div.attributes.group or '1'))
      elseif div.identifier == 'bench-plot' and bench_plot then
        blocks = { pandoc.Para({ pandoc.Image({ pandoc.Str('The benchmark\'s figures, drawn') },
                                              bench_plot) }),
                   source_note(bench_plot) }
      end
      if blocks then
        div.content = blocks
        div.classes:insert('bench-measured')
      end
      return div
    end,
  },
}
