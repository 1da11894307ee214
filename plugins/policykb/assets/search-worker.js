/*
 * policykb search worker. Speaks Material for MkDocs' search worker protocol
 * (SETUP 0, READY 1, QUERY 2, RESULT 3), so Material's search box and result
 * list are used unchanged, but answers from policykb's own index:
 *   - Chinese: every segment of a query counts; a segment matches a page that
 *     contains all of its character bigrams (any substring of 2+ characters);
 *   - pinyin: full pinyin with or without spaces, and initials, match titles;
 *   - a Chinese segment that matches nothing is retried by its pinyin
 *     (homophone typos such as 村物监督);
 *   - a title match ranks above a mention in the text.
 * Index files are JavaScript loaded with importScripts, so the same worker
 * runs from a web server and, through the iframe-worker shim, from disk.
 */
"use strict";

var SYLLABLES = new Set("a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo".split(" "));
/* in a real worker importScripts is synchronous; in the iframe-worker shim used
   for file:// it returns a Promise and the script's URL is document.currentScript */
var HERE = (typeof document !== "undefined" && document.currentScript)
  ? document.currentScript.src : self.location.href;
var BASE = new URL("../../search/policykb/", HERE).href;
var meta = null;
var vocab = null;
var readings = null;
var maxWord = 2;
var missing = new Set();
var SNIPPETS = 10;  /* results shown with a snippet (the first screen); the rest show title and kind */
var HAN = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[+.-][a-z0-9]+)*/g;

var SHIM = typeof document !== "undefined";

function load(name) {
  var result = importScripts(BASE + name);
  return result && typeof result.then === "function" ? result : Promise.resolve();
}

/* a term or snippet file is "(self.__kbX=self.__kbX||{})[N]=<JSON>;" */
function install(name, text) {
  var table = name[0] === "t" ? "__kbTerms" : "__kbSnips";
  var number = parseInt(name.slice(1), 10);
  (self[table] = self[table] || {})[number] = JSON.parse(text.slice(text.indexOf("]=") + 2, text.lastIndexOf(";")));
}

/* load several term or snippet files at once: importScripts in a worker fetches
   one file after the other, so fetch them side by side and parse the JSON;
   the file:// shim (whose importScripts is already asynchronous) and any
   failed fetch fall back to importScripts. A file already on its way (asked
   for by the query of the previous key stroke) is not asked for again. */
var requested = {};
function loadAll(names) {
  var todo = names.filter(function (name) { return !requested[name]; });
  if (todo.length) {
    var loading = (SHIM || typeof fetch !== "function" || todo.length < 2)
      ? Promise.all(todo.map(load)) : fetchAll(todo);
    todo.forEach(function (name) { requested[name] = loading; });
    loading.catch(function () { todo.forEach(function (name) { delete requested[name]; }); });
  }
  return Promise.all(names.map(function (name) { return requested[name]; }));
}

function fetchAll(names) {
  return Promise.all(names.map(function (name) {
    return fetch(BASE + name).then(function (response) {
      if (!response.ok) throw new Error(name);
      return response.text();
    }).then(function (text) { install(name, text); });
  })).catch(function () { return Promise.all(names.map(load)); });
}

function setup() {
  if (meta) return Promise.resolve();
  return load("meta.js").then(function () {
    meta = self.__kbMeta;
    vocab = new Set(meta.vocab.split("\n"));
    vocab.forEach(function (w) { if (w.length > maxWord) maxWord = Math.min(w.length, 12); });
    readings = {};
    meta.readings.replace(/([^a-z])([a-z]+)/g, function (_, ch, syl) { readings[ch] = syl; return ""; });
  });
}

function shardOf(term) {
  var h = 0x811c9dc5;
  for (var ch of term) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % meta.shards;
}

/* postings of a term; a shard not loaded yet is noted in `missing` */
function postings(term) {
  var s = shardOf(term);
  var table = self.__kbTerms && self.__kbTerms[s];
  if (!table) { missing.add(s); return null; }
  return Object.prototype.hasOwnProperty.call(table, term) ? table[term] : null;
}

