/* jaring tables.js: progressive enhancement for the data tables.
   Column headers become sort buttons (aria-sort kept in step), tables
   with more than 8 rows get a filter box with a live row count, and a
   table wider than its box gets a hint above it ("scroll sideways", the
   text of this script's data-scroll-hint) and a shadow on its first column
   once scrolled. Every table is complete and readable without this script
   (the stylesheet's edge shadows still show that a table scrolls); it
   loads nothing. */
(function () {
  'use strict';
  var lang = (document.documentElement.lang || '').trim();
  var isId = lang.slice(0, 2).toLowerCase() === 'id';
  var loc = lang || undefined;
  try { 'a'.localeCompare('b', loc); } catch (e) { loc = undefined; }
  var MISSING = /^(|\*|–|—|-|−)$/;
  var script = document.currentScript;
  var hintText = script ? script.getAttribute('data-scroll-hint') : null;
  var counter = 0;
  var slice = function (list) { return Array.prototype.slice.call(list); };

  function uid(base) {
    var id;
    do { id = 'jaring-' + base + '-' + (++counter); } while (document.getElementById(id));
    return id;
  }

  function cellText(cell) {
    return cell ? cell.textContent.replace(/\s+/g, ' ').trim() : '';
  }

  // Sort key of one cell: a number, a string, or null (suppressed or missing: always last).
  function sortKey(cell, numericColumn) {
    var t = cellText(cell);
    if (!cell || cell.classList.contains('suppressed') || MISSING.test(t)) return null;
    if (!numericColumn && !cell.classList.contains('num')) return t;
    // id: 1.234 / Rp670.680.000 / 12,5%   en: 1,234 / IDR 670,680,000 / 12.5%
    var s = t.replace(/\u2212/g, '-').replace(isId ? /\./g : /,/g, '');
    if (isId) s = s.replace(/,/g, '.');
    var m = s.match(/-?\d+(?:\.\d+)?/);
    return m ? parseFloat(m[0]) : null;
  }

  function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), loc, { numeric: true });
  }

  function makeSortable(table, tbody) {
    var headRow = table.tHead.rows[table.tHead.rows.length - 1];
    var items = slice(tbody.rows).map(function (row, i) {
      return { row: row, i: i, total: row.classList.contains('total'), k: null };
    });
    var current = -1, dir = 1, col = 0;
    slice(headRow.cells).forEach(function (th) {
      var c = col;
      col += th.colSpan;
      if (th.colSpan > 1) return;
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.id = uid('sort');
      while (th.firstChild) btn.appendChild(th.firstChild);
      th.appendChild(btn);
      th.setAttribute('aria-sort', 'none');
      btn.addEventListener('click', function () {
        dir = current === c ? -dir : 1;
        current = c;
        slice(headRow.cells).forEach(function (h) {
          if (h.hasAttribute('aria-sort')) h.setAttribute('aria-sort', 'none');
        });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var numeric = th.classList.contains('num');
        var body = items.filter(function (x) { return !x.total; });
        body.forEach(function (x) { x.k = sortKey(x.row.cells[c], numeric); });
        body.sort(function (a, b) {
          if (a.k === null || b.k === null) {
            return (a.k === null) - (b.k === null) || a.i - b.i;
          }
          return dir * compare(a.k, b.k) || a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        body.concat(items.filter(function (x) { return x.total; }))
          .forEach(function (x) { frag.appendChild(x.row); });
        tbody.appendChild(frag);
      });
    });
  }

  function makeFilter(table, box, tbody) {
    var rows = slice(tbody.rows);
    var texts = rows.map(function (r) {
      return slice(r.cells).map(cellText).join(' ').toLocaleLowerCase(loc);
    });
    var all = rows.filter(function (r) { return !r.classList.contains('total'); }).length;
    var wrap = document.createElement('div');
    var label = document.createElement('label');
    var input = document.createElement('input');
    var status = document.createElement('span');
    wrap.className = 'table-filter';
    wrap.id = uid('filter');
    input.type = 'search';
    input.id = uid('filter-input');
    input.autocomplete = 'off';
    label.id = uid('filter-label');
    label.htmlFor = input.id;
    label.textContent = table.getAttribute('data-filter-label') || (isId ? 'Saring' : 'Filter');
    status.id = uid('filter-status');
    status.className = 'table-filter-status';
    status.setAttribute('aria-live', 'polite');
    if (table.caption) {
      if (!table.caption.id) table.caption.id = uid('caption');
      input.setAttribute('aria-describedby', table.caption.id);
    }
    function update() {
      var q = input.value.replace(/\s+/g, ' ').trim().toLocaleLowerCase(loc);
      var shown = 0;
      rows.forEach(function (r, i) {
        var hit = !q || texts[i].indexOf(q) !== -1;
        r.hidden = !hit;
        if (hit && !r.classList.contains('total')) shown++;
      });
      status.textContent = isId ? shown + ' dari ' + all + ' baris'
        : shown + ' of ' + all + (all === 1 ? ' row' : ' rows');
    }
    input.addEventListener('input', update);
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    var hint = hintOf(box);
    box.parentNode.insertBefore(wrap, hint || box);
    update();
  }

  // The "scroll sideways" line just before a table's box, once made.
  function hintOf(box) {
    var before = box.previousElementSibling;
    return before && before.classList.contains('scroll-hint') ? before : null;
  }

  // Shows the hint only while the table is wider than its box (phones, a
  // narrow window, zoom), and marks the box once scrolled for the shadow.
  function followOverflow(box) {
    var hint = null;
    if (hintText) {
      hint = document.createElement('p');
      hint.className = 'scroll-hint';
      hint.textContent = hintText;
      hint.hidden = true;
      box.parentNode.insertBefore(hint, box);
    }
    function update() {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle('scrolled', overflows && box.scrollLeft > 0);
      if (hint) hint.hidden = !overflows;
    }
    box.addEventListener('scroll', update, { passive: true });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(update);
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    } else {
      window.addEventListener('resize', update);
    }
    update();
  }

  function init() {
    slice(document.querySelectorAll('.table-scroll')).forEach(followOverflow);
    slice(document.querySelectorAll('.table-scroll table')).forEach(function (table) {
      var box = table.closest('.table-scroll');
      var tbody = table.tBodies[0];
      if (!tbody) return;
      if (table.tHead && table.tHead.rows.length && tbody.rows.length >= 3) makeSortable(table, tbody);
      if (tbody.rows.length > 8) makeFilter(table, box, tbody);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
