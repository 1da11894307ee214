"""Load every YAML file under a data directory into checked entries."""
from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path

from ..model.entries import Entry
from ..model.fields import ID_RE, MAX_ID, Check
from ..model.kinds import BY_PLURAL, Kind
from ..model.problems import ERROR, Problems
from .yamlsrc import MAX_FILE_BYTES, read_yaml

PARALLEL_BYTES = 4_000_000  # below this, starting worker processes costs more than it saves


def data_files(data_dir: Path, problems: Problems | None = None) -> list[Path]:
    """YAML files below data_dir in a stable order (hidden folders skipped).

    Only files inside data_dir are read: a symbolic link that leads out of it is
    refused, and a dangling link, a link loop or a folder that cannot be read is
    an error, never silently skipped (problems given: reported there).
    """
    sink = problems if problems is not None else Problems()
    base = Path(data_dir)
    try:
        real_base = base.resolve(strict=True)
    except (OSError, RuntimeError):
        sink.error(base, 0, "数据目录无法读取。", "检查 data 目录是否存在、是否有读取权限。")
        return []
    files: list[Path] = []
    seen_dirs: set[Path] = {real_base}
    todo = [base]
    while todo:
        folder = todo.pop()
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda d: d.name)
        except OSError as exc:
            sink.error(folder, 0, f"无法读取文件夹：{exc.strerror or exc}。", "检查这个文件夹的读取权限（chmod +rx）。")
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            path = Path(child.path)
            is_yaml = path.suffix in (".yaml", ".yml")
            try:
                is_link = child.is_symlink()
                if is_link:
                    target = path.resolve(strict=True)
                    if not target.is_relative_to(real_base):
                        sink.error(path, 0, f"符号链接指向数据目录以外（{target}），不会读取。",
                                   "把文件复制到 data/ 里，或删去这个链接；data/ 只读取仓库里的文件。")
                        continue
                is_dir = child.is_dir()
            except (OSError, RuntimeError) as exc:
                what = "符号链接循环" if isinstance(exc, RuntimeError) or getattr(exc, "errno", 0) == 40 else \
                    "符号链接指向不存在的文件" if is_link else f"无法读取（{exc}）"
                sink.error(path, 0, f"{what}。", "删去或修正这个链接（`ls -l` 可以看到它指向哪里）。")
                continue
            if is_dir:
                real = path.resolve()
                if real in seen_dirs:
                    sink.error(path, 0, "符号链接形成循环（指向已经读过的文件夹）。", "删去这个链接。")
                    continue
                seen_dirs.add(real)
                todo.append(path)
            elif is_yaml:
                if not child.is_file():
                    sink.error(path, 0, "不是普通文件，无法读取。", "data/ 里只放 YAML 文本文件。")
                    continue
                files.append(path)
    return sorted(files, key=lambda p: p.relative_to(base).as_posix())


def load_entries(data_dir: Path, problems: Problems, parallel: bool = False,
                 cache: dict | None = None, unread: dict | None = None) -> list[Entry]:
    """Entries of every YAML file below data_dir, each file parsed once.

    parallel=True parses the files in worker processes when there is enough to
    gain (the command-line checker on large knowledge bases); results and
    problems are the same as a serial run, in the same order.
    cache, kept by a caller that loads again and again (`mkdocs serve`, a build cache), keeps
    the parsed YAML of files whose content has not changed since (entries are made anew).
    unread, when given, receives {(kind or "*", id): path} of entries that may
    exist but could not be read (a file with a syntax error, an invalid entry),
    so that references to them are not reported as dangling.
    """
    if not data_dir.is_dir():
        problems.error(data_dir, 0, "数据目录不存在。", "检查 mkdocs.yml 中插件的 data_dir 设置。")
        return []
    files = data_files(data_dir, problems)
    entries: list[Entry] = []
    results = _parse_all(files, problems, parallel) if cache is None else _parse_cached(files, problems.root, cache)
    for path, (found, items) in zip(files, results):
        problems.items.extend(items)
        entries.extend(found)
        if unread is not None:
            _note_unread(path, found, items, problems, unread)
    return entries


_ID_LINE = re.compile(r"^[ \t-]*id[ \t]*[:：][ \t]*[\"']?([A-Za-z0-9][A-Za-z0-9-]*)", re.M)


def _note_unread(path: Path, found: list[Entry], items: list, problems: Problems, unread: dict) -> None:
    """Ids written in a file that are missing from its entries: the file or the entry had errors.

    The file's text is scanned for `id:` lines, so this works for files that did
    not parse at all; the kind is unknown there ("*").
    """
    rel = problems._rel(path)
    if not any(p.severity == ERROR and p.path == rel for p in items):
        return
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    read = {e.id for e in found}
    for m in _ID_LINE.finditer(text):
        if m[1] not in read:
            unread.setdefault(("*", m[1]), rel)


def _parse_one(path: Path, root) -> tuple[list[Entry], list]:
    """One file's checked entries and problems (also run in worker processes)."""
    sink = Problems(root=root)
    doc = read_yaml(path, sink)
    return (_entries_of_file(path, doc, sink) if doc is not None else []), sink.items


def _content_key(path: Path) -> tuple[str, bytes | None]:
    """By content, not modification time: a cache kept across checkouts (CI) still holds."""
    try:
        with open(path, "rb") as handle:
            return str(path), hashlib.sha1(handle.read(MAX_FILE_BYTES + 1)).digest()
    except OSError:
        return str(path), None  # read_yaml reports why


