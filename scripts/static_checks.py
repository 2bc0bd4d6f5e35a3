#!/usr/bin/env python3
"""Static checks of the beneficiary_relations Odoo add-on that need no Odoo.

Run by scripts/test.sh (part "static"), or alone:

    python3 scripts/static_checks.py [--repo PATH]

Every check prints one line "PASS <name>: ..." or "FAIL <name>: ..." followed
by details, and the last line is "static_checks: N passed, M failed".
The exit status is 0 only when every check passed.
"""

import argparse
import ast
import csv
import os
import re
import sys

MODULE = "beneficiary_relations"
ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
AR_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)
# directories whose .xml/.csv files Odoo only loads when the manifest lists them
DATA_DIRS = ("data", "views", "security", "reports", "wizard", "demo")
# never walked: VCS data, caches, scratch space of the scripts
SKIP_DIRS = {".git", "__pycache__", ".tmp", ".pytest_cache", ".hypothesis", ".ruff_cache"}
MAX_LISTED = 200  # cap on the number of detail lines printed per check


class Check:
    """Result of one named check: a list of problems (empty means passed)."""

    def __init__(self, name, description):
        self.name = name
        self.description = description
        self.problems = []
        self.notes = []

    def fail(self, message):
        self.problems.append(message)

    def note(self, message):
        self.notes.append(message)

    @property
    def passed(self):
        return not self.problems

    def report(self):
        status = "PASS" if self.passed else "FAIL"
        summary = self.description
        if self.problems:
            summary += f" ({len(self.problems)} problem(s))"
        print(f"{status} {self.name}: {summary}")
        for message in self.problems[:MAX_LISTED]:
            print(f"    - {message}")
        if len(self.problems) > MAX_LISTED:
            print(f"    ... and {len(self.problems) - MAX_LISTED} more")
        for message in self.notes:
            print(f"    note: {message}")


def walk_files(repo, extensions, subdirs=None):
    """Sorted repository-relative paths of files with one of the extensions."""
    roots = [os.path.join(repo, d) for d in subdirs] if subdirs else [repo]
    found = []
    for root in roots:
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for filename in filenames:
                if filename.lower().endswith(extensions):
                    found.append(os.path.relpath(os.path.join(dirpath, filename), repo))
    return sorted(found)


def load_manifest(repo):
    path = os.path.join(repo, "__manifest__.py")
    with open(path, encoding="utf-8") as handle:
        manifest = ast.literal_eval(handle.read())
    if not isinstance(manifest, dict):
        raise ValueError("__manifest__.py is not a dict literal")
    return manifest


def check_manifest(repo, manifest, error):
    check = Check("manifest", "version 18.0.x.y.z, license LGPL-3, installable")
    if manifest is None:
        check.fail(f"cannot read __manifest__.py: {error}")
        return check
    version = str(manifest.get("version", ""))
    if not version.startswith("18.0."):
        check.fail(f"version {version!r} does not start with '18.0.'")
    elif not re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", version):
        check.fail(f"version {version!r} is not of the form 18.0.x.y.z")
    if manifest.get("license") != "LGPL-3":
        check.fail(f"license is {manifest.get('license')!r}, expected 'LGPL-3'")
    if manifest.get("installable") is False:
        check.fail("installable is False")
    for key in ("name", "depends"):
        if key not in manifest:
            check.fail(f"missing key {key!r}")
    return check


def requirement_names(path):
    names = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
            if match:
                names.add(canonical(match.group(0)))
    return names


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def check_requirements(repo, manifest):
    check = Check("requirements", "manifest external python dependencies are in requirements.txt")
    if manifest is None:
        check.fail("manifest unreadable")
        return check
    wanted = (manifest.get("external_dependencies") or {}).get("python") or []
    path = os.path.join(repo, "requirements.txt")
    if not wanted:
        check.note("no external python dependencies declared")
        return check
    if not os.path.isfile(path):
        check.fail(f"requirements.txt is missing but the manifest needs {', '.join(wanted)}")
        return check
    listed = requirement_names(path)
    for name in wanted:
        if canonical(name) not in listed:
            check.fail(f"python dependency {name!r} is not listed in requirements.txt")
    return check