/* docs matching every term, with the smallest weight among the terms */
function matchAll(terms) {
  var lists = terms.map(postings);  /* ask for every shard before giving up */
  var result = null;
  for (var i = 0; i < terms.length; i++) {
    var list = lists[i];
    if (!list) return new Map();
    var next = new Map();
    for (var j = 0; j < list.length; j += 2) {
      var doc = list[j], w = list[j + 1];
      if (result === null) next.set(doc, w);
      else if (result.has(doc)) next.set(doc, Math.min(result.get(doc), w));
    }
    result = next;
    if (!result.size) return result;
  }
  return result || new Map();
}

function bigrams(run) {
  var out = [];
  for (var i = 0; i + 1 < run.length; i++) out.push(run.substr(i, 2));
  return out;
}

/* split a Chinese run into known words (forward maximum matching);
   characters between known words form segments of their own */
function segmentHan(run) {
  var out = [], pending = "", i = 0;
  while (i < run.length) {
    var found = 0;
    for (var len = Math.min(maxWord, run.length - i); len >= 2; len--) {
      if (vocab.has(run.substr(i, len))) { found = len; break; }
    }
    if (found) {
      if (pending) { out.push(pending); pending = ""; }
      out.push(run.substr(i, found));
      i += found;
    } else {
      pending += run[i++];
    }
  }
  if (pending) out.push(pending);
  /* a lone character next to words is glue (的, 和, 怎么 …): drop it unless it is all there is */
  var kept = out.filter(function (s) { return s.length > 1; });
  return kept.length ? kept : out;
}

/* split letters into pinyin syllables (fewest syllables), or null */
function splitPinyin(s) {
  var best = [[]];
  for (var i = 1; i <= s.length; i++) {
    best[i] = null;
    for (var k = Math.max(0, i - 6); k < i; k++) {
      if (best[k] && SYLLABLES.has(s.slice(k, i)) &&
          (!best[i] || best[k].length + 1 < best[i].length)) best[i] = best[k].concat([s.slice(k, i)]);
    }
  }
  return best[s.length];
}

function pairs(list, prefix) {
  var out = [];
  for (var i = 0; i + 1 < list.length; i++) out.push(prefix + list[i] + list[i + 1]);
  return out;
}

function pinyinTerms(syl) {
  return syl.length === 1 ? ["p1:" + syl[0]] : pairs(syl, "p:");
}

function matchHan(seg) {
  if (seg.length === 1) return matchAll(["u:" + seg]);
  var hits = matchAll(bigrams(seg));
  if (hits.size) return hits;
  /* homophone typo: retry by pinyin against titles, at half weight */
  var syl = [];
  for (var ch of seg) { if (!readings[ch]) return hits; syl.push(readings[ch]); }
  var byPinyin = matchAll(pinyinTerms(syl));
  byPinyin.forEach(function (w, d) { byPinyin.set(d, w / 2); });
  return byPinyin;
}

function matchAscii(seg) {
  var hits = new Map();
  var merge = function (m) { m.forEach(function (w, d) { hits.set(d, Math.max(hits.get(d) || 0, w)); }); };
  merge(matchAll([seg]));
  if (/^[a-z]+$/.test(seg)) {
    var syl = splitPinyin(seg);
    if (syl) merge(matchAll(pinyinTerms(syl)));
    if (seg.length >= 2 && seg.length <= 8) merge(matchAll(pairs(seg.split(""), "i:")));
  }
  return hits;
}

