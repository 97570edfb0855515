"""Driving the editors' desk (/quan-tri/, plugins/desk) in Chromium.

Local mode edits a clone through the File System Access API: the CMS calls
``showDirectoryPicker()``, which a headless browser cannot answer. Here it
returns a real directory handle from the Origin Private File System (OPFS),
filled with the files of a working copy on disk (``seed``) and copied back
to disk after saving (``sync_back``). Everything between is the CMS's own
code writing through the real API (createWritable, move, removeEntry);
only the picker dialog is replaced. An editor's Chrome or Edge shows the
real dialog and writes the chosen folder directly.

Typing Vietnamese: ``ime_type`` sends what a Telex/Unikey composition
produces through the Chrome DevTools Protocol (``Input.imeSetComposition``
with the growing syllable, then ``Input.insertText`` with the final one);
``key_type`` sends plain key presses; ``unikey_type`` what Unikey sends
in its default mode on Windows: the letters as typed, then, when a tone or
vowel mark is added, Backspace over the changed letters and the new ones as
key events carrying the character (SendInput's VK_PACKET). Measured: the
same new letters sent with ``Input.insertText`` right after the Backspaces
(no keyboard does that: an IME commits through composition, Unikey through
key events) are dropped by the Lexical editor about one time in five.
"""

from __future__ import annotations

import base64
import time
import unicodedata
from pathlib import Path

PICKER = """
window.showDirectoryPicker = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
"""

SEED = """
async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry('repo', {recursive: true}); } catch (error) {}
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, data] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = repo;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writable = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(Uint8Array.from(atob(data), c => c.charCodeAt(0)));
    await writable.close();
  }
}
"""

READ = """
async () => {
  const files = {};
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  // The CMS may be removing a file while this walks (a photo deleted in the
  // desk): what is gone by the time it is read is not listed.
  const gone = (error) => { if (error.name !== 'NotFoundError') throw error; };
  async function walk(dir, prefix) {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/').catch(gone); continue; }
      let bytes;
      try {
        bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      } catch (error) {
        gone(error);
        continue;
      }
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      files[prefix + name] = btoa(text);
    }
  }
  await walk(repo, '');
  return files;
}
"""


def seed(page, repo: Path, folder: str = "content") -> None:
    """Fill the OPFS folder the picker returns with `repo`/`folder`."""
    files = {p.relative_to(repo).as_posix(): base64.b64encode(p.read_bytes()).decode()
             for p in sorted((repo / folder).rglob("*")) if p.is_file()}
    page.evaluate(SEED, files)


def read(page) -> dict[str, str]:
    """The OPFS folder's files (READ). A file the CMS is writing at that
    moment cannot be read (NotReadableError, seen once on a clean clone
    when a second save followed the first's «Đã lưu»): read again."""
    from playwright.sync_api import Error

    for _ in range(50):
        try:
            return page.evaluate(READ)
        except Error as error:
            if "NotReadableError" not in str(error):
                raise
            time.sleep(0.1)
    return page.evaluate(READ)


def sync_back(page, repo: Path) -> list[str]:
    """Copy every file of the OPFS folder to `repo` (what the CMS wrote);
    return the paths that are new or changed. Read until something differs
    from `repo` and two readings 0.2 s apart agree: the CMS says «Đã lưu»
    when it has sent its writes, and with several files (an album's photos
    and the article) the last one was once not there yet; on a loaded
    machine, once none was."""
    def differing(files: dict) -> dict[str, bytes]:
        found = {}
        for name, data in files.items():
            content = base64.b64decode(data)
            target = repo / name
            if not name.startswith(".git/") and (not target.exists() or target.read_bytes() != content):
                found[name] = content
        return found

    files = read(page)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.2)
        again = read(page)
        if again == files and differing(files):
            break
        files = again
    changed = differing(files)
    for name, content in changed.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(content)
    return sorted(changed)


class Outside:
    """Route for a browser context: requests to the test server go through,
    any other one is aborted and recorded."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.requests: list[str] = []

    def __call__(self, route):
        url = route.request.url
        if url.startswith(self.base_url + "/") or url.startswith(("blob:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()


def syllable_states(syllable: str) -> list[str]:
    """What a Telex composition shows while a syllable is typed: the letters
    without marks, growing, then the syllable with its marks ("Hội": H, Ho,
    Hoi, Hội); đ is typed as d first."""
    bare = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return [bare[:k] for k in range(1, len(bare) + 1)] + [syllable]


def ime_type(page, cdp, text: str) -> None:
    """Type `text` into the focused element as a Vietnamese IME does."""
    words = text.split(" ")
    for number, word in enumerate(words):
        for state in syllable_states(word):
            cdp.send("Input.imeSetComposition",
                     {"text": state, "selectionStart": len(state), "selectionEnd": len(state)})
        cdp.send("Input.insertText", {"text": word})
        if number < len(words) - 1:
            page.keyboard.press("Space")


def key_type(page, cdp, text: str) -> None:
    """Type `text` into the focused element as plain key presses."""
    page.keyboard.type(text)


VK_PACKET = 0xE7  # Windows: a key event that carries one Unicode character


def unikey_type(page, cdp, text: str) -> None:
    """Type `text` as Unikey does: bare letters, then Backspaces and the
    marked letters ("Hội": H, o, i, ⌫⌫, ộ, i)."""
    words = text.split(" ")
    for number, word in enumerate(words):
        bare = syllable_states(word)[-2] if len(word) > 1 else word
        page.keyboard.type(bare)
        same = next((i for i, (a, b) in enumerate(zip(bare, word)) if a != b), min(len(bare), len(word)))
        for _ in range(len(bare) - same):
            page.keyboard.press("Backspace")
        for char in word[same:]:
            event = {"key": char, "windowsVirtualKeyCode": VK_PACKET}
            cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, "unmodifiedText": char, **event})
            cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **event})
        if number < len(words) - 1:
            page.keyboard.press("Space")


TYPING = {"ime": ime_type, "keys": key_type, "unikey": unikey_type}
