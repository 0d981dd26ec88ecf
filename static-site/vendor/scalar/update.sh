#!/bin/sh
# Copies Scalar's browser bundle (the API reference page) from node_modules, at the version pinned in
# package.json, with its licence. Run from the repository root after `npm ci`: sh static-site/vendor/scalar/update.sh
set -eu
here=static-site/vendor/scalar
package=node_modules/@scalar/api-reference
cp "$package/dist/browser/standalone.js" "$here/standalone.js"
# @scalar/api-reference ships no LICENSE file: the MIT licence of its monorepo, as @scalar/api-client ships it.
cp node_modules/@scalar/api-client/LICENSE "$here/LICENSE"
node -e 'const p=require("./'"$package"'/package.json"); console.log(p.name + " " + p.version + " (" + p.license + ")")' > "$here/VERSION"
cat "$here/VERSION"