function parse(query) {
  var q = query.normalize("NFKC").toLowerCase().trim();
  if (!q) return [];
  /* "cun wu jian du": letters and spaces only, read as one pinyin word */
  if (/^[a-z' ]+$/.test(q) && / /.test(q)) {
    var joined = q.replace(/[ ']+/g, "");
    if (splitPinyin(joined)) return [{ text: q, ascii: joined }];
  }
  var segments = [];
  (q.match(HAN) || []).forEach(function (token) {
    if (/^[a-z0-9]/.test(token)) segments.push({ text: token, ascii: token });
    else segmentHan(token).forEach(function (s) { segments.push({ text: s }); });
  });
  return segments;
}

function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function highlight(text, segments) {
  var words = segments.filter(function (s) { return !s.ascii && s.text.length > 1; })
    .map(function (s) { return escapeRegExp(s.text); });
  if (!words.length) return text;
  return text.replace(new RegExp("(" + words.join("|") + ")", "g"), "<mark>$1</mark>");
}

/* full pinyin and initials of a title's Chinese characters */
var pinyinCache = new Map();
function titlePinyin(d) {
  if (!pinyinCache.has(d)) {
    var full = "", initials = "";
    for (var ch of meta.docs[d][1]) {
      var syl = readings[ch];
      if (syl) { full += syl; initials += syl[0]; }
    }
    pinyinCache.set(d, [full, initials]);
  }
  return pinyinCache.get(d);
}

function search(query) {
  var segments = parse(query);
  if (!segments.length) return { ranked: [], segments: segments };
  var scores = new Map(), counts = new Map(), terms = {};
  segments.forEach(function (seg) {
    var hits = seg.ascii ? matchAscii(seg.ascii) : matchHan(seg.text);
    terms[seg.text] = hits.size > 0;
    hits.forEach(function (w, d) {
      scores.set(d, (scores.get(d) || 0) + w);
      counts.set(d, (counts.get(d) || 0) + 1);
    });
  });
  /* the whole query inside a title beats scattered matches; an exact title beats all */
  var whole = query.normalize("NFKC").toLowerCase().replace(/[\s']+/g, "");
  var ascii = /^[a-z]+$/.test(whole);
  if (whole.length > 1) scores.forEach(function (score, d) {
    var keys = ascii ? titlePinyin(d) : [meta.docs[d][1].toLowerCase().replace(/\s+/g, "")];
    if (keys.indexOf(whole) >= 0) scores.set(d, score + 1000);
    else if (keys.some(function (k) { return k.indexOf(whole) >= 0; })) scores.set(d, score + 100);
  });
  var ranked = Array.from(scores.keys()).sort(function (a, b) {
    return (counts.get(b) - counts.get(a)) || (scores.get(b) - scores.get(a)) || (a - b);
  }).slice(0, 100);
  return { ranked: ranked, segments: segments, scores: scores, counts: counts, terms: terms };
}

/* snippets live in small files of meta.snip documents each; only the first results need them */
function snippet(d) {
  var part = self.__kbSnips && self.__kbSnips[Math.floor(d / meta.snip)];
  return part ? part[d % meta.snip] : null;
}

function snippetFiles(found) {
  var need = new Set();
  found.ranked.slice(0, SNIPPETS).forEach(function (d) {
    if (snippet(d) === null) need.add(Math.floor(d / meta.snip));
  });
  return Array.from(need);
}

function present(found) {
  var matched = {};
  found.segments.forEach(function (seg) { matched[seg.text] = found.terms[seg.text]; });
  return {
    items: found.ranked.map(function (d) {
      var doc = meta.docs[d];
      var kind = meta.kinds[doc[2]] || "";
      return [{
        location: doc[0],
        title: highlight(doc[1], found.segments),
        text: (kind ? "<b>" + kind + "</b>" : "") + (snippet(d) ? " · " + highlight(snippet(d), found.segments) : ""),
        score: found.scores.get(d) * found.counts.get(d),
        terms: matched
      }];
    })
  };
}

/* run the search, loading the term shards it turns out to need, then the snippets of the first results;
   a query overtaken by a newer one (stale() true) stops loading and answers null */
function searchWithShards(query, stale) {
  stale = stale || function () { return false; };
  return setup().then(function run() {
    if (stale()) return null;
    missing = new Set();
    var found = search(query);
    if (missing.size) {
      return loadAll(Array.from(missing).map(function (s) { return "t" + s + ".js"; })).then(run);
    }
    var files = snippetFiles(found);
    return loadAll(files.map(function (n) { return "s" + n + ".js"; })).then(function () {
      return stale() ? null : present(found);
    });
  });
}

self.__kbSearch = searchWithShards;  /* for tests and benchmarks */

var latest = 0;
self.addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    setup().then(function () { self.postMessage({ type: 1 }); });
  } else if (message.type === 2) {
    var mine = ++latest;
    var stale = function () { return mine !== latest; };
    searchWithShards(message.data, stale).then(function (result) {
      if (result && !stale()) self.postMessage({ type: 3, data: result });  /* drop stale answers */
    });
  }
});
