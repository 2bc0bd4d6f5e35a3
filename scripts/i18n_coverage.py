"""Arabic coverage: every msgid of a .pot is translated in i18n/ar.po.

    python3 scripts/i18n_coverage.py POT i18n/ar.po [COMMITTED_POT]

POT is i18n/beneficiary_relations.pot (pre-commit) or a fresh export of the
installed module (scripts/test.sh); with COMMITTED_POT, the committed template
must also hold exactly the msgids of POT. Exits 1 on any gap.
"""

import sys

import polib

HOW_TO_FIX = """to fix:
  odoo -d DB --i18n-export=i18n/beneficiary_relations.pot --modules=beneficiary_relations \\
    --stop-after-init
  msgmerge --quiet --update --no-fuzzy-matching --backup=none i18n/ar.po \\
    i18n/beneficiary_relations.pot
  then translate the empty msgstr entries of i18n/ar.po"""


def msgids(path, translated=False):
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(path)
        if entry.msgid
        and not entry.obsolete
        and (not translated or (entry.translated() and "fuzzy" not in entry.flags))
    }


def main(pot, ar_po, committed_pot=None):
    wanted = msgids(pot)
    gaps = {"not translated in ar.po": wanted - msgids(ar_po, translated=True)}
    if committed_pot:
        committed = msgids(committed_pot)
        gaps["missing from the committed .pot"] = wanted - committed
        gaps["stale in the committed .pot"] = committed - wanted
    for label, keys in gaps.items():
        for _context, msgid in sorted(keys, key=lambda key: key[1])[:30]:
            print(f"{label}: {msgid[:100]!r}")
    if any(gaps.values()):
        print(", ".join(f"{len(keys)} {label}" for label, keys in gaps.items()))
        print(HOW_TO_FIX)
        return 1
    print(f"Arabic coverage: all {len(wanted)} msgids of {pot} are translated in {ar_po}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
