"""Chinese and pinyin search index, built at site build time.

Material's built-in search segments with jieba's accurate mode, matches word
prefixes only and drops the last segment of a multi-word query. This index
is built for how cadres type: any Chinese substring of two or more
characters (character bigrams), whole domain words (jieba search-mode words
of titles), full pinyin with or without spaces and pinyin initials of titles,
homophone typos (a Chinese query retried by pinyin). The browser side is a
search worker that speaks Material's worker protocol, so Material's search
box and result list are kept as they are.
"""
from .index import SearchDoc, build_search_files

__all__ = ["SearchDoc", "build_search_files"]
