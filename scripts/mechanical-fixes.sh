#!/usr/bin/env bash
# The mechanical whole-tree rewrite behind `npm run lint` (biome.jsonc): format every file, then
# apply Biome's lint fixes — its safe ones, and the unsafe ones of the rules listed below, each
# reviewed for this code base. Idempotent: a second run changes nothing. Re-run it after merging
# branches, commit the result as its own commit ("mechanical: …"), and keep hand-written changes
# out of that commit.
set -euo pipefail
cd "$(dirname "$0")/.."
biome=node_modules/.bin/biome

# 1. formatter + safe lint fixes (e.g. `import type` for type-only imports, useless regex escapes, literal keys)
"$biome" check --write . >/dev/null || true

# 2. unsafe fixes of reviewed rules only:
#    - noPrototypeBuiltins: Object.prototype.hasOwnProperty.call(o, k) → Object.hasOwn(o, k) (same result)
#    - useOptionalChain: `a && a.b` → `a?.b` (same truthiness where the result is used as a condition)
#    - useLiteralKeys: o['name'] → o.name
"$biome" lint --write --unsafe \
  --only=suspicious/noPrototypeBuiltins \
  --only=complexity/useOptionalChain \
  --only=complexity/useLiteralKeys \
  . >/dev/null || true

# 3. what is left must be clean: anything reported here needs a hand-written fix (or a justified
#    rule switch in biome.jsonc) in a normal commit
"$biome" ci --colors=off .
