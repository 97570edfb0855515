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

import json
import re
import subprocess
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
