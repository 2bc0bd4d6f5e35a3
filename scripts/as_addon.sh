#!/usr/bin/env bash
# Runs COMMAND in a temporary addons directory holding a copy of the working
# tree named beneficiary_relations: pylint-odoo, oca-checks-odoo-module and
# manifestoo take the module's name from its folder, and oca-checks-odoo-module
# finds no module whose folder is the top of a git repository.
#   scripts/as_addon.sh COMMAND [ARGS...]
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
addons=$(mktemp -d)
trap 'rm -rf "$addons"' EXIT
mkdir "$addons/$MODULE"
tar -C "$REPO" --exclude=./.git --exclude=__pycache__ -cf - . | tar -C "$addons/$MODULE" -xf -
cd "$addons"
"$@"
