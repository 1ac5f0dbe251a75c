"""Page dates from git (history.py), on a real repository made for each test."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from relationel_velfaerd import history


def commit(repo: Path, when: str, message: str = "edit") -> str:
    """Commit everything at ``when`` (an ISO time in UTC); returns the hash."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True).stdout


def write(repo: Path, name: str, text: str) -> None:
    path = repo / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    return tmp_path


def test_created_and_updated_per_page(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "a.md", "# A\n")
    write(repo, "kapitler/b.md", "# B\n")
    commit(repo, "2026-09-01T10:00:00+00:00")
    write(repo, "a.md", "# A\n\nMere tekst.\n")
    commit(repo, "2026-10-15T10:00:00+00:00")
    write(repo, "../README.md", "outside docs/\n")
    commit(repo, "2026-11-20T10:00:00+00:00")
    dates = history.page_dates(repo)
    assert dates == {
        "a.md": history.Dates(created=date(2026, 9, 1), updated=date(2026, 10, 15)),
        "kapitler/b.md": history.Dates(created=date(2026, 9, 1), updated=date(2026, 9, 1)),
    }
    assert dates["a.md"].updated_text == "15. oktober 2026"


def test_dates_are_copenhagen_days(tmp_path: Path) -> None:
    """23:30 UTC on 30 November is already 1 December in Denmark."""
    repo = make_repo(tmp_path)
    write(repo, "a.md", "# A\n")
    commit(repo, "2026-11-30T23:30:00+00:00")
    assert history.page_dates(repo)["a.md"].created == date(2026, 12, 1)


def test_a_moved_page_keeps_its_creation_date_and_a_move_is_no_update(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "gammel.md", "# Side\n\n" + "Et afsnit med nok tekst til at git genkender flytningen.\n" * 5)
    commit(repo, "2026-09-01T10:00:00+00:00")
    (repo / "docs" / "gammel.md").rename(repo / "docs" / "ny.md")
    commit(repo, "2026-10-01T10:00:00+00:00")
    assert history.page_dates(repo) == {"ny.md": history.Dates(created=date(2026, 9, 1), updated=date(2026, 9, 1))}


def test_a_page_added_again_after_deletion_is_new(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "a.md", "# A\n")
    write(repo, "b.md", "# B\n")
    commit(repo, "2026-09-01T10:00:00+00:00")
    (repo / "docs" / "a.md").unlink()
    commit(repo, "2026-09-10T10:00:00+00:00")
    write(repo, "a.md", "# A igen\n")
    commit(repo, "2026-10-01T10:00:00+00:00")
    dates = history.page_dates(repo)
    assert dates["a.md"] == history.Dates(created=date(2026, 10, 1), updated=date(2026, 10, 1))
    assert set(dates) == {"a.md", "b.md"}


def test_commits_in_the_ignore_file_are_no_update(tmp_path: Path) -> None:
    """A site-wide copy-edit listed in .git-blame-ignore-revs leaves "Sidst opdateret" alone."""
    repo = make_repo(tmp_path)
    write(repo, "a.md", "# A\n\nTekst\n")
    commit(repo, "2026-09-01T10:00:00+00:00")
    write(repo, "a.md", "# A\n\nTekst med mere indhold.\n")
    commit(repo, "2026-09-20T10:00:00+00:00")
    write(repo, "a.md", "# A\n\nTekst med mere indhold, rettet.\n")
    copy_edit = commit(repo, "2026-11-01T10:00:00+00:00", "copy-edit")
    assert history.page_dates(repo)["a.md"].updated == date(2026, 11, 1)
    (repo / history.IGNORE_FILE).write_text(f"# copy-edit of every page\n{copy_edit[:10]}\n", encoding="utf-8")
    assert history.page_dates(repo)["a.md"] == history.Dates(created=date(2026, 9, 1), updated=date(2026, 9, 20))


def test_without_git_every_page_gets_the_build_date(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
    known = history.page_dates(tmp_path)  # not a repository
    assert known == {}
    today = date(2026, 12, 2)
    assert history.dates_of(known, "a.md", today) == history.Dates(created=today, updated=today)
