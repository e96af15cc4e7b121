/* Live search on the search page (progressive enhancement: without this
   script the page offers its sections and topics instead).

   The index is built by plugins/search with the same analysis as here:
   words are runs of letters and digits, stop words are dropped, each word is
   stemmed by lunr (English) or lunr-languages (Italian). Queries are built
   with lunr's query API, never its query-string parser, so a visitor's
   "+", ":", "~", "*" or "^" is just punctuation and no QueryParseError can
   happen. Every word must match (falling back to "some words" when nothing
   matches all); a word of five letters or more that matches nothing is
   taken as a typo and fuzzy-matched, both as its stem and unstemmed (lunr
   would stem a "lase~1" before matching it, missing "laser").
   Untrusted text only ever enters the page through textContent. */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root || typeof window.lunr === "undefined") {
    return;
  }
  var lunr = window.lunr;
  var MAX_SHOWN = 50;
  var FUZZY_MIN_LENGTH = 5;
  var STATUS_DELAY_MS = 600;
  var WORD = /[\p{L}\p{N}]+/gu;

  var lang = root.getAttribute("data-lang");
  var siteurl = root.getAttribute("data-siteurl") || "";
  var form = root.querySelector("form");
  var input = document.getElementById("search-page-q");
  var status = document.getElementById("search-status");
  var partial = document.getElementById("search-partial");
  var list = document.getElementById("search-results");
  var suggestions = document.getElementById("search-suggestions");
  var originalTitle = document.title;
  document.getElementById("search-nojs").hidden = true;

  var language = lang !== "en" && lunr[lang] ? lunr[lang] : null;
  var stemmer = language ? language.stemmer : lunr.stemmer;
  var stopWordFilter = language ? language.stopWordFilter : lunr.stopWordFilter;

  var index = null;
  var store = null;
  var statusTimer = null;

  function message(name, values) {
    var text = root.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function words(text) {
    return text.normalize("NFC").toLowerCase().match(WORD) || [];
  }

  function stem(word) {
    return stemmer(new lunr.Token(word)).toString();
  }

  function isStopWord(word) {
    return !stopWordFilter(new lunr.Token(word));
  }

  /* The words of a query that search anything, each with its stem; the last
     one is also matched as a prefix while it is being typed. */
  function analyse(text) {
    var all = words(text);
    var typing = /[\p{L}\p{N}]$/u.test(text);
    var kept = [];
    all.forEach(function (word, position) {
      if (!isStopWord(word)) {
        kept.push({ word: word, stem: stem(word), prefix: typing && position === all.length - 1 });
      }
    });
    return kept;
  }

  /* lunr clauses for one query word: its stem (exact, and as a prefix while
     typed); only when those reach no indexed term, and on words of five
     letters or more, the stem and the word itself within one edit (a typo).
     A correctly spelled word is thus never stretched to its neighbours. */
  function clausesFor(term) {
    var clauses = [{ term: term.stem, usePipeline: false, boost: 10 }];
    if (term.prefix && term.stem.length >= 2) {
      clauses.push({ term: term.stem, usePipeline: false, boost: 2, wildcard: lunr.Query.wildcard.TRAILING });
    }
    if (term.word.length < FUZZY_MIN_LENGTH || Object.keys(reachedTerms(clauses)).length) {
      return clauses;
    }
    // A short stem is too common a string to stretch by one letter.
    if (term.stem.length >= FUZZY_MIN_LENGTH) {
      clauses.push({ term: term.stem, usePipeline: false, boost: 1, editDistance: 1 });
    }
    if (term.word !== term.stem) {
      clauses.push({ term: term.word, usePipeline: false, boost: 1, editDistance: 1 });
    }
    return clauses;
  }

  /* The index terms a word's clauses reach, as lunr itself expands them. */
  function reachedTerms(clauses) {
    var reached = {};
    clauses.forEach(function (clause) {
      var pattern = clause.wildcard ? clause.term + "*" : clause.term;
      var wanted = clause.editDistance
        ? lunr.TokenSet.fromFuzzyString(pattern, clause.editDistance)
        : lunr.TokenSet.fromString(pattern);
      index.tokenSet.intersect(wanted).toArray().forEach(function (term) { reached[term] = true; });
    });
    return reached;
  }

  /* {terms, results, partial}: results match every word when any do. */
  function search(text) {
    var terms = analyse(text);
    if (!terms.length) {
      return { terms: terms, results: [], partial: false };
    }
    var clauses = terms.map(clausesFor);
    var results = index.query(function (query) {
      clauses.forEach(function (wordClauses) {
        wordClauses.forEach(function (clause) { query.term(clause.term, Object.assign({}, clause)); });
      });
    });
    if (terms.length < 2 || !results.length) {
      return { terms: terms, results: results, partial: false };
    }
    var reachedByWord = clauses.map(reachedTerms);
    var complete = results.filter(function (result) {
      var matched = Object.keys(result.matchData.metadata);
      return reachedByWord.every(function (reached) {
        return matched.some(function (term) { return reached[term]; });
      });
    });
    return complete.length
      ? { terms: terms, results: complete, partial: false }
      : { terms: terms, results: results, partial: true };
  }

  /* Text with the words whose stem was matched wrapped in <mark>. */
  function highlighted(text, matched) {
    var fragment = document.createDocumentFragment();
    var source = String(text || "").normalize("NFC");
    var last = 0;
    var pattern = new RegExp(WORD.source, "gu");
    var match;
    while ((match = pattern.exec(source)) !== null) {
      var word = match[0].toLowerCase();
      if (!isStopWord(word) && matched[stem(word)]) {
        fragment.appendChild(document.createTextNode(source.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        fragment.appendChild(mark);
        last = match.index + match[0].length;
      }
    }
    fragment.appendChild(document.createTextNode(source.slice(last)));
    return fragment;
  }

  function href(url) {
    return /^https?:\/\//.test(url) ? url : siteurl + "/" + url;
  }

  function resultItem(result) {
    var document_ = store[Number(result.ref)];
    var matched = {};
    Object.keys(result.matchData.metadata).forEach(function (term) { matched[term] = true; });

    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = href(document_.url);
    link.appendChild(highlighted(document_.title, matched));
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    var section = document.createElement("span");
    section.className = "search-result-section";
    section.textContent = document_.section;
    meta.appendChild(section);
    if (document_.example) {
      /* Examples exist only in preview builds; the mark says so in the results too. */
      var mark = document.createElement("span");
      mark.className = "badge badge-example";
      mark.textContent = root.getAttribute("data-msg-example");
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(mark);
    }
    if (document_.date) {
      var time = document.createElement("time");
      time.dateTime = document_.datetime;
      time.textContent = document_.date;
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(time);
    }
    item.appendChild(meta);

    if (document_.summary) {
      var summary = document.createElement("p");
      summary.className = "search-result-summary";
      summary.appendChild(highlighted(document_.summary, matched));
      item.appendChild(summary);
    }
    return item;
  }

  function countMessage(text, found) {
    if (!text.trim()) {
      return message("empty");
    }
    if (!found.results.length) {
      return message("none", { query: text.trim() });
    }
    var name = found.results.length === 1 ? "count-one" : "count-many";
    return message(name, { count: found.results.length, query: text.trim() });
  }

  function setStatus(text, now) {
    clearTimeout(statusTimer);
    var update = function () {
      if (status.textContent !== text) {
        status.textContent = text;
      }
    };
    if (now) {
      update();
    } else {
      // A screen reader hears the count once typing pauses, not per key.
      statusTimer = setTimeout(update, STATUS_DELAY_MS);
    }
  }

  function remember(text) {
    var url = new URL(window.location.href);
    if (text.trim()) {
      url.searchParams.set("q", text);
      document.title = message("title", { query: text.trim() });
    } else {
      url.searchParams.delete("q");
      document.title = originalTitle;
    }
    window.history.replaceState(null, "", url.toString());
  }

  function render(text, announceNow) {
    var found;
    try {
      found = search(text);
    } catch (error) {
      // Whatever lunr objects to, the visitor sees the no-result state.
      found = { terms: [], results: [], partial: false };
    }
    var shown = found.results.slice(0, MAX_SHOWN);
    var items = document.createDocumentFragment();
    shown.forEach(function (result) { items.appendChild(resultItem(result)); });
    list.replaceChildren(items);
    list.hidden = shown.length === 0;
    partial.hidden = !found.partial;
    suggestions.hidden = !(text.trim() && found.results.length === 0);
    setStatus(countMessage(text, found), announceNow);
    root.setAttribute("data-rendered-query", text);
    root.dispatchEvent(new CustomEvent("search:rendered", { detail: { query: text, count: found.results.length } }));
  }

  function update(announceNow) {
    var text = input.value;
    remember(text);
    if (index && store) {
      render(text, announceNow);
    }
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result-title a"));
  }

  /* Arrow keys move between the field and the results; Escape returns. */
  function onKeydown(event) {
    var links = resultLinks();
    var position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      links[Math.min(position + 1, links.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && position >= 0) {
      (position === 0 ? input : links[position - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape" && position >= 0) {
      input.focus();
      event.preventDefault();
    }
  }

  function load() {
    var query = new URL(window.location.href).searchParams.get("q") || "";
    input.value = query;
    if (query.trim()) {
      setStatus(message("loading"), true);
    }
    Promise.all([
      fetch(root.getAttribute("data-index")).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }),
      fetch(root.getAttribute("data-store")).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
    ]).then(function (files) {
      index = lunr.Index.load(files[0]);
      store = files[1];
      root.setAttribute("data-search-ready", "true");
      if (input.value.trim()) {
        update(true);
      }
    }).catch(function () {
      setStatus(message("failed"), true);
      suggestions.hidden = false;
    });
  }

  input.addEventListener("input", function () { update(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(true);
  });
  input.addEventListener("keydown", onKeydown);
  list.addEventListener("keydown", onKeydown);
  load();
}());

/* The language switch keeps the query: the other language's search link
   gets the field's words as ?q=, on load and as the visitor types. Kept
   apart from the live search above, so it works even when the index fails. */
(function () {
  "use strict";

  var field = document.getElementById("search-page-q");
  var links = document.querySelectorAll(".lang-switch a[hreflang]");
  if (!field || !links.length) {
    return;
  }

  function carry() {
    var words = field.value.trim();
    links.forEach(function (link) {
      var target = new URL(link.href, window.location.href);
      if (words) {
        target.searchParams.set("q", words);
      } else {
        target.searchParams.delete("q");
      }
      link.href = target.toString();
    });
  }

  if (!field.value) {
    field.value = new URL(window.location.href).searchParams.get("q") || "";
  }
  carry();
  field.addEventListener("input", carry);
}());
