// The site's additions to Decap CMS (plugins/cms writes this file into
// /admin/): formats for the registries, preview templates that look like the
// site's pages and use its labels, then Decap's start (CMS_MANUAL_INIT).
// Data from the build is in <script id="cms-site">: the theme's strings of
// each language, the registries' header comments and field order, and the
// site's stylesheets.
(function () {
  "use strict";
  var site = JSON.parse(document.getElementById("cms-site").textContent);

  // --- registries: data/<name>.yaml is a bare list; Decap edits an object
  // whose "entries" field is that list. YAML 1.2 core schema: dates stay text,
  // as the site reads them. An emptied field is left out, as if never written.
  function pruned(value) {
    if (Array.isArray(value)) {
      return value.map(pruned).filter(function (v) { return v !== undefined; });
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var v = pruned(value[key]);
        if (v !== undefined) { out[key] = v; }
      });
      return Object.keys(out).length ? out : undefined;
    }
    return value === "" || value === null ? undefined : value;
  }
  function ordered(entry, order) {
    var rank = function (key) { var i = order.indexOf(key); return i < 0 ? order.length : i; };
    var out = {};
    Object.keys(entry).sort(function (a, b) { return rank(a) - rank(b); }).forEach(function (key) {
      out[key] = entry[key];
    });
    return out;
  }
  Object.keys(site.formats).forEach(function (name) {
    var header = site.formats[name].header;
    var order = site.formats[name].order;
    CMS.registerCustomFormat(name, "yaml", {
      fromFile: function (text) {
        return { entries: jsyaml.safeLoad(text, { schema: jsyaml.CORE_SCHEMA }) || [] };
      },
      toFile: function (data) {
        var entries = (pruned(data.entries || []) || []).map(function (entry) { return ordered(entry, order); });
        return header + jsyaml.safeDump(entries, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true });
      }
    });
  });

  // --- previews ------------------------------------------------------------
  site.styles.forEach(function (href) { CMS.registerPreviewStyle(href); });

  function stringsFor(props) {
    var lang = props.locale || site.default_lang;
    return site.labels[lang] || site.labels[site.default_lang];
  }
  function reader(entry) {
    var data = entry.get("data");
    return function (key) {
      var value = data && data.get(key);
      return value && value.toJS ? value.toJS() : value;
    };
  }
  // "2027-03-31 12:00" -> "31 marzo 2027", as the site's longdate filter writes it.
  function longDate(value, S) {
    if (value instanceof Date) {
      value = value.getFullYear() + "-" + (value.getMonth() + 1) + "-" + value.getDate();
    }
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value || "");
    if (!m) { return value || ""; }
    // The same placeholders as languages.strings.long_date: Italian writes the first of the month "1°".
    var day = +m[3];
    return S.date_format.replace("{day}", String(day)).replace("{day_ordinal_1}", day === 1 ? "1°" : String(day))
      .replace("{month}", S.months[+m[2] - 1]).replace("{year}", m[1]);
  }
  function keyFacts(facts, S) {
    var rows = facts.filter(function (pair) { return pair[1]; }).map(function (pair) {
      return h("div", { className: "key-fact", key: pair[0] }, h("dt", null, pair[0]), h("dd", null, pair[1]));
    });
    return h("section", { className: "key-facts", "aria-label": S.key_facts },
      h("h2", { className: "key-facts-title" }, S.key_facts), h("dl", null, rows));
  }
  function codeLabels(codes, values, vocabulary) {
    return [].concat(values || []).map(function (code) {
      return (codes[vocabulary] || {})[code] || code;
    }).join(", ");
  }
  function amountText(amount) {
    if (amount === undefined || amount === null || amount === "") { return ""; }
    if (typeof amount === "number") { return "€\u00a0" + amount; }
    return ["min", "max", "total"].filter(function (k) { return amount[k] !== undefined && amount[k] !== ""; })
      .map(function (k) { return k + " €\u00a0" + amount[k]; }).join(" · ");
  }
  var FACTS = {
    news: function () { return null; },
    cases: function (get, S) {
      return keyFacts([
        [S.case.company, get("company")],
        [S.case.sector, codeLabels(S.codes, get("sector"), "sector")],
        [S.case.municipio, get("municipio")],
        [S.case.website, get("website")]
      ], S);
    },
    opportunities: function (get, S) {
      var F = S.opportunity.facts;
      return keyFacts([
        [F.opens, longDate(get("opens"), S)],
        [F.deadline, longDate(get("deadline"), S)],
        [F.amount, amountText(get("amount"))],
        [F.audience, codeLabels(S.codes, get("audience"), "audience")],
        [F.apply, get("apply_url")]
      ], S);
    }
  };
  function itemPreview(section) {
    return function (props) {
      var S = stringsFor(props);
      var get = reader(props.entry);
      var image = get("image");
      return h("article", { className: "item item-" + section },
        h("header", { className: "item-header" },
          h("p", { className: "item-kicker" }, S.sections[section]),
          h("h1", null, get("title")),
          h("p", { className: "item-summary" }, get("summary")),
          h("p", { className: "item-dates" }, S.published_on + " ", h("time", null, longDate(get("date"), S))),
          get("example") ? h("p", { className: "example-note" },
            h("span", { className: "badge badge-info" }, S.example_content)) : null),
        image ? h("figure", { className: "item-image" },
          h("img", { src: props.getAsset(image).toString(), alt: get("image_alt") || "" })) : null,
        FACTS[section](get, S),
        h("div", { className: "item-body" }, props.widgetFor("body")),
        (get("tags") || []).length ? h("p", { className: "item-tags" }, S.tags + ": " + get("tags").join(", ")) : null);
    };
  }
  ["news", "cases", "opportunities"].forEach(function (section) {
    CMS.registerPreviewTemplate(section, itemPreview(section));
  });

  CMS.init();
}());
