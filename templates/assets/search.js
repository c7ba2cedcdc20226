/* jaring search.js: offline site search over window.JARING_SEARCH (set by a
   script loaded before this one). Matches every query word at the start of a
   word or number of the page ("8" finds 8 and 8.123, not every 8 inside
   987.485; "670" finds Rp670.680.000),
   ignoring case and accents; titles rank first, then number of occurrences. A result links to
   the figure its first match is in (the page's `anchors`: where each
   figure's words start in its text). Page text is only ever inserted with
   textContent, so it can never become markup. */
(function () {
  'use strict';
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var pages = window.JARING_SEARCH;
  if (!input || !status || !list || !Array.isArray(pages)) return;
  var isId = (document.documentElement.lang || '').slice(0, 2).toLowerCase() === 'id';
  var MAX = 20, index = null, timer = 0;

  function fold(s) { return String(s || '').normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase(); }

  // Index in `text` where its folded prefix reaches length k (skipping trailing marks).
  function toOriginal(text, k) {
    var n = 0, i = 0;
    while (i < text.length && n < k) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      n += fold(ch).length;
      i += ch.length;
    }
    while (i < text.length && fold(text[i]) === '') i++;
    return i;
  }

  var LETTER = /\p{L}/u, DIGIT = /\p{N}/u;

  // Whether a word of `hay` starts at `at`: not right after a character
  // of its own kind (a letter after a letter, a digit after a digit, so
  // 670 is found in Rp670.680.000), nor after the separator inside a
  // number (the 8 of 9.862.206 is none).
  function startsWord(hay, at) {
    if (at === 0) return true;
    var before = hay[at - 1], first = hay[at];
    if (LETTER.test(first) ? LETTER.test(before) : DIGIT.test(first) && DIGIT.test(before)) return false;
    return !(DIGIT.test(first) && (before === '.' || before === ',') && at > 1 && DIGIT.test(hay[at - 2]));
  }

  // Where `word` next starts a word of `hay` from `from`; -1 when nowhere.
  function wordAt(hay, word, from) {
    for (var at = hay.indexOf(word, from); at !== -1; at = hay.indexOf(word, at + 1)) {
      if (startsWord(hay, at)) return at;
    }
    return -1;
  }

  function count(hay, word) {
    for (var n = 0, at = wordAt(hay, word, 0); at !== -1; at = wordAt(hay, word, at + word.length)) n++;
    return n;
  }

  // Where in the page's text the first query word found starts; -1 when
  // only its title matched.
  function firstMatch(page, entry, words) {
    var first = -1;
    words.forEach(function (w) {
      var at = wordAt(entry.text, w, 0);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    return first === -1 ? -1 : toOriginal(String(page.text || ''), first);
  }

  // The anchor of the figure whose words hold the text at `at`; '' for
  // text outside the figures (an empty anchor starts it).
  function anchorAt(page, at) {
    var found = '';
    (Array.isArray(page.anchors) ? page.anchors : []).forEach(function (a) {
      if (at !== -1 && a[0] <= at) found = /^[A-Za-z0-9_-]+$/.test(a[1]) ? a[1] : '';
    });
    return found;
  }

  // The text around the first match (at `o`), with every query word inside
  // it marked.
  function snippet(page, o, words) {
    var text = String(page.text || '');
    var p = document.createElement('p');
    var start = 0, end = Math.min(text.length, 160);
    if (o !== -1) {
      start = Math.max(0, o - 60);
      end = Math.min(text.length, o + 160);
      var sp = text.indexOf(' ', start);
      if (start > 0 && sp !== -1 && sp < o) start = sp + 1;
    }
    var ep = text.lastIndexOf(' ', end);
    if (end < text.length && ep > start + 80) end = ep;
    var part = text.slice(start, end), fp = fold(part), pos = 0, i = 0;
    if (start > 0) p.appendChild(document.createTextNode('…'));
    while (i < fp.length) {
      var hit = startsWord(fp, i) && words.filter(function (w) { return fp.startsWith(w, i); })
        .sort(function (a, b) { return b.length - a.length; })[0];
      if (!hit) { i++; continue; }
      var a = toOriginal(part, i), b = toOriginal(part, i + hit.length);
      if (a > pos) p.appendChild(document.createTextNode(part.slice(pos, a)));
      var mark = document.createElement('mark');
      mark.textContent = part.slice(a, b);
      p.appendChild(mark);
      pos = b;
      i += hit.length;
    }
    p.appendChild(document.createTextNode(part.slice(pos) + (end < text.length ? '…' : '')));
    return p;
  }

  function search() {
    clearTimeout(timer);
    var q = input.value.replace(/\s+/g, ' ').trim();
    list.textContent = '';
    if (!q) { status.textContent = ''; return; }
    index = index || pages.map(function (p, n) { return { n: n, title: fold(p.title), text: fold(p.text) }; });
    var words = fold(q).split(/\s+/).filter(function (w, i, all) { return w && all.indexOf(w) === i; });
    var found = [];
    if (!words.length) { status.textContent = ''; return; }
    index.forEach(function (e) {
      var inTitle = 0, hits = 0;
      var ok = words.every(function (w) {
        var t = wordAt(e.title, w, 0) !== -1, c = count(e.text, w);
        inTitle += t ? 1 : 0;
        hits += c;
        return t || c > 0;
      });
      if (ok) found.push({ e: e, inTitle: inTitle, hits: hits });
    });
    found.sort(function (a, b) { return b.inTitle - a.inTitle || b.hits - a.hits || a.e.n - b.e.n; });
    var frag = document.createDocumentFragment();
    found.slice(0, MAX).forEach(function (r) {
      var page = pages[r.e.n], li = document.createElement('li'), a = document.createElement('a');
      var at = firstMatch(page, r.e, words), anchor = anchorAt(page, at);
      var url = String(page.url || '') + (anchor ? '#' + anchor : '');
      if (!/^\s*(javascript|data|vbscript):/i.test(url)) a.setAttribute('href', url);
      a.textContent = page.title;
      li.appendChild(a);
      li.appendChild(snippet(page, at, words));
      frag.appendChild(li);
    });
    list.appendChild(frag);
    var n = found.length, quoted = '\u201c' + q + '\u201d';
    status.textContent = isId
      ? (n ? n + ' hasil untuk ' : 'Tidak ada hasil untuk ') + quoted
      : (n ? n + (n === 1 ? ' result for ' : ' results for ') : 'No results for ') + quoted;
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  var form = input.form || input.closest('form');
  if (form) form.addEventListener('submit', function (ev) { ev.preventDefault(); search(); });
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) { input.value = q; search(); }
})();