def check_manifest_files(repo, manifest):
    listed_check = Check(
        "manifest-lists-files",
        f"every .xml/.csv under {', '.join(DATA_DIRS)} is in the manifest data/demo",
    )
    exist_check = Check(
        "manifest-files-exist", "every manifest data/demo file exists, no duplicates"
    )
    if manifest is None:
        listed_check.fail("manifest unreadable")
        exist_check.fail("manifest unreadable")
        return [listed_check, exist_check]
    listed = []
    for key in ("data", "demo"):
        value = manifest.get(key) or []
        if not isinstance(value, list):
            exist_check.fail(f"manifest key {key!r} is not a list")
            continue
        for entry in value:
            listed.append((key, entry))
            if not isinstance(entry, str):
                exist_check.fail(f"{key}: entry {entry!r} is not a string")
            elif not os.path.isfile(os.path.join(repo, entry)):
                exist_check.fail(f"{key}: {entry} does not exist")
    seen = set()
    for key, entry in listed:
        if entry in seen:
            exist_check.fail(f"{key}: {entry} is listed more than once")
        seen.add(entry)
    listed_paths = {os.path.normpath(entry) for _key, entry in listed if isinstance(entry, str)}
    for path in walk_files(repo, (".xml", ".csv"), DATA_DIRS):
        if os.path.normpath(path) not in listed_paths:
            listed_check.fail(f"{path} is not listed in the manifest 'data' or 'demo'")
    return [listed_check, exist_check]


def check_xml(repo):
    check = Check("xml", "every .xml file is well-formed")
    try:
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - depends on the machine
        check.fail(f"lxml is not importable: {exc}")
        return check
    files = walk_files(repo, (".xml",))
    for path in files:
        try:
            etree.parse(os.path.join(repo, path))
        except (etree.XMLSyntaxError, OSError) as exc:
            check.fail(f"{path}: {exc}")
    check.description += f" ({len(files)} file(s))"
    return check


def check_csv(repo):
    check = Check("csv", "every .csv file parses; ir.model.access.csv is well-formed")
    files = walk_files(repo, (".csv",))
    for path in files:
        try:
            with open(os.path.join(repo, path), encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle, strict=True))
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            check.fail(f"{path}: {exc}")
            continue
        if not rows:
            check.fail(f"{path}: empty file")
            continue
        header = [cell.strip() for cell in rows[0]]
        width = len(header)
        is_access = os.path.basename(path) == "ir.model.access.csv"
        if is_access and header != ACCESS_HEADER:
            check.fail(f"{path}: header is {','.join(header)}; expected {','.join(ACCESS_HEADER)}")
        ids = {}
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                check.fail(f"{path}:{number}: {len(row)} column(s), header has {width}")
                continue
            if is_access and len(row) != 8:
                check.fail(f"{path}:{number}: {len(row)} column(s), expected 8")
                continue
            if is_access:
                for column, cell in zip(ACCESS_HEADER[4:], row[4:], strict=True):
                    if cell.strip() not in ("0", "1"):
                        check.fail(f"{path}:{number}: {column} is {cell!r}, expected 0 or 1")
                if not row[2].strip():
                    check.fail(f"{path}:{number}: empty model_id:id")
            if "id" in header:
                xmlid = row[header.index("id")].strip()
                if not xmlid:
                    check.fail(f"{path}:{number}: empty id")
                elif xmlid in ids:
                    check.fail(f"{path}:{number}: id {xmlid!r} already used on line {ids[xmlid]}")
                else:
                    ids[xmlid] = number
    check.description += f" ({len(files)} file(s))"
    return check


def load_po(path, checks):
    import polib

    try:
        return polib.pofile(path, check_for_duplicates=True, wrapwidth=0)
    except (OSError, ValueError) as exc:
        checks.fail(f"{path}: {exc}")
        return None


