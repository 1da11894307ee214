"""Shared test helpers: real YAML fixtures, real `mkdocs build` runs."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "kb"
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

import _localserver  # noqa: E402
from policykb.core import build_knowledge_base  # noqa: E402


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture project (mkdocs.yml, docs/, data/)."""
    dest = tmp_path / "kb"
    shutil.copytree(FIXTURE, dest)
    return dest


def check(data_dir: Path, **kwargs):
    """Run the core pipeline; return (kb, problems) for assertions."""
    return build_knowledge_base(data_dir, **kwargs)


def run_mkdocs(project: Path, *args: str, tool: str = "mkdocs") -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", tool, "build", *args], cwd=project,
                          capture_output=True, text=True, env=env, timeout=600)


def run_check(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check.py"), str(data_dir)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The fixture knowledge base built once with `mkdocs build --strict`."""
    project = tmp_path_factory.mktemp("built") / "kb"
    shutil.copytree(FIXTURE, project)
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's package), driven by Playwright."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/test.sh installs it in CI")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def served_fixture(built_fixture):
    """The built fixture site on a loopback HTTP server: yields its base URL."""
    base, server = serve(built_fixture)
    yield base
    server.shutdown()


def open_search(page):
    """Make Material's search box usable at any window width; return it."""
    box = page.locator("input.md-search__input")
    if box.is_hidden():
        label = page.locator("label.md-header__button[for=__search]").first
        if label.is_visible():
            label.click()
        else:
            page.keyboard.press("/")  # Material's shortcut to open search
    box.wait_for(state="visible", timeout=5000)
    return box


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory) -> Path:
    """The bundled knowledge base (data/ and docs/ of this repository), built with --strict."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    result = run_mkdocs(ROOT, "--strict", "-d", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def serve(directory: Path):
    """Serve a folder on 127.0.0.1; returns (base URL, server) — call server.shutdown()."""
    return _localserver.serve(directory)
