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
   Untrusted text only ever enters the page through textContent.

   The index comes in pieces (plugins/search/indexing.py says the format):
   index.json (fields, document lengths, where each term shard starts), then
   only the term shards a query's words need and the store chunks of the
   results shown. Each shard is rehydrated into one lunr.Index as it arrives:
   postings, and the field vectors recomputed with lunr's BM25 formula, so
   lunr.Index.query scores exactly as on the index lunr.py built. */
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

  // lunr's BM25 parameters (lunr.Builder defaults, also lunr.py's).
  var K1 = 1.2;
  var B = 0.75;

  var manifest = null;
  var index = null;
  var tokenSets = [];
  var shards = [];
  var storeChunks = [];
  var latest = 0;
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

  /* Stems are remembered: highlighting stems every word of up to fifty
     titles and summaries on each keystroke, mostly the same words. */
  var stems = new Map();

  function stem(word) {
    var found = stems.get(word);
    if (found === undefined) {
      found = stemmer(new lunr.Token(word)).toString();
      stems.set(word, found);
    }
    return found;
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
    var ref = Number(result.ref);
    var document_ = storeChunks[Math.floor(ref / manifest.store_chunk)][ref % manifest.store_chunk];
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

  function render(text, found, announceNow) {
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

  /* Search once the shards its words need are here, then fetch the store
     chunks of the results shown; a later keystroke makes an earlier one's
     results obsolete. */
  function update(announceNow) {
    var text = input.value;
    var ticket = ++latest;
    remember(text);
    if (!index) {
      return;
    }
    var terms = analyse(text);
    prepare(terms).then(function () {
      var found;
      try {
        found = search(text);
      } catch (error) {
        // Whatever lunr objects to, the visitor sees the no-result state.
        found = { terms: [], results: [], partial: false };
      }
      return loadStore(found.results.slice(0, MAX_SHOWN)).then(function () { return found; });
    }).then(function (found) {
      if (ticket === latest) {
        render(text, found, announceNow);
      }
    }).catch(function () {
      if (ticket === latest) {
        setStatus(message("failed"), true);
        suggestions.hidden = false;
      }
    });
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

  var indexUrl = new URL(root.getAttribute("data-index"), window.location.href);

  /* A file beside index.json, with index.json's ?v= so browsers never mix builds. */
  function fetchJson(name) {
    var url = new URL(name, indexUrl);
    url.search = indexUrl.search;
    return fetch(url.toString()).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* The shard holding a term (shards are contiguous ranges of sorted terms). */
  function shardOf(term) {
    var low = 0;
    var high = manifest.shards.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (manifest.shards[middle] <= term) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  /* Every shard that may hold a term starting with ``prefix``. */
  function shardsFrom(prefix) {
    var found = [];
    for (var number = shardOf(prefix); number <= shardOf(prefix + "\uffff"); number++) {
      found.push(number);
    }
    return found;
  }

  /* Postings and field vectors of one shard, added to the index. */
  function addShard(number, data) {
    var fields = manifest.fields;
    var count = manifest.documents;
    data.terms.forEach(function (term, position) {
      var posting = { _index: number * 1000000 + position };
      fields.forEach(function (field) { posting[field] = {}; });
      var found = [];
      data.postings[position].forEach(function (encoded) {
        var ref = -1;
        for (var i = 1; i < encoded.length; i++) {
          var gap = encoded[i];
          var tf = 1;
          if (gap < 0) { tf = encoded[++i]; gap = -gap; }
          ref += gap;
          found.push([encoded[0], ref, tf]);
        }
      });
      var idf = Math.log(1 + Math.abs((count - found.length + 0.5) / (found.length + 0.5)));
      found.forEach(function (entry) {
        var field = entry[0];
        var ref = entry[1];
        var tf = entry[2];
        var length = manifest.lengths[field][ref];
        var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / manifest.averages[field])) + tf);
        score *= manifest.boosts[field];
        posting[fields[field]][ref] = {};
        var key = fields[field] + "/" + ref;
        var vector = index.fieldVectors[key] || (index.fieldVectors[key] = new lunr.Vector());
        // Rounded as lunr.py rounds (round(score, 3)).
        vector.insert(posting._index, Number(score.toFixed(3)));
      });
      index.invertedIndex[term] = posting;
    });
    tokenSets.push(lunr.TokenSet.fromArray(data.terms));
  }

  function loadShards(numbers) {
    return Promise.all(numbers.map(function (number) {
      if (!shards[number]) {
        shards[number] = fetchJson("terms-" + twoDigits(number) + ".json").then(function (data) {
          addShard(number, data);
        }).catch(function (error) {
          shards[number] = null;
          throw error;
        });
      }
      return shards[number];
    }));
  }

  /* Load what a query's words can reach: each stem's shard (and, while typed,
     the shards of its prefix); then, for a word of five letters or more that
     reaches nothing, the shards a one-letter typo after its first two can
     reach (a typo in the first two letters is matched among loaded terms). */
  function prepare(terms) {
    var wanted = [];
    terms.forEach(function (term) {
      wanted = wanted.concat(term.prefix && term.stem.length >= 2 ? shardsFrom(term.stem) : [shardOf(term.stem)]);
    });
    return loadShards(wanted).then(function () {
      var more = [];
      terms.forEach(function (term) {
        var plain = [{ term: term.stem }];
        if (term.prefix && term.stem.length >= 2) {
          plain.push({ term: term.stem, wildcard: lunr.Query.wildcard.TRAILING });
        }
        if (term.word.length >= FUZZY_MIN_LENGTH && !Object.keys(reachedTerms(plain)).length) {
          more = more.concat(shardsFrom(term.stem.slice(0, 2)), shardsFrom(term.word.slice(0, 2)));
        }
      });
      return loadShards(more);
    });
  }

  function loadStore(results) {
    return Promise.all(results.map(function (result) {
      var number = Math.floor(Number(result.ref) / manifest.store_chunk);
      if (!storeChunks[number]) {
        storeChunks[number] = fetchJson("store-" + twoDigits(number) + ".json").then(function (chunk) {
          storeChunks[number] = chunk;
          return chunk;
        }, function (error) {
          storeChunks[number] = null;
          throw error;
        });
      }
      return storeChunks[number];
    }));
  }

  /* One lunr.TokenSet per loaded shard: lunr asks the index's tokenSet only
     to intersect it with a query term's. */
  var shardedTokenSet = {
    intersect: function (other) {
      var words = [];
      tokenSets.forEach(function (tokenSet) { words = words.concat(tokenSet.intersect(other).toArray()); });
      return { toArray: function () { return words; } };
    }
  };

  function load() {
    var query = new URL(window.location.href).searchParams.get("q") || "";
    input.value = query;
    if (query.trim()) {
      setStatus(message("loading"), true);
    }
    fetchJson(indexUrl.pathname.split("/").pop()).then(function (data) {
      manifest = data;
      manifest.averages = data.lengths.map(function (lengths) {
        var total = lengths.reduce(function (sum, length) { return sum + length; }, 0);
        return data.documents ? total / data.documents : 0;
      });
      index = new lunr.Index({
        invertedIndex: Object.create(null),
        fieldVectors: Object.create(null),
        tokenSet: shardedTokenSet,
        fields: data.fields,
        pipeline: lunr.Pipeline.load(data.pipeline)
      });
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
