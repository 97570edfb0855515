"""The CI workflow (.github/workflows/publish.yml): it runs the project's own
tasks, pins every action to a commit SHA, keeps no token in the checkout,
grants least privilege, publishes every hour (future-dated articles), deploys
only from main after the build job (tests included) has passed, and zizmor
finds nothing of medium severity or above in it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
# owner/repo[/path]@<full commit SHA>  # vX.Y.Z
PINNED = re.compile(r"^\s*-?\s*uses: [\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}  # v\d+\.\d+\.\d+$")
ZIZMOR = Path(sys.executable).parent / "zizmor"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow, job):
    return workflow["jobs"][job]["steps"]


def uses(step) -> str:
    return step.get("uses", "").split("@")[0]


def task_names() -> set[str]:
    from invoke import Task

    import tasks

    return {name.replace("_", "-") for name, value in vars(tasks).items() if isinstance(value, Task)}


def test_runs_on_push_to_main_pull_requests_by_hand_and_every_hour(workflow):
    assert workflow["on"]["push"] == {"branches": ["main"]}
    # «Ready for review» on a Word import's draft (opened by a workflow,
    # which starts no other) runs the checks the merge waits for.
    assert workflow["on"]["pull_request"] == {"types": ["opened", "synchronize", "reopened", "ready_for_review"]}
    assert "workflow_dispatch" in workflow["on"]
    [schedule] = workflow["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert minute.isdigit() and hour == "*" and rest == ["*", "*", "*"]  # once an hour


def test_a_scheduled_run_builds_and_deploys_what_main_holds(workflow):
    """Scheduled runs are on main: the deploy's condition lets them through;
    they check the articles (which sets up the runtime) instead of running
    the suite again."""
    deploy = workflow["jobs"]["deploy"]["if"]
    assert "github.event_name != 'pull_request'" in deploy and "refs/heads/main" in deploy
    build = steps(workflow, "build")
    test = next(step for step in build if step.get("run") == "make test")
    check = next(step for step in build if "invoke check" in step.get("run", ""))
    assert "if" not in check and check["run"].startswith("make .venv/.runtime\n")
    # ... and publish only a commit whose push run passed its tests, or
    # test one never tested (its push run cancelled, Actions off) first.
    tested = next(step for step in build if "require-tested" in step.get("run", ""))
    publish = next(step for step in build if "invoke publish" in step.get("run", ""))
    assert tested["if"] == "github.event_name == 'schedule'" and tested["env"] == {"GH_TOKEN": "${{ github.token }}"}
    assert test["if"] == f"github.event_name != 'schedule' || steps.{tested['id']}.outputs.tested == 'no'"
    assert build.index(check) < build.index(tested) < build.index(test) < build.index(publish)


FAKE_GH = """#!{python}
import json, os, sys
args = sys.argv[1:]
runs = json.loads(os.environ["FAKE_RUNS"])
if os.environ.get("FAKE_FAIL"):
    sys.exit("HTTP 403: Resource not accessible by integration")
if args[:2] == ["run", "list"]:
    assert args[args.index("--commit") + 1] == "abc1234def" and args[args.index("--repo") + 1] == "lhh/ban-tin"
    # As GitHub answers: newest first, filtered by event, at most --limit.
    event = args[args.index("--event") + 1] if "--event" in args else None
    chosen = [r for r in reversed(runs) if event in (None, r["event"])][:int(args[args.index("--limit") + 1])]
    print(json.dumps([{{"databaseId": r["id"], "event": r["event"], "conclusion": r["conclusion"]}} for r in chosen]))
elif args[:2] == ["run", "view"]:
    run = next(r for r in runs if str(r["id"]) == args[2])
    print(json.dumps({{"jobs": run["jobs"]}}))