def check_po(repo):
    """po syntax, module comments, ar.po headers, Arabic coverage."""
    syntax = Check("po-syntax", "every .po/.pot file parses (polib), no duplicate msgids")
    comments = Check("po-module-comments", f"every entry has '#. module: {MODULE}'")
    ar_headers = Check("ar-po-headers", "i18n/ar.po has Language: ar and the Arabic Plural-Forms")
    coverage = Check(
        "ar-coverage",
        f"every msgid of i18n/{MODULE}.pot is translated in i18n/ar.po, no fuzzy entries",
    )
    try:
        import polib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the machine
        for check in (syntax, comments, ar_headers, coverage):
            check.fail(f"polib is not importable: {exc}")
        return [syntax, comments, ar_headers, coverage]

    files = walk_files(repo, (".po", ".pot"))
    parsed = {}
    for path in files:
        po = load_po(os.path.join(repo, path), syntax)
        if po is None:
            continue
        parsed[path] = po
        for entry in po:
            if entry.obsolete:
                continue
            lines = [line.strip() for line in (entry.comment or "").splitlines()]
            if f"module: {MODULE}" not in lines:
                comments.fail(
                    f"{path}:{entry.linenum}: msgid {short(entry.msgid)} lacks the comment"
                )
    syntax.description += f" ({len(files)} file(s))"
    comments.description += f" ({len(parsed)} file(s))"

    pot_path = os.path.join("i18n", f"{MODULE}.pot")
    ar_path = os.path.join("i18n", "ar.po")
    for path in (pot_path, ar_path):
        if not os.path.isfile(os.path.join(repo, path)):
            coverage.fail(f"{path} does not exist")
    if not os.path.isfile(os.path.join(repo, ar_path)):
        ar_headers.fail(f"{ar_path} does not exist")
    if not os.path.isfile(os.path.join(repo, pot_path)):
        comments.fail(f"{pot_path} does not exist")

    ar_po = parsed.get(ar_path)
    if ar_po is not None:
        language = ar_po.metadata.get("Language", "")
        if language != "ar":
            ar_headers.fail(f"Language header is {language!r}, expected 'ar'")
        plural = " ".join(ar_po.metadata.get("Plural-Forms", "").split())
        if plural != AR_PLURAL_FORMS:
            ar_headers.fail(f"Plural-Forms header is {plural!r}, expected {AR_PLURAL_FORMS!r}")
    elif os.path.isfile(os.path.join(repo, ar_path)):
        ar_headers.fail(f"{ar_path} could not be parsed")

    pot = parsed.get(pot_path)
    if pot is not None and ar_po is not None:
        translations = {}
        for entry in ar_po:
            if entry.obsolete:
                continue
            translations[(entry.msgctxt, entry.msgid)] = entry
            if entry.fuzzy:
                coverage.fail(f"fuzzy entry in {ar_path}:{entry.linenum}: {short(entry.msgid)}")
        missing = 0
        total = 0
        for entry in pot:
            if entry.obsolete or not entry.msgid:
                continue
            total += 1
            translated = translations.get((entry.msgctxt, entry.msgid))
            if translated is None:
                missing += 1
                coverage.fail(f"missing in ar.po: {short(entry.msgid)}")
            elif not is_translated(translated):
                missing += 1
                coverage.fail(
                    f"empty msgstr in {ar_path}:{translated.linenum}: {short(entry.msgid)}"
                )
        pot_keys = {(entry.msgctxt, entry.msgid) for entry in pot if not entry.obsolete}
        extra = [key for key in translations if key not in pot_keys and key[1]]
        coverage.description += f" ({total - missing}/{total} translated, {missing} missing)"
        if extra:
            coverage.note(f"{len(extra)} ar.po entr(y/ies) not in the .pot (stale translations)")
    return [syntax, comments, ar_headers, coverage]


def is_translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(
            value.strip() for value in entry.msgstr_plural.values()
        )
    return bool(entry.msgstr.strip())


def short(text, width=70):
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--repo", default=default_repo, help="module directory (repo root)")
    args = parser.parse_args(argv)
    repo = os.path.abspath(args.repo)

    manifest, error = None, None
    try:
        manifest = load_manifest(repo)
    except (OSError, ValueError, SyntaxError) as exc:
        error = exc

    checks = [check_xml(repo), check_csv(repo)]
    checks += check_po(repo)
    checks += check_manifest_files(repo, manifest)
    checks += [check_manifest(repo, manifest, error), check_requirements(repo, manifest)]

    for check in checks:
        check.report()
    passed = sum(1 for check in checks if check.passed)
    failed = len(checks) - passed
    print(f"static_checks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
