#!/usr/bin/env python3
"""Merge an Odoo .pot template into a language .po file.

Usage:
    python3 scripts/i18n_merge.py i18n/beneficiary_relations.pot i18n/ar.po [--check]

Existing translations are kept for every msgid (+ msgctxt) still in the
template, new msgids are added untranslated and obsolete entries are dropped.
Occurrences and extracted comments always come from the template.

With --check nothing is written; the exit status is 1 if a msgid is
untranslated or fuzzy, or if the .po holds entries the template lacks.
"""

import argparse
import os
import sys

import polib

MODULE_COMMENT = "module: beneficiary_relations"
WRAPWIDTH = 78  # same as Odoo's own exports
HEADER = {
    "Language": "ar",
    "Content-Type": "text/plain; charset=UTF-8",
    "Plural-Forms": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
    ),
}
NPLURALS = 6


def key(entry):
    return (entry.msgctxt, entry.msgid)


def is_translated(entry):
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return len(forms) == NPLURALS and all(forms.get(i) for i in range(NPLURALS))
    return bool(entry.msgstr)


def merge(pot, old):
    """Return a new POFile: the template's entries with ``old``'s translations."""
    known = {key(e): e for e in old if not e.obsolete} if old else {}
    po = polib.POFile(wrapwidth=WRAPWIDTH)
    po.header = old.header if old and old.header else pot.header
    po.metadata = dict(pot.metadata)
    if old:
        for name in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
            if old.metadata.get(name):
                po.metadata[name] = old.metadata[name]
    po.metadata.update(HEADER)
    po.metadata["Project-Id-Version"] = pot.metadata.get("Project-Id-Version", "")

    for tmpl in pot:
        if tmpl.obsolete:
            continue
        comments = tmpl.comment.split("\n") if tmpl.comment else []
        if MODULE_COMMENT not in comments:
            comments.insert(0, MODULE_COMMENT)  # Odoo's import needs it
        entry = polib.POEntry(
            msgctxt=tmpl.msgctxt,
            msgid=tmpl.msgid,
            msgid_plural=tmpl.msgid_plural,
            comment="\n".join(comments),
            occurrences=list(tmpl.occurrences),
            flags=[f for f in tmpl.flags if f != "fuzzy"],
        )
        prev = known.get(key(tmpl))
        if prev is not None:
            entry.tcomment = prev.tcomment
            if "fuzzy" in prev.flags:
                entry.flags.append("fuzzy")
        if tmpl.msgid_plural:
            prev_forms = prev.msgstr_plural if prev is not None else {}
            entry.msgstr_plural = {i: prev_forms.get(i, "") for i in range(NPLURALS)}
        else:
            entry.msgstr = prev.msgstr if prev is not None else ""
        po.append(entry)
    return po


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pot")
    parser.add_argument("po")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 unless the .po is complete and current",
    )
    args = parser.parse_args()

    pot = polib.pofile(args.pot, wrapwidth=WRAPWIDTH)
    old = polib.pofile(args.po, wrapwidth=WRAPWIDTH) if os.path.exists(args.po) else None
    po = merge(pot, old)

    pot_keys = {key(e) for e in pot if not e.obsolete}
    stale = [e for e in (old or []) if e.obsolete or key(e) not in pot_keys]
    untranslated = [e for e in po if not is_translated(e)]
    fuzzy = [e for e in po if "fuzzy" in e.flags and is_translated(e)]

    for label, entries in (
        ("Untranslated", untranslated),
        ("Fuzzy", fuzzy),
        ("Not in template", stale),
    ):
        if entries:
            print(f"{label}:")
            for e in entries:
                ctxt = f"[{e.msgctxt}] " if e.msgctxt else ""
                print(f"  {ctxt}{e.msgid!r}")
    print(
        f"{len(po)} entries, {len(untranslated)} untranslated, "
        f"{len(fuzzy)} fuzzy, {len(stale)} not in template"
    )

    if args.check:
        return 1 if (untranslated or fuzzy or stale) else 0
    po.save(args.po)
    print(f"Wrote {args.po}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
