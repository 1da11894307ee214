"""Read a plan document into numbered paragraphs of clean text."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..encoding import decode_text

SUFFIXES = (".docx", ".doc", ".wps", ".txt", ".md")
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u3000\u202f\ufeff]")
_CJK = r"[\u3400-\u9fff“”《》〔〕、。]"


@dataclass
class Paragraph:
    number: int      # paragraph (docx) or line (text) number in the source, 1-based
    text: str
    row: bool = False  # a row of a task table (任务分工表): one task, its columns written as annotations


@dataclass
class Document:
    path: Path
    paragraphs: list[Paragraph] = field(default_factory=list)
    encoding: str = ""          # text files: utf-8 or gb18030
    converted: bool = False     # .doc/.wps converted by LibreOffice
    unit: str = "段"            # what `number` counts: 段 (paragraph) or 行 (line)


class ReadError(Exception):
    """A document that cannot be read; the message is for the user (Chinese)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def clean(text: str) -> str:
    """No-break and full-width spaces to plain ones; half-width punctuation inside Chinese text to full width."""
    text = _SPACES.sub(" ", text).replace("\t", " ").strip()
    text = re.sub(r" {2,}", " ", text)
    text = text.replace("(", "（").replace(")", "）")
    text = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    text = re.sub(r":", "：", text)
    text = re.sub(r";", "；", text)
    return text


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError("找不到文件。", "检查文件路径。")
    if suffix not in SUFFIXES:
        raise ReadError(f"不支持的文件类型 `{path.suffix}`。",
                        "请提供 .docx、.doc、.wps、.txt 或 .md 文件；其他格式先用 WPS 或 Word 另存为 .docx。")
    if suffix in (".txt", ".md"):
        return _read_text(path)
    if suffix == ".docx":
        return _read_docx(path, path)
    with tempfile.TemporaryDirectory(prefix="policykb-doc-") as tmp:
        converted = convert_to_docx(path, Path(tmp))
        doc = _read_docx(converted, path)
        doc.converted = True
        return doc


def _read_text(path: Path) -> Document:
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        raise ReadError("文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法读取。",
                        "用记事本或 WPS 另存为 UTF-8 编码的文本文件后再试。")
    text, encoding = decoded
    doc = Document(path, encoding=encoding, unit="行")
    for number, line in enumerate(text.splitlines(), start=1):
        if path.suffix.lower() == ".md":
            line = re.sub(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s*)", "", line)
        line = clean(line)
        if line:
            doc.paragraphs.append(Paragraph(number, line))
    return doc


def _read_docx(path: Path, shown: Path) -> Document:
    try:
        import docx
    except ImportError:
        raise ReadError("读取 .docx 需要 python-docx。",
                        "在项目环境中运行（scripts/build.sh 会安装它），或 pip install python-docx。") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # damaged or not really a .docx
        raise ReadError(f"无法打开 Word 文件（{exc.__class__.__name__}）。",
                        "用 Word 或 WPS 打开后另存为 .docx 再试。") from exc
    doc = Document(shown, unit="段")
    number = 0
    for block, row in _blocks(document):
        number += 1
        text = clean(block)
        if text:
            doc.paragraphs.append(Paragraph(number, text, row))
    return doc


# columns of a task table (任务分工表), by header
TABLE_COLUMNS = [
    ("task", ("工作任务", "重点任务", "主要任务", "任务内容", "工作内容", "具体措施", "工作措施", "具体任务",
              "任务", "措施")),
    ("lead", ("牵头单位", "牵头部门", "牵头")),
    ("partners", ("责任单位", "责任部门", "配合单位", "配合部门", "协办单位")),
    ("deadline", ("完成时限", "时间节点", "完成时间", "时限")),
]
_TABLE_LABEL = {"lead": "牵头单位", "partners": "责任单位", "deadline": "完成时限"}


def table_columns(header: list[str]) -> dict[int, str]:
    """Column index → role, when the row is the header of a task table (a task column and one more)."""
    found: dict[int, str] = {}
    for i, text in enumerate(header):
        text = re.sub(r"\s", "", text)
        for role, names in TABLE_COLUMNS:
            if role not in found.values() and any(text == n or text.startswith(n) for n in names):
                found[i] = role
                break
    return found if "task" in found.values() and len(found) >= 2 else {}


def table_row(cells: list[str], columns: dict[int, str]) -> str:
    """A task table row as one numbered-free paragraph: 任务（牵头单位：…；责任单位：…；完成时限：…）."""
    parts = {role: re.sub(r"\s*\n\s*", "", cells[i]).strip() for i, role in columns.items() if i < len(cells)}
    notes = [f"{_TABLE_LABEL[r]}：{parts[r]}" for r in ("lead", "partners", "deadline") if parts.get(r)]
    return parts.get("task", "") + (f"（{'；'.join(notes)}）" if notes and parts.get("task") else "")


def _blocks(document):
    """(text, is a task-table row) in body order; other table rows are one paragraph, cells joined by spaces."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield DocxParagraph(child, document).text, False
        elif tag == "tbl":
            columns: dict[int, str] = {}
            for row in Table(child, document).rows:
                cells = [cell.text for cell in row.cells]
                if columns:
                    yield table_row(cells, columns), True
                    continue
                columns = table_columns(cells)
                if not columns:
                    unique = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
                    yield " ".join(c.strip() for c in unique), False


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, outdir: Path) -> Path:
    """.doc/.wps → .docx with LibreOffice headless."""
    exe = soffice()
    if exe is None:
        raise ReadError(f"读取 {path.suffix} 文件需要 LibreOffice，本机没有找到 soffice 命令。",
                        "安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui），"
                        "或用 WPS/Word 把文件另存为 .docx 后再导入。")
    profile = outdir / "profile"
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
           "--outdir", str(outdir), str(path.resolve())]
    try:
        subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReadError(f"LibreOffice 转换失败（{exc.__class__.__name__}）。",
                        "用 WPS/Word 把文件另存为 .docx 后再导入。") from exc
    out = outdir / (path.stem + ".docx")
    if not out.is_file():
        raise ReadError("LibreOffice 没能把文件转换为 .docx，文件可能已损坏或加了密码。",
                        "用 WPS/Word 打开后另存为 .docx 再导入。")
    return out
