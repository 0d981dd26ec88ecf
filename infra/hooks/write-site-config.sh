#!/bin/sh
# azd predeploy hook (see azure.yaml): tells the static site where its API is.
#
# Writes static-site/config.json ({ "apiBaseUrl": "<origin>" }, read by static-site/js/api.js) and puts
# the same origin in the connect-src directive of the site's Content-Security-Policy
# (static-site/staticwebapp.config.json), so the browser may call it. API_BASE_URL is the output of
# infra/main.bicep that azd keeps in the environment: the function app's https origin, or empty when
# the function app is linked to the Static Web App (the API is then on the site's own origin).
#
# Usage: API_BASE_URL=https://func-....azurewebsites.net infra/hooks/write-site-config.sh [site-folder]
set -eu

site="${1:-$(dirname "$0")/../../static-site}"
base="${API_BASE_URL-}"
base="${base%/}"

case "$base" in
  "") ;;
  https://*)
    # An origin only: scheme and host name (and port), nothing that could break the JSON or the CSP.
    if ! printf '%s\n' "$base" | grep -Eq '^https://[A-Za-z0-9.-]+(:[0-9]+)?$'; then
      echo "write-site-config: API_BASE_URL is not an https origin: $base" >&2
      exit 1
    fi
    ;;
  *)
    echo "write-site-config: API_BASE_URL must be empty or an https origin, not: $base" >&2
    exit 1
    ;;
esac

config="$site/staticwebapp.config.json"
if ! grep -q "connect-src 'self'" "$config"; then
  echo "write-site-config: no connect-src 'self' directive in $config" >&2
  exit 1
fi

printf '{ "apiBaseUrl": "%s" }\n' "$base" > "$site/config.json"

if [ -n "$base" ]; then
  connect="connect-src 'self' $base"
else
  connect="connect-src 'self'"
fi
# Replaces the whole directive, so that running the hook again (or with another origin) is idempotent.
sed -e "s#connect-src 'self'[^;\"]*#$connect#" "$config" > "$config.tmp"
mv "$config.tmp" "$config"

echo "write-site-config: apiBaseUrl=\"$base\", $connect"
