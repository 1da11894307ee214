"""Build the search index files: metadata plus term shards, as JavaScript.

Files are JavaScript (assigning to `self`), not JSON, so the worker can load
them with importScripts both from a web server and from disk (file://).

    search/policykb/meta.js   documents, query vocabulary, character readings
    search/policykb/t<N>.js   term → postings [doc, weight, doc, weight, …]
    search/policykb/s<N>.js   snippets of documents N×32 … N×32+31 (loaded for the first results only)

A term is a character bigram of Chinese text (any Chinese substring of two
or more characters is found), `u:<char>` for single characters of titles,
`p:`/`p1:`/`i:` pinyin keys of titles, or a lower-case ASCII word.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass

from . import tokens

TITLE_WEIGHT = 20
PINYIN_WEIGHT = 12
BODY_CAP = 5
SNIPPET = 120
SHARD_BYTES = 120_000
SNIPPET_BATCH = 32   # documents per snippet file: a result list loads a few small files, not all snippets
SEP = "\x1f"   # between the terms, words and readings of a packed page index (_pack)
ASCII_TERM = re.compile(r"[a-z0-9][a-z0-9+.-]*[a-z0-9]|[a-z0-9]")


@dataclass
class SearchDoc:
    location: str   # page URL relative to the site root: "measure/cw-xuanju/"
    title: str
    kind: str       # label shown with the result, e.g. 工作措施
    text: str       # plain text of the page
    summary: str = ""  # shown under the title; defaults to the start of text
    boost: float = 1.0  # below 1 for listing pages, so entries rank above the lists naming them


def fnv1a(term: str) -> int:
    """32-bit FNV-1a over code points; the worker computes the same."""
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def _doc_terms(doc: SearchDoc, with_pinyin: bool = True) -> Counter:
    counts: Counter = Counter()
    body = tokens.normalize(doc.text)
    for run in tokens.han_runs(body):
        if len(run) > 1:
            counts.update(map(str.__add__, run, run[1:]))  # the bigrams, counted in C
    counts.update(ASCII_TERM.findall(body))
    weights: Counter = Counter({term: n if n < BODY_CAP else BODY_CAP for term, n in counts.items()})
    title = tokens.normalize(doc.title)
    for run in tokens.han_runs(title):
        for gram in tokens.bigrams(run):
            weights["u:" + gram if len(gram) == 1 else gram] += TITLE_WEIGHT
        for ch in run:
            weights["u:" + ch] = max(weights["u:" + ch], TITLE_WEIGHT)
    for word in ASCII_TERM.findall(title):
        weights[word] += TITLE_WEIGHT
    for key in tokens.pinyin_keys(doc.title) if with_pinyin else ():
        weights[key] = PINYIN_WEIGHT
    if doc.boost != 1.0:
        for term in weights:
            weights[term] = max(1, round(weights[term] * doc.boost))
    return weights


def _doc_index(doc: SearchDoc, with_pinyin: bool,
               titles: dict | None = None) -> tuple[list, list[str], list[tuple[str, str]]]:
    """What one page adds to the index: (term, weight) pairs, query words of its title,
    readings of its title's characters. titles: {title: its query words, packed} segmented before
    (a page whose text changed but not its title needs no segmenter)."""
    terms = list(_doc_terms(doc, with_pinyin).items())  # postings follow the page order whatever this order is
    chars = list(tokens.char_readings(doc.title).items()) if with_pinyin else []
    known = titles.get(doc.title) if titles is not None else None
    words = list(tokens.title_words(doc.title)) if known is None else known.split(SEP) if known else []
    return terms, words, chars


def _key(doc: SearchDoc) -> bytes:
    """A term cache's key for one page: a digest of what its terms are made from (not the text itself:
    a cache of 10,000 pages would hold every page's text twice)."""
    return hashlib.sha1(f"{doc.boost}\x1f{doc.title}\x1f{doc.text}".encode()).digest()


def _pack(index: tuple[list, list[str], list[tuple[str, str]]]) -> tuple[str, bytes, str, str]:
    """One page's index in four flat values: a cache of millions of small tuples takes seconds to read and
    write, four strings per page do not. No term, word or reading holds the separator (U+001F)."""
    terms, words, chars = index
    return (SEP.join(t for t, _ in terms), array("i", [w for _, w in terms]).tobytes(), SEP.join(words),
            "".join(ch + syl + SEP for ch, syl in chars))


