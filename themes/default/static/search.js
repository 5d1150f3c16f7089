// verbatim search: runs in the browser, from file:// or any sub-path, with no server.
// The index is JavaScript files (search/meta.js, search/shards/*.js, search/docs/*.js)
// loaded with <script src>, because fetch() is refused on file:// pages. A query
// loads only the shards of its words and the document chunks it shows.
(function () {
  "use strict";

  var meta = window.verbatimSearchMeta;
  var results = document.querySelector(".search-results");
  var input = document.getElementById("search-q");
  var statusLine = document.querySelector(".search-status");
  var more = document.querySelector(".search-more");
  if (!meta || !results || !input) return;

  var PAGE = 20;
  var root = results.getAttribute("data-root") || "../";
  var shards = {};   // key -> {term: "delta,coded"} once loaded
  var decoded = {};  // term -> [doc numbers]
  var chunks = {};   // chunk number -> rows
  var pending = {};  // script src -> Promise
  var stop = {};
  meta.stop.forEach(function (w) { stop[w] = true; });

  window.verbatimSearch = {
    shard: function (key, terms) { shards[key] = terms; },
    docs: function (n, rows) { chunks[n] = rows; }
  };

  function load(src) {
    if (!pending[src]) {
      pending[src] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () { resolve(true); };
        s.onerror = function () { resolve(false); };
        document.head.appendChild(s);
      });
    }
    return pending[src];
  }

  // The same terms as the index (src/search.rs): fold case and accents, split on
  // anything but a-z0-9, drop one-letter words and stop words.
  function terms(text) {
    var out = [];
    text.split(/[^\p{L}\p{N}]+/u).forEach(function (word) {
      if (!word) return;
      word.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .split(/[^a-z0-9]+/).forEach(function (t) {
          if (t.length > 1 && !stop[t]) out.push(t);
        });
    });
    return out;
  }

  // The shard a whole term lives in: the longest shard key it starts with.
  function shardOf(term) {
    var best = null;
    meta.shards.forEach(function (k) {
      if (term.lastIndexOf(k, 0) === 0 && (!best || k.length > best.length)) best = k;
    });
    return best;
  }

  // Shards that may hold terms starting with `prefix`.
  function shardsOfPrefix(prefix) {
    var keys = meta.shards.filter(function (k) { return k.lastIndexOf(prefix, 0) === 0; });
    var home = shardOf(prefix);
    if (home && keys.indexOf(home) < 0) keys.push(home);
    return keys;
  }

  function postings(term, key) {
    if (decoded[term]) return decoded[term];
    var coded = shards[key] && shards[key][term];
    var list = [];
    if (coded) {
      var n = 0;
      coded.split(",").forEach(function (d) { n += parseInt(d, 36); list.push(n); });
    }
    decoded[term] = list;
    return list;
  }

  function docsFor(term, prefix) {
    if (!prefix) {
      var key = shardOf(term);
      return key ? postings(term, key) : [];
    }
    var seen = {};
    shardsOfPrefix(term).forEach(function (key) {
      Object.keys(shards[key] || {}).forEach(function (t) {
        if (t.lastIndexOf(term, 0) === 0) postings(t, key).forEach(function (d) { seen[d] = true; });
      });
    });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function highlight(parent, text, words) {
    if (!words.length) { parent.appendChild(document.createTextNode(text)); return; }
    var pattern = new RegExp("(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi");
    text.split(pattern).forEach(function (part, i) {
      if (i % 2 === 1) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        parent.appendChild(mark);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function link(url, text) {
    var a = document.createElement("a");
    a.href = root + url;
    a.textContent = text;
    return a;
  }

  function render(row, words) {
    var kind = row[0], url = row[1], title = row[2], who = row[3], date = row[4];
    var li = document.createElement("li");
    li.className = "search-result result-" + kind;
    if (kind === "q") {
      var figure = document.createElement("figure");
      figure.className = "quote-card";
      var quote = document.createElement("blockquote");
      var p = document.createElement("p");
      highlight(p, title, words);
      quote.appendChild(p);
      var caption = document.createElement("figcaption");
      caption.appendChild(document.createTextNode("— " + who + (date ? ", " + date + " · " : " · ")));
      caption.appendChild(link(url, "Quote page"));
      figure.appendChild(quote);
      figure.appendChild(caption);
      li.appendChild(figure);
    } else {
      var label = document.createElement("span");
      label.className = "result-kind";
      label.textContent = kind === "o" ? "Opportunity" : "Call";
      li.appendChild(label);
      li.appendChild(document.createTextNode(" "));
      var a = link(url, "");
      highlight(a, title, words);
      li.appendChild(a);
      var detail = document.createElement("div");
      detail.className = "muted";
      detail.textContent = who + (date ? " · " + date : "");
      li.appendChild(detail);
    }
    return li;
  }

  var current = { query: null, docs: [], shown: 0, words: [] };

  function showMore() {
    var batch = current.docs.slice(current.shown, current.shown + PAGE);
    var query = current.query;
    var needed = {};
    batch.forEach(function (d) { needed[Math.floor(d / meta.chunk)] = true; });
    Promise.all(Object.keys(needed).map(function (n) { return load("docs/" + n + ".js"); })).then(function () {
      if (query !== current.query) return;
      batch.forEach(function (d) {
        var rows = chunks[Math.floor(d / meta.chunk)];
        var row = rows && rows[d % meta.chunk];
        if (row) results.appendChild(render(row, current.words));
      });
      current.shown += batch.length;
      if (more) more.hidden = current.shown >= current.docs.length;
    });
  }

  function run(query) {
    if (query === current.query) return;
    current = { query: query, docs: [], shown: 0, words: [] };
    results.textContent = "";
    if (more) more.hidden = true;
    var words = terms(query);
    var last = words.length && !/\s$/.test(query) && words[words.length - 1].length >= 3;
    if (!words.length) {
      statusLine.textContent = query.trim() ? "Type longer or less common words." : "Type a word or a phrase.";
      return;
    }
    var keys = {};
    words.forEach(function (w, i) {
      var prefix = last && i === words.length - 1;
      (prefix ? shardsOfPrefix(w) : [shardOf(w)]).forEach(function (k) { if (k) keys[k] = true; });
    });
    statusLine.textContent = "Searching…";
    Promise.all(Object.keys(keys).map(function (k) { return load("shards/" + k + ".js"); })).then(function () {
      if (query !== current.query) return;
      var docs = null;
      words.forEach(function (w, i) {
        var found = docsFor(w, last && i === words.length - 1);
        docs = docs === null ? found : intersect(docs, found);
      });
      current.docs = docs || [];
      current.words = words;
      var n = current.docs.length;
      statusLine.textContent = n === 0 ? "No quote, call or opportunity has all of these words."
        : n + (n === 1 ? " result" : " results") + " for “" + query.trim() + "”";
      showMore();
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      run(input.value);
      try {
        history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      } catch (e) { /* some file:// setups refuse; the search still works */ }
    }, 120);
  });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(input.value);
  });
  if (more) more.addEventListener("click", showMore);

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