"""


@pytest.mark.parametrize("runs, fail, tested", [
    ([{"id": 1, "event": "push", "conclusion": "success",
       "jobs": [{"name": "build", "conclusion": "success"}, {"name": "deploy", "conclusion": "success"}]}], "", "yes"),
    # Tested and built, but GitHub Pages failed to deploy: still a tested commit.
    ([{"id": 2, "event": "push", "conclusion": "failure",
       "jobs": [{"name": "build", "conclusion": "success"}, {"name": "deploy", "conclusion": "failure"}]}], "", "yes"),
    # Its tests failed on push; the earlier scheduled runs (no tests) do not count.
    ([{"id": 3, "event": "push", "conclusion": "failure", "jobs": [{"name": "build", "conclusion": "failure"}]},
      {"id": 4, "event": "schedule", "conclusion": "success", "jobs": [{"name": "build", "conclusion": "success"}]}],
     "", None),
    # Tested on push, then 120 hourly runs of the same commit (five quiet
    # days): GitHub lists the newest 100 first, and the push run fell off.
    ([{"id": 5, "event": "push", "conclusion": "success", "jobs": [{"name": "build", "conclusion": "success"}]},
      *({"id": 100 + n, "event": "schedule", "conclusion": "success",
         "jobs": [{"name": "build", "conclusion": "success"}]} for n in range(120))], "", "yes"),
    # Never tested: pushed while Actions was off, or its push run cancelled
    # while it waited (a newer run of the group took its place). Refused,
    # it stayed unpublished every hour: the hourly run tests it first.
    ([], "", "no"),
    ([{"id": 6, "event": "push", "conclusion": "cancelled", "jobs": [{"name": "build", "conclusion": "cancelled"}]}],
     "", "no"),
    ([], "1", None),  # GitHub could not be asked
])
def test_a_scheduled_run_publishes_only_a_commit_whose_tests_passed(tmp_path, monkeypatch, runs, fail, tested):
    """The hourly run rebuilt and deployed main without tests: a commit
    whose tests failed on push (its deploy refused) went live at minute 7."""
    from workflow import WorkflowError
    from workflow.publish import require_tested

    gh = tmp_path / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    gh.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_RUNS", json.dumps(runs))
    monkeypatch.setenv("FAKE_FAIL", fail)
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    if tested == "yes":
        assert require_tested("abc1234def", "lhh/ban-tin").startswith("Bản abc1234 đã qua kiểm thử")
    elif tested == "no":
        assert require_tested("abc1234def", "lhh/ban-tin").startswith("Bản abc1234 chưa được kiểm thử khi đẩy lên")
    else:
        with pytest.raises(WorkflowError, match="bản abc1234 của nhánh main không qua kiểm thử|không hỏi được GitHub"):
            require_tested("abc1234def", "lhh/ban-tin")
    assert (output.read_text(encoding="utf-8") if output.exists() else "") == (f"tested={tested}\n" if tested else "")


def test_every_action_is_pinned_to_a_commit_sha_with_its_version():
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 6
    for line in lines:
        assert PINNED.match(line), f"{line.strip()}: pin to a full commit SHA, the version in a comment"


def test_the_checkout_keeps_no_token(workflow):
    checkouts = [s for job in workflow["jobs"].values() for s in job["steps"] if uses(s) == "actions/checkout"]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def zizmor(target: Path) -> list[dict]:
    """zizmor's findings of medium severity or above, offline (no GitHub
    API), for a workflow file or the .github/workflows folder."""
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", "--min-severity", "medium", str(target)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode in (0, 11, 12, 13, 14), result.stderr  # 1x: findings of severity x
    return json.loads(result.stdout or "[]")


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    assert zizmor(WORKFLOW.parent) == []


def test_zizmor_would_find_what_the_workflow_had_before(tmp_path):
    """The same workflow with movable tags and a persisted token: the
    findings this project had (the audit is not a no-op)."""
    text = WORKFLOW.read_text(encoding="utf-8")
    text = re.sub(r"@[0-9a-f]{40}  # (v[\d.]+)", r"@\1", text).replace("persist-credentials: false", "clean: true")
    (tmp_path / "publish.yml").write_text(text, encoding="utf-8")
    found = sorted({finding["ident"] for finding in zizmor(tmp_path / "publish.yml")})
    assert found == ["artipacked", "unpinned-uses"]


def test_uses_the_official_pages_actions(workflow):
    used = {uses(step) for job in workflow["jobs"].values() for step in job["steps"]}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used


def test_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    # actions: read, for a scheduled run to ask whether its commit passed (require-tested)
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "actions": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_deploys_never_race(workflow):
    assert workflow["concurrency"]["group"]
    deploy = workflow["jobs"]["deploy"]["concurrency"]
    assert deploy == {"group": "pages", "cancel-in-progress": False}


def test_a_rerun_deploys_its_own_artifact(workflow):
    """«Re-run all jobs» after a failed deploy uploaded a second
    «github-pages» artifact, and deploy-pages failed on the two."""
    upload = next(step for step in steps(workflow, "build") if "upload-pages-artifact" in step.get("uses", ""))
    deploy = next(step for step in steps(workflow, "deploy") if "deploy-pages" in step.get("uses", ""))
    assert upload["with"]["name"] == deploy["with"]["artifact_name"] == "github-pages-${{ github.run_attempt }}"


def test_python_is_set_up_without_a_pip_cache_uv_leaves_empty(workflow):
    """uv fills .venv (Makefile): with «cache: pip» setup-python's last step
    fails the job on a pip cache folder that was never made."""
    setup = [s for s in steps(workflow, "build") if uses(s) == "actions/setup-python"]
    assert len(setup) == 1
    assert "cache" not in setup[0]["with"]
    run = subprocess.run(["make", "-n", "-B", ".venv/.runtime", ".venv/.dev"], cwd=ROOT, capture_output=True,
                         encoding="utf-8")
    for file in ("requirements.txt", "requirements-dev.txt"):
        assert f".venv/bin/uv pip install --quiet --compile-bytecode --system-certs --python .venv/bin/python -r {file}" \
            in run.stdout


def commands(step) -> list[list[str]]:
    lines = [line.strip() for line in step.get("run", "").splitlines()]
    return [shlex.split(line) for line in lines if line and not line.startswith(("if ", "#"))]


def test_build_calls_our_tasks_and_never_repeats_their_commands(workflow):
    # A step run only after a failure may say, in Vietnamese, what to do
    # (GitHub Pages off): an annotation, no command of a task repeated.
    said = [step for step in steps(workflow, "build") if str(step.get("if", "")).startswith("failure()")]
    assert all({cmd[0] for cmd in commands(step)} <= {"echo", "exit"} for step in said)
    runs = [cmd for step in steps(workflow, "build") if step not in said for cmd in commands(step)]
    assert ["make", "test"] in runs
    invoked = [cmd[1] for cmd in runs if cmd[0].endswith("invoke")]
    assert "publish" in invoked
    assert set(invoked) <= task_names()
    for cmd in runs:
        assert cmd[0] in ("make", ".venv/bin/invoke"), f"CI runs {cmd}: call a task in tasks.py instead"


def test_tests_run_before_the_build_and_the_artifact_is_the_build(workflow):
    build = steps(workflow, "build")
    order = [i for i, step in enumerate(build) if "make test" in step.get("run", "")]
    publish = [i for i, step in enumerate(build) if "invoke publish" in step.get("run", "")]
    upload = [i for i, step in enumerate(build) if uses(step) == "actions/upload-pages-artifact"]
    assert order and publish and upload and order[0] < publish[0] < upload[0]
    import tasks

    assert build[upload[0]]["with"]["path"] == tasks.OUTPUT.relative_to(ROOT).as_posix()
    # No step of the build is allowed to fail quietly.
    assert not any(step.get("continue-on-error") for step in build)


def test_deploys_only_from_main_after_the_build_and_never_for_pull_requests(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    condition = deploy["if"]
    assert "github.ref == 'refs/heads/main'" in condition
    assert "github.event_name != 'pull_request'" in condition
    assert " || " not in condition
    assert [uses(step) for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert "deploy-pages" not in str(workflow["jobs"]["build"])


def test_the_content_check_runs_first_in_a_step_of_its_own(workflow):
    """An editor whose draft is refused reads the checker's lines in that
    step (README, "Dành cho biên tập viên"), before any test runs."""
    build = steps(workflow, "build")
    check = [i for i, step in enumerate(build) if "invoke check" in step.get("run", "")]
    test = [i for i, step in enumerate(build) if "make test" in step.get("run", "")]
    assert check and test and check[0] < test[0]
    assert "kiểm tra bài viết" in build[check[0]]["name"]


def test_the_build_caches_are_kept_between_runs_keyed_as_the_build_keys_them(workflow):
    """actions/cache restores cache/build, cache/derivatives and
    cache/search before the production build; its key hashes what build_cache.code_key hashes
    (our plugins, workflow/, the theme, the settings files, requirements*.txt)."""
    import tasks

    build = steps(workflow, "build")
    cached = [i for i, step in enumerate(build) if uses(step) == "actions/cache"]
    publish = [i for i, step in enumerate(build) if "invoke publish" in step.get("run", "")]
    assert len(cached) == 1 and cached[0] < publish[0]
    options = build[cached[0]]["with"]
    assert options["path"].split() == [path.relative_to(ROOT).as_posix() for path in tasks.CACHES]
    code = "hashFiles('plugins/**', 'workflow/**', 'theme/**', '*conf.py', 'requirements*.txt')"
    assert options["key"].startswith(f"build-${{{{ {code} }}}}-")
    assert options["restore-keys"] == f"build-${{{{ {code} }}}}-"


def test_a_drafts_check_and_build_read_the_address_the_deploy_publishes_at(workflow):
    """A pull request's check and build ran with publishconf.py's default
    address while main's ran with the Pages address: an article linking a
    missing page at the site's own address passed the draft's checks, was
    merged, and then stopped every build of main (nothing published until
    someone fixed it). The Pages address is asked on every event, and the
    check and the build both take it, the repository variable first."""
    build = steps(workflow, "build")
    pages = next(step for step in build if uses(step) == "actions/configure-pages")
    check = next(step for step in build if "invoke check" in step.get("run", ""))
    publish = next(step for step in build if "invoke publish" in step.get("run", ""))
    assert "if" not in pages
    assert build.index(pages) < build.index(check) < build.index(publish)
    address = f"${{{{ vars.SITEURL || steps.{pages['id']}.outputs.base_url }}}}"
    for step in (check, publish):
        assert step["env"]["SITE_URL"] == address
        assert 'if [ -n "$SITE_URL" ]; then export SITEURL="$SITE_URL"; fi' in step["run"].splitlines()


def test_make_remakes_a_venv_whose_python_cannot_run(tmp_path):
    """A .venv with its stamps but its Python gone (Python upgraded, a copy
    from another machine): `make serve` said «.venv/bin/invoke: No such
    file or directory» of a file that was there. Now it says so in
    Vietnamese and makes .venv again (here a dry run: no pip)."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "tools/venv_check.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").symlink_to("/usr/bin/python-da-go-bo")
    for stamp in (".runtime", ".dev"):
        (tmp_path / ".venv" / stamp).touch()
    run = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, encoding="utf-8")
    assert ".venv hỏng: Python của nó không chạy được" in run.stdout
    assert "-m venv --clear .venv" in run.stdout and "pip install" in run.stdout
    assert not (tmp_path / ".venv").exists()
    # A working .venv is left alone (this one: the suite's Python, every pinned package there).
    bin_.mkdir(parents=True)
    (bin_ / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (bin_ / "python").chmod(0o755)
    for stamp in (".runtime", ".dev"):
        (tmp_path / ".venv" / stamp).touch()
    run = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, encoding="utf-8")
    assert "hỏng" not in run.stdout and "thiếu gói" not in run.stdout and "pip install" not in run.stdout
    assert (tmp_path / ".venv" / ".dev").exists()
    # A pinned package missing (pip stopped half-way with the stamps there, a package removed by
    # hand): `make serve` ended in «ModuleNotFoundError»; pip fills .venv again.
    with open(tmp_path / "requirements.txt", "a", encoding="utf-8") as pinned:
        pinned.write("goi-da-mat[extra]==1.0\n")
    for stamp in (".runtime", ".dev"):
        (tmp_path / ".venv" / stamp).touch()
    run = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, encoding="utf-8")
    assert ".venv thiếu gói hoặc sai phiên bản: goi-da-mat==1.0 (lần cài trước bị ngắt giữa chừng?)" in run.stdout
    assert "pip install" in run.stdout and (bin_ / "python").exists()
    assert not (tmp_path / ".venv" / ".runtime").exists() and not (tmp_path / ".venv" / ".dev").exists()
    # A pin changed after .venv was filled (an upgrade pulled from git): said as a change, not as an
    # interrupted install.
    for stamp in (".runtime", ".dev"):
        (tmp_path / ".venv" / stamp).touch()
        os.utime(tmp_path / ".venv" / stamp, (1, 1))
    run = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, encoding="utf-8")
    assert "Phiên bản gói đã đổi (requirements*.txt mới hơn .venv): đang cài goi-da-mat==1.0" in run.stdout
    assert "ngắt giữa chừng" not in run.stdout and "pip install" in run.stdout



