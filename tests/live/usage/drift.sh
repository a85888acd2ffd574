#!/usr/bin/env bash
# usage/drift.sh [DIR]: the drift the front-end oracle checks (see
# usage/oracle.sh), on top of usage/model.sh:
#   articles.subtitle removed           unused by the front end
#   authors.email removed               read by the front end
#   articles.views integer -> bigInteger  read and filtered
#   articles.author relation removed    read through (author.name)
#   articles.body becomes meta.required Data Studio only
#   block_text.text removed             read through the m2a
#   subscribers.consent added, NOT NULL without a default: creates fail
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

if [[ $# -ge 1 ]]; then dd_load_env "$1"; fi
[[ -n ${DIRECTUS_URL:-} ]] || dd_die "usage: $0 DIR (or source DIR/env.sh first)"
unset DD_TOKEN DD_TOKEN_FILE DD_NO_TOKEN

dd_api_quiet DELETE /fields/articles/subtitle
dd_api_quiet DELETE /fields/authors/email
dd_api_quiet PATCH /fields/articles/views '{"type":"bigInteger","schema":{"data_type":"bigint"}}'
dd_api_quiet DELETE /relations/articles/author
dd_api_quiet PATCH /fields/articles/body '{"meta":{"required":true}}'
dd_api_quiet DELETE /fields/block_text/text
dd_api_quiet POST /fields/subscribers '{"field":"consent","type":"boolean","meta":{"interface":"boolean"},"schema":{"is_nullable":false}}'
dd_log "usage drift applied"