def _unpack(packed: tuple[str, bytes, str, str]) -> tuple[list, list[str], list[tuple[str, str]]]:
    terms, weights, words, chars = packed
    return (list(zip(terms.split(SEP), array("i", weights))) if terms else [], words.split(SEP) if words else [],
            [(item[0], item[1:]) for item in chars.split(SEP)[:-1]])


def doc_terms(docs: list[SearchDoc], domain_words=(), with_pinyin: bool = True) -> dict:
    """What each page adds to the index, keyed as in build_search_files' term cache. A build shard
    tokenises its own pages; the merge passes term_cache(words, pinyin, all shards' terms) on."""
    tokens.add_words(list(domain_words))
    return {_key(d): _pack(_doc_index(d, with_pinyin)) for d in docs}


def term_cache(domain_words, with_pinyin: bool, terms: dict) -> dict:
    """A term cache for build_search_files holding terms computed elsewhere (doc_terms)."""
    return {"words": (list(domain_words), with_pinyin), "docs": terms}


def _snippet(doc: SearchDoc) -> str:
    text = " ".join((doc.summary or doc.text).split())
    if text.startswith(doc.title):
        text = text[len(doc.title):].lstrip()
    return text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")


def build_search_files(docs: list[SearchDoc], domain_words=(), with_pinyin: bool = True,
                       term_cache: dict | None = None) -> dict[str, str]:
    """{relative path under search/policykb/: file content}.

    with_pinyin=False leaves out the pinyin keys (for measuring what they cost).
    term_cache, kept by the caller between builds, saves re-reading unchanged pages.
    """
    domain_words = list(domain_words)
    tokens.add_words(domain_words)
    postings: dict[str, list[int]] = {}
    vocab: set[str] = set(w for w in domain_words if tokens.HAN.fullmatch(w or ""))
    readings: dict[str, str] = {}
    used: dict = {}
    if term_cache is not None and term_cache.get("words") != (domain_words, with_pinyin):
        term_cache.clear()  # other domain words segment titles differently
    cached = term_cache.get("docs", {}) if term_cache is not None else {}
    # query words of the titles of the last build: an edit of a page's text alone needs no segmenter
    titles = term_cache.get("titles", {}) if term_cache is not None else {}
    used_titles: dict[str, str] = {}
    for number, doc in enumerate(docs):
        if term_cache is None:
            terms, words, chars = _doc_index(doc, with_pinyin)
        else:
            key = _key(doc)
            packed = cached.get(key)
            if packed is None:
                terms, words, chars = index = _doc_index(doc, with_pinyin, titles)
                packed = _pack(index)
            else:
                terms, words, chars = _unpack(packed)
            used[key] = packed
            used_titles[doc.title] = packed[2]
        for term, weight in terms:
            posting = postings.get(term)
            if posting is None:
                postings[term] = [number, weight]
            else:
                posting += (number, weight)
        vocab.update(words)
        for ch, syl in chars:
            readings.setdefault(ch, syl)
    if term_cache is not None:  # keep what this build used, forget pages that are gone
        term_cache.clear()
        term_cache.update(words=(domain_words, with_pinyin), docs=used, titles=used_titles)
    shards = _shards(postings)
    kinds = sorted({d.kind for d in docs})
    meta = {
        "version": 2,
        "shards": len(shards),
        "kinds": kinds,
        "snip": SNIPPET_BATCH,
        "docs": [[d.location, html.escape(d.title, quote=False), kinds.index(d.kind)] for d in docs],
        "vocab": "\n".join(sorted(vocab)),
        "readings": "".join(f"{ch}{syl}" for ch, syl in sorted(readings.items())),
    }
    files = {"meta.js": "self.__kbMeta=" + _json(meta) + ";\n"}
    for number, shard in enumerate(shards):
        files[f"t{number}.js"] = (f"(self.__kbTerms=self.__kbTerms||{{}})[{number}]=" + _json(shard) + ";\n")
    for number, start in enumerate(range(0, len(docs), SNIPPET_BATCH)):
        snippets = [html.escape(_snippet(d), quote=False) for d in docs[start:start + SNIPPET_BATCH]]
        files[f"s{number}.js"] = f"(self.__kbSnips=self.__kbSnips||{{}})[{number}]=" + _json(snippets) + ";\n"
    return files


def _shards(postings: dict[str, list[int]]) -> list[dict[str, list[int]]]:
    size = sum(len(t) * 3 + len(p) * 4 for t, p in postings.items())
    count = max(1, math.ceil(size / SHARD_BYTES))
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for term in sorted(postings):
        shards[fnv1a(term) % count][term] = postings[term]
    return shards


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