def test_make_remakes_a_venv_of_another_python_than_the_one_named(tmp_path):
    """`make serve PYTHON=python3.13` in a checkout whose .venv is 3.11's
    kept 3.11 without a word. A Python named that runs and is another
    version: .venv made again, said; one that does not run (a typo) or the
    same version: .venv kept. Dry runs; the stand-in says «3.99»."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "tools/venv_check.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "python3.99").write_text("#!/bin/sh\necho 3.99\n")
    (tmp_path / "python3.99").chmod(0o755)
    for python, kept in ((sys.executable, True), (tmp_path / "python-khong-co", True), (tmp_path / "python3.99", False)):
        bin_ = tmp_path / ".venv" / "bin"
        bin_.mkdir(parents=True, exist_ok=True)
        (bin_ / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
        (bin_ / "python").chmod(0o755)
        for stamp in (".runtime", ".dev"):
            (tmp_path / ".venv" / stamp).touch()
        run = subprocess.run(["make", "-n", "serve", f"PYTHON={python}"], cwd=tmp_path, capture_output=True,
                             encoding="utf-8")
        said = f".venv dùng phiên bản Python khác với {python} (3.99) — đang xoá và tạo lại .venv"
        assert (said in run.stdout) is not kept, run.stdout
        assert (tmp_path / ".venv").exists() is kept
        assert (f"{python} -m venv --clear .venv" in run.stdout) is not kept

# A stand-in pip (run by the stand-in .venv/bin/python below): it expands
# `-r` files as pip does (venv_check.pins), refuses uv's pin as pip does for
# a version with no wheel here, and logs what it would install.
FAKE_PIP = """import sys
from pathlib import Path
from tools.venv_check import pins
args = sys.argv[1:]
if args == ["--version"]:
    sys.exit(0)
