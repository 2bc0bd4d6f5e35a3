"""Check a freshly exported .pot against the committed template and ar.po.

Usage: python3 scripts/i18n_coverage.py FRESH.pot i18n/beneficiary_relations.pot i18n/ar.po

Exits 1 when the committed template misses or keeps stale msgids, or when a
msgid of the fresh export has no (non-fuzzy) Arabic translation.
"""

import sys

import polib


def keys(path, translated_only=False):
    entries = polib.pofile(path)
    return {
        (entry.msgctxt, entry.msgid)
        for entry in entries
        if entry.msgid
        and not entry.obsolete
        and (not translated_only or (entry.translated() and "fuzzy" not in entry.flags))
    }


def main(fresh_path, pot_path, po_path):
    fresh = keys(fresh_path)
    committed = keys(pot_path)
    arabic = keys(po_path, translated_only=True)
    problems = {
        "not in the .pot": sorted(fresh - committed, key=lambda key: key[1]),
        "stale in the .pot": sorted(committed - fresh, key=lambda key: key[1]),
        "not translated in ar.po": sorted(fresh - arabic, key=lambda key: key[1]),
    }
    for label, found in problems.items():
        for _context, msgid in found[:30]:
            print(f"  {label}: {msgid[:100]!r}")
    if any(problems.values()):
        print(
            ", ".join(f"{len(found)} {label}" for label, found in problems.items())
            + ": export the .pot (odoo --i18n-export=i18n/beneficiary_relations.pot"
            " --modules=beneficiary_relations), merge it with scripts/i18n_merge.py"
            " and translate"
        )
        return 1
    print(f"up to date: {len(fresh)} msgids, all translated in ar.po")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
