"""A stand-in for GitHub's API, enough for the desk (Sveltia CMS) to sign in
with a token, load a repository and list its editorial workflow's pull
requests, served from a real git repository on disk (a Playwright route).

Answers only what the CMS asks at start (read from its requests, and from
its source: src/lib/services/backends/git/github/): the user, the
collaborator check, the last commit, the tree, blob texts with their last
commit, a photo's bytes, and the open pull requests with their files. Anything else is
recorded in ``unknown`` and answered 404, so a test sees what it missed.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

API = "https://api.github.com"
USER = {"login": "bientap", "name": "Ban thông tin", "html_url": "https://github.com/bientap", "id": 7,
        "avatar_url": "", "email": None}


@dataclass
class PullRequest:
    number: int
    branch: str
    title: str
    labels: list[str]
    draft: bool = True


@dataclass
class FakeGitHub:
    repo: Path                                  # a git repository; its branch "main" is the site
    owner_repo: str                             # DESK["repo"], as the CMS asks for it
    pull_requests: list[PullRequest] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.repo, check=True, capture_output=True,
                              encoding="utf-8").stdout

    def blob(self, oid: str) -> bytes:
        return subprocess.run(["git", "cat-file", "-p", oid], cwd=self.repo, check=True, capture_output=True).stdout

    def __call__(self, route) -> None:
        request = route.request
        path = request.url.removeprefix(API)
        base = f"/repos/{self.owner_repo}"
        if path == "/user":
            return route.fulfill(json=USER)
        if path == f"{base}/collaborators/{USER['login']}":
            return route.fulfill(status=204)
        if path.startswith(f"{base}/git/blobs/"):  # a photo (Accept: application/vnd.github.raw)
            return route.fulfill(body=self.blob(path.rsplit("/", 1)[-1]),
                                 headers={"Content-Type": "application/octet-stream"})
        if path.startswith(f"{base}/git/trees/"):
            return route.fulfill(json={"tree": self.tree(path.rsplit("/", 1)[-1].split("?")[0])})
        if path == "/graphql" and request.method == "POST":
            answer = self.graphql(json.loads(request.post_data))
            if answer is not None:
                return route.fulfill(json={"data": answer})
        self.unknown.append(f"{request.method} {path} {(request.post_data or '')[:200]}")
        route.fulfill(status=404, json={"message": "Not Found"})

    # --- REST ----------------------------------------------------------------------------
    def tree(self, ref: str) -> list[dict]:
        rows = []
        for line in self.git("ls-tree", "-r", "-l", ref).splitlines():
            meta, path = line.split("\t", 1)
            _, kind, sha, size = meta.split()
            rows.append({"path": path, "type": kind, "sha": sha, "size": int(size)})
        return rows

    # --- GraphQL ---------------------------------------------------------------------------
    def graphql(self, body: dict) -> dict | None:
        query = body["query"]
        if "pullRequests(" in query:
            return {"repository": {"pullRequests": {"nodes": [self.node(pr) for pr in self.pull_requests]}}}
        if "defaultBranchRef" in query:
            return {"repository": {"defaultBranchRef": {"name": "main"}}}
        aliases = re.findall(r"(\w+_\d+):\s*(object\((?:oid|expression):\s*(\"(?:[^\"\\]|\\.)*\")\)|ref\()", query)
        if aliases:
            return {"repository": {alias: self.alias(alias, json.loads(target) if target else None)
                                   for alias, _, target in aliases}}
        if "ref(qualifiedName: $branch)" in query:  # the last commit of a branch
            oid = self.git("rev-parse", body.get("variables", {}).get("branch", "main")).strip()
            return {"repository": {"ref": {"target": {"oid": oid, "history": {"nodes": [{"oid": oid, "message": "x"}]}}}}}
        return None

    def alias(self, alias: str, target: str | None) -> dict | None:
        if alias.startswith("commit_"):
            return {"target": {"history": {"nodes": [{
                "author": {"name": USER["name"], "email": "", "user": {"id": USER["id"], "login": USER["login"]}},
                "committedDate": "2025-03-05T01:30:00Z"}]}}}
        if alias.startswith("content_"):  # object(oid: SHA)
            return {"text": self.blob(target).decode("utf-8")}
        if alias.startswith("file_"):  # object(expression: "BRANCH:PATH")
            try:
                oid = self.git("rev-parse", target).strip()
            except subprocess.CalledProcessError:
                return None
            data = self.blob(oid)
            try:
                text, binary = data.decode("utf-8"), False
            except UnicodeDecodeError:
                text, binary = None, True
            return {"oid": oid, "byteSize": len(data), "isBinary": binary, "text": text}
        return None

    def node(self, pr: PullRequest) -> dict:
        changes = {"A": "ADDED", "M": "MODIFIED", "D": "DELETED"}
        files = []
        for line in self.git("diff", "--name-status", "--no-renames", "main", pr.branch).splitlines():
            status, path = line.split("\t", 1)
            files.append({"path": path, "changeType": changes[status[0]]})
        return {
            "id": f"PR_{pr.number}", "number": pr.number, "title": pr.title,
            "url": f"https://github.com/{self.owner_repo}/pull/{pr.number}", "isDraft": pr.draft,
            "isCrossRepository": False, "createdAt": "2025-03-05T01:30:00Z", "updatedAt": "2025-03-05T01:30:00Z",
            "headRefName": pr.branch,
            "author": {"login": "github-actions", "avatarUrl": "", "name": None, "email": None, "databaseId": 41898282},
            "labels": {"nodes": [{"name": label} for label in pr.labels]},
            "files": {"nodes": files},
        }


@dataclass
class WritableGitHub(FakeGitHub):
    """The stand-in, answering the editorial workflow's writes too: a
    branch made (GraphQL ``createRef``: «already exists» as GitHub says it),
    a commit on it (``createCommitOnBranch``, its ``expectedHeadOid``
    checked), its pull request (REST; 422 when the branch has one open, as
    GitHub answers) and its labels; ``fault(method, path, body)`` may
    answer a request instead: ``(status, headers, json)``."""

    fault: object = None
    closed: set = field(default_factory=set)

    def __call__(self, route) -> None:
        request = route.request
        path, body, method = request.url.removeprefix(API), request.post_data or "", request.method
        answer = self.fault(method, path, body) if self.fault else None
        if answer:
            status, headers, payload = answer
            return route.fulfill(status=status, headers=headers, json=payload)
        base = f"/repos/{self.owner_repo}"
        if path == "/graphql" and method == "POST":
            data = json.loads(body)
            query, variables = data["query"], data.get("variables", {})
            if "createCommitOnBranch" in query:
                return route.fulfill(json=self.commit(query, variables["input"]))
            if "createRef(" in query:
                name = variables["input"]["name"]
                if self.exists(name):
                    return route.fulfill(json={"data": {"createRef": None}, "errors": [
                        {"type": "UNPROCESSABLE", "message": f'A ref named "{name}" already exists in the repository.'}]})
                self.git("update-ref", name, variables["input"]["oid"])
                return route.fulfill(json={"data": {"createRef": {"ref": {"name": name}}}})
            if "fork: repository" in query:  # the default branch's head, before a draft's branch is made
                oid = self.git("rev-parse", "main").strip()
                return route.fulfill(json={"data": {"fork": {"id": "R_1"}, "base": {"ref": {"target": {"oid": oid}}}}})
            if "convertPullRequestToDraft" in query or "markPullRequestReadyForReview" in query:
                pr = self.pr(int(variables["input"]["pullRequestId"].split("_")[1]))
                pr.draft = "convertPullRequestToDraft" in query
                return route.fulfill(json={"data": {"x": {"pullRequest": {"isDraft": pr.draft}}}})
            if "headRefName: $branch" in query:
                count = sum(1 for pr in self.open_prs() if pr.branch == variables["branch"])
                return route.fulfill(json={"data": {"repository": {"pullRequests": {"totalCount": count}}}})
            if "pullRequests(" in query:
                return route.fulfill(json={"data": {"repository": {"pullRequests": {
                    "nodes": [self.node(pr) for pr in self.open_prs()]}}}})
        if path == f"{base}/pulls" and method == "POST":
            asked = json.loads(body)
            if any(pr.branch == asked["head"] for pr in self.open_prs()):
                return route.fulfill(status=422, json={"message": "Validation Failed", "errors": [
                    {"resource": "PullRequest", "code": "custom",
                     "message": f"A pull request already exists for {self.owner_repo.split('/')[0]}:{asked['head']}."}]})
            pr = PullRequest(max([pr.number for pr in self.pull_requests] + [0]) + 1, asked["head"], asked["title"],
                             [], asked.get("draft", True))
            self.pull_requests.append(pr)
            return route.fulfill(status=201, json=self.rest_pr(pr))
        issue = re.fullmatch(rf"{base}/issues/(\d+)", path)
        if issue and method in ("GET", "PATCH"):  # a status change: the labels read, then written whole
            pr = self.pr(int(issue[1]))
            if method == "PATCH":
                pr.labels = list(json.loads(body)["labels"])
            return route.fulfill(json={"number": pr.number, "labels": [{"name": label} for label in pr.labels]})
        merge = re.fullmatch(rf"{base}/pulls/(\d+)/merge", path)
        if merge and method == "PUT":  # «Xuất bản»: merged when main can move to the branch (no conflict)
            pr = self.pr(int(merge[1]))
            head = self.git("rev-parse", pr.branch).strip()
            if subprocess.run(["git", "merge-base", "--is-ancestor", "main", head], cwd=self.repo).returncode:
                return route.fulfill(status=405, json={"message": "Pull Request is not mergeable"})
            self.git("update-ref", "refs/heads/main", head)
            self.closed.add(pr.number)
            return route.fulfill(json={"sha": head, "merged": True, "message": "Pull Request successfully merged"})
        ref = re.fullmatch(rf"{base}/git/refs/heads/(.+)", path)
        if ref and method == "DELETE":  # the draft's branch, once published
            self.git("update-ref", "-d", f"refs/heads/{urllib.parse.unquote(ref[1])}")
            return route.fulfill(status=204, body="")
        labels = re.fullmatch(rf"{base}/issues/(\d+)/labels", path)
        if labels and method == "POST":
            pr = self.pr(int(labels[1]))
            pr.labels = list(dict.fromkeys(pr.labels + json.loads(body)["labels"]))
            return route.fulfill(json=[{"name": label} for label in pr.labels])
        return super().__call__(route)

    def exists(self, ref: str) -> bool:
        return subprocess.run(["git", "rev-parse", "--verify", "-q", ref], cwd=self.repo,
                              capture_output=True).returncode == 0

    def open_prs(self) -> list[PullRequest]:
        return [pr for pr in self.pull_requests if pr.number not in self.closed]

    def pr(self, number: int) -> PullRequest:
        return next(pr for pr in self.pull_requests if pr.number == number)

    def rest_pr(self, pr: PullRequest) -> dict:
        return {"number": pr.number, "node_id": f"PR_{pr.number}", "title": pr.title,
                "html_url": f"https://github.com/{self.owner_repo}/pull/{pr.number}",
                "head": {"sha": self.git("rev-parse", pr.branch).strip(), "ref": pr.branch},
                "created_at": "2025-03-05T01:30:00Z", "updated_at": "2025-03-05T01:30:00Z",
                "draft": pr.draft, "state": "open"}

    def node(self, pr: PullRequest) -> dict:
        return {**super().node(pr), "headRefOid": self.git("rev-parse", pr.branch).strip()}

    def commit(self, query: str, given: dict) -> dict:
        branch = given["branch"]["branchName"]
        head = self.git("rev-parse", branch).strip()
        if given.get("expectedHeadOid") and given["expectedHeadOid"] != head:
            return {"data": {"createCommitOnBranch": None}, "errors": [{"type": "STALE_DATA", "message":
                    f'Expected branch to point to "{given["expectedHeadOid"]}" but it did not. Pull and try again.'}]}
        index = tempfile.mktemp()
        env = {**os.environ, "GIT_INDEX_FILE": index}

        def git(*args, data=None) -> str:
            return subprocess.run(["git", *args], cwd=self.repo, env=env, check=True, capture_output=True,
                                  input=data).stdout.decode().strip()
        try:
            git("read-tree", head)
            for added in given["fileChanges"].get("additions", []):
                oid = git("hash-object", "-w", "--stdin", data=base64.b64decode(added["contents"]))
                git("update-index", "--add", "--cacheinfo", f"100644,{oid},{added['path']}")
            for deleted in given["fileChanges"].get("deletions", []):
                git("update-index", "--force-remove", deleted["path"])
            new = git("commit-tree", git("write-tree"), "-p", head, "-m", given["message"]["headline"])
        finally:
            if os.path.exists(index):
                os.remove(index)
        self.git("update-ref", f"refs/heads/{branch}", new)
        files = {alias: {"oid": self.git("rev-parse", f"{new}:{json.loads(path)}").strip()}
                 for alias, path in re.findall(r"(file_\d+): file\(path: (\"(?:[^\"\\]|\\.)*\")\)", query)}
        return {"data": {"createCommitOnBranch": {"commit": {"oid": new, "committedDate": "2025-03-05T01:30:00Z",
                                                             **files}}}}