def _parse_cached(files: list[Path], root, cache: dict) -> list[tuple[list[Entry], list]]:
    seen, out = {}, []
    for path in files:
        key = _content_key(path)
        if key not in cache or key[1] is None:
            sink = Problems(root=root)
            cache[key] = (read_yaml(path, sink), sink.items)
        doc, read_problems = seen[key] = cache[key]
        sink = Problems(root=root)
        sink.items.extend(read_problems)
        out.append(((_entries_of_file(path, doc, sink) if doc is not None else []), sink.items))
    cache.clear()  # forget old versions and removed files
    cache.update(seen)
    return out


def _parse_all(files: list[Path], problems: Problems, parallel: bool):
    workers = min(os.cpu_count() or 1, 8)
    big = sum(p.stat().st_size for p in files) > PARALLEL_BYTES
    if parallel and workers > 1 and len(files) > 1 and big:
        try:
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(_parse_one, files, [problems.root] * len(files)))
        except (OSError, ImportError, RuntimeError):
            pass  # no process pool here (restricted sandbox): parse serially
    return [_parse_one(path, problems.root) for path in files]


def _entries_of_file(path: Path, doc, problems: Problems) -> list[Entry]:
    kinds = "、".join(f"`{k}`" for k in BY_PLURAL)
    if not isinstance(doc, dict):
        problems.error(path, getattr(doc, "line", 1), "文件顶层应为映射（`measures:`、`cases:` 等）。",
                       f"文件以类型名开头，例如 `measures:`，下面是条目列表。可用类型：{kinds}。")
        return []
    out = []
    for plural, items in doc.items():
        line = doc.key_lines.get(plural, 1)
        kind = BY_PLURAL.get(plural)
        if kind is None:
            problems.error(path, line, f"未知的条目类型 `{plural}`。", f"可用类型：{kinds}。")
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            problems.error(path, line, f"`{plural}` 下面应为条目列表。", "每个条目以 `- id: …` 开头。")
            continue
        for i, item in enumerate(items):
            entry = _entry(kind, path, items.line_of(i), item, problems)
            if entry is not None:
                out.append(entry)
    return out


def _entry(kind: Kind, path: Path, line: int, item, problems: Problems) -> Entry | None:
    if not isinstance(item, dict):
        hint = "条目应写成 `- id: …` 加上其他字段，每个字段一行。"
        if isinstance(item, str) and "：" in item:
            hint = "这里用了全角冒号“：”。字段名后面要用半角冒号加空格（`: `）。"
        problems.error(path, line, f"{kind.label}条目应为映射（一组“字段: 值”）。", hint)
        return None
    rel = problems._rel(path)
    ok = True
    raw_id = item.get("id")
    if raw_id is None:
        raw_id = ""  # a slug is made from the title once all entries are known
    elif not isinstance(raw_id, str) or not ID_RE.match(raw_id) or len(raw_id) > MAX_ID:
        shown = getattr(raw_id, "yaml_source", None) or raw_id
        problems.error(path, item.line_of("id"),
                       f"id `{shown!s}` 不合法。" if isinstance(shown, str) and "\n" not in shown
                       and len(shown) <= MAX_ID else f"id {str(shown)[:MAX_ID]!r} 不合法。",
                       f"id 只能由小写字母、数字和单个连字符组成（不含 `/`、`..`、空格和中文），"
                       f"不超过 {MAX_ID} 个字符，例如 `cw-xuanju-chengxu`。")
        ok = False
    data = {}
    for key in item:
        if key != "id" and key not in kind.fields:
            known = "、".join(f"`{k}`" for k in kind.fields)
            problems.error(path, item.line_of(key), f"{kind.label}条目没有字段 `{key}`。",
                           _suggest(key, kind) or f"可用字段：{known}。")
    for name, ftype in kind.fields.items():
        value = item.get(name)
        if value is None:
            if ftype.required:
                problems.error(path, item.line_of("id") if "id" in item else line,
                               f"{kind.label} `{raw_id or '（未写 id）'}` 缺少必填字段 `{name}`（{ftype.label}）。",
                               f"补上 `{name}: …`，格式见《数据格式》。")
                ok = False
            continue
        checked = ftype.check(value, Check(problems, rel, item.line_of(name), name))
        if checked is None:
            if ftype.required:
                ok = False
            continue
        if ftype.required and checked in ([], {}):
            problems.error(path, item.line_of(name), f"{kind.label} `{raw_id or '（未写 id）'}` 的必填字段 `{name}`"
                           f"（{ftype.label}）是空的。", f"至少写一项，例如 `{name}: [某项]`，或每项一行以 `- ` 开头。")
            ok = False
            continue
        data[name] = checked
    for name in data.get("inferred") or []:
        if name not in data:
            problems.error(path, item.line_of("inferred"), f"字段 `inferred`：列出的字段 `{name}` 在本条目中没有填写。",
                           f"填写 `{name}`，或从 `inferred` 中删去它。")
    if not ok:
        return None
    lines = {k: item.line_of(k) for k in item}
    block = {k for k, v in item.block.items() if v}
    return Entry(kind, raw_id, data, rel, item.line_of("id") if "id" in item else item.line, lines, block)


_SYNONYMS = {"name": "title", "title": "name", "desc": "summary", "description": "summary",
             "content": "body", "text": "body", "unit": "lead", "units": "partners",
             "theme": "themes", "policy": "basis", "policies": "basis", "answer": "answer"}


def _suggest(key: str, kind: Kind) -> str:
    guess = _SYNONYMS.get(key)
    if guess and guess in kind.fields:
        return f"是不是想写 `{guess}`？"
    close = difflib.get_close_matches(str(key), list(kind.fields), n=1, cutoff=0.75) or [
        k for k in kind.fields if len(str(key)) >= 4 and (k.startswith(str(key)) or str(key).startswith(k))]
    if close:
        return f"是不是想写 `{close[0]}`？"
    return ""