wanted = [arg for arg in args if "==" in arg]
if "-r" in args:
    wanted += [f"{name}=={version}" for name, version in pins(Path(args[args.index("-r") + 1]))]
if any(pin.startswith("uv==") for pin in wanted):
    print("ERROR: Could not find a version that satisfies the requirement uv==0.0.999 (from versions: 0.0.5)",
          file=sys.stderr)
    print("ERROR: No matching distribution found for uv==0.0.999", file=sys.stderr)
    sys.exit(1)
with open("pip.log", "a", encoding="utf-8") as log:
    log.write(" ".join(wanted) + "\\n")
"""


def test_pip_takes_over_from_uv_in_one_line_and_a_venv_left_without_pip_is_made_again(tmp_path):
    """Two ways `make` failed for ever after the switch to uv. Ctrl+C while
    `python -m venv` ran left .venv/bin/python without pip: each later make
    said «No module named pip» twice. And where uv could not install (its
    pin without a wheel here: uv==0.0.999 stands for it), pip's fallback
    read requirements.txt, uv's pin included, and failed on it too, after
    ~400 versions of uv listed twice. Now venv makes .venv again, one line
    says uv failed (with pip's last line), pip installs every pin but
    uv's, the stamps are set, and the next make asks for nothing (venv_check
    does not ask for uv). Stand-ins for python and pip: nothing downloaded."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "tools/venv_check.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    pinned = (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^uv==[\d.]+$", pinned, re.M)
    (tmp_path / "requirements.txt").write_text(re.sub(r"^uv==.*$", "uv==0.0.999", pinned, flags=re.M),
                                               encoding="utf-8")
    (tmp_path / "fake_pip.py").write_text(FAKE_PIP, encoding="utf-8")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    # What Ctrl+C during `python -m venv` leaves: a python without pip.
    (bin_ / "python").write_text('#!/bin/sh\nif [ "$1 $2" = "-m pip" ]; then echo "No module named pip" >&2; exit 1; fi\n'
                                 f'exec {sys.executable} "$@"\n')
    (bin_ / "python").chmod(0o755)
    # The machine's python3: its venv makes the stand-in, whose pip is FAKE_PIP.
    standin = (f'#!/bin/sh\nif [ "$1 $2" = "-m pip" ]; then shift 2; exec {sys.executable} fake_pip.py "$@"; fi\n'
               f'exec {sys.executable} "$@"\n')
    (tmp_path / "python3").write_text(
        f'#!/bin/sh\n[ "$1" = -c ] && exec {sys.executable} "$@"\n'
        f'echo "venv $*" >> pip.log\ncat > .venv/bin/python <<\'END\'\n{standin}END\n')
    (tmp_path / "python3").chmod(0o755)
    run = subprocess.run(["make", ".venv/.dev", f"PYTHON={tmp_path / 'python3'}"], cwd=tmp_path,
                         capture_output=True, encoding="utf-8")
    assert run.returncode == 0, run.stdout + run.stderr
    said = run.stdout + run.stderr
    assert "No module named pip" not in said and "from versions" not in said
    assert [line for line in said.splitlines() if line.startswith("uv không")] == [
        "uv không cài được, đang cài bằng pip (uv failed, using pip): "
        "ERROR: No matching distribution found for uv==0.0.999 [.venv/uv.log]"]
    log = (tmp_path / "pip.log").read_text(encoding="utf-8").splitlines()
    assert log[0] == "venv -m venv --clear .venv"
    from tools.venv_check import pins
    expected = [f"{name}=={version}" for name, version in pins(tmp_path / "requirements-dev.txt") if name != "uv"]
    assert log[1:] == [" ".join(expected)]
    assert (tmp_path / ".venv" / ".runtime").exists() and (tmp_path / ".venv" / ".dev").exists()
    # The next make: .venv is whole (the suite's packages stand for the pinned ones), uv not asked for.
    # As run by hand: under `make test` the outer make's MAKELEVEL made this one say «Entering directory».
    alone = {name: value for name, value in os.environ.items() if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    run = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, encoding="utf-8", env=alone)
    assert run.stdout == ".venv/bin/invoke serve --port 8000\n", run.stdout


def test_make_test_stops_first_where_apt_get_cannot_install_a_missing_tool(tmp_path):
    """As another user than root, a missing tool was named at once but the
    line scrolled away while .venv filled (66 s here) before make's «Error
    1»; `tools/test_tools.py --check` now runs alone first and stops make
    test (its answer: tests/test_tasks.py). A stand-in python says no."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "python3").write_text('#!/bin/sh\n[ "$1" = -c ] && exit 1\n'  # make's version probe
                                      'echo "$*" >> log\n[ "$*" != "tools/test_tools.py --check" ]\n')
    (tmp_path / "python3").chmod(0o755)
    run = subprocess.run(["make", "test", f"PYTHON={tmp_path / 'python3'}"], cwd=tmp_path,
                         capture_output=True, encoding="utf-8")
    assert run.returncode != 0
    assert (tmp_path / "log").read_text(encoding="utf-8").splitlines() == ["tools/test_tools.py --check"]
    assert not (tmp_path / ".venv").exists()
    # A dry run runs nothing: the line naming $(MAKE) ran under -n too, and
    # `make -n test` started test_tools.py (npm ci, apt-get as root).
    run = subprocess.run(["make", "-n", "test", f"PYTHON={tmp_path / 'python3'}"], cwd=tmp_path,
                         capture_output=True, encoding="utf-8")
    assert "tools/test_tools.py & tools=" in run.stdout
    assert (tmp_path / "log").read_text(encoding="utf-8").splitlines() == ["tools/test_tools.py --check"]
