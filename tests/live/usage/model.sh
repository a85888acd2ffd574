#!/usr/bin/env bash
# usage/model.sh [DIR]: on top of tests/live/model.sh, what the front-end
# fixture (fixtures/frontends/) needs: an m2a (pages.blocks through
# pages_blocks to block_hero and block_text), a write-only collection
# (subscribers), two more article fields (subtitle, never used by the
# front end) and a few items to read back, so that "answered without a
# field it asked for" can be observed.  Same rules as model.sh: admin
# token, Data Studio JSON shapes, exit 1 at the first non-2xx.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

if [[ $# -ge 1 ]]; then dd_load_env "$1"; fi
[[ -n ${DIRECTUS_URL:-} ]] || dd_die "usage: $0 DIR (or source DIR/env.sh first)"
unset DD_TOKEN DD_TOKEN_FILE DD_NO_TOKEN
call() { dd_api_quiet "$1" "$2" -; }

pk_id='{"field":"id","type":"integer","meta":{"hidden":true,"interface":"input","readonly":true},"schema":{"is_primary_key":true,"has_auto_increment":true}}'

call POST /fields/articles <<'J'
{"field":"subtitle","type":"string","meta":{"interface":"input"},"schema":{}}
J

# --- m2a: pages.blocks -> pages_blocks -> block_hero | block_text ----------
call POST /collections <<J
{"collection":"block_hero","meta":{"icon":"title","group":"content"},"schema":{},
 "fields":[$pk_id,{"field":"headline","type":"string","meta":{"interface":"input"},"schema":{}}]}
J
call POST /collections <<J
{"collection":"block_text","meta":{"icon":"notes","group":"content"},"schema":{},
 "fields":[$pk_id,{"field":"text","type":"text","meta":{"interface":"input-multiline"},"schema":{}}]}
J
call POST /collections <<J
{"collection":"pages","meta":{"icon":"web","group":"content"},"schema":{},
 "fields":[$pk_id,{"field":"path","type":"string","meta":{"interface":"input"},"schema":{}}]}
J
call POST /collections <<'J'
{"collection":"pages_blocks","meta":{"hidden":true,"icon":"import_export","group":"content"},"schema":{},
 "fields":[{"field":"id","type":"integer","schema":{"has_auto_increment":true},"meta":{"hidden":true}}]}
J
call POST /fields/pages_blocks <<'J'
{"field":"pages_id","type":"integer","schema":{},"meta":{"hidden":true}}
J
call POST /fields/pages_blocks <<'J'
{"field":"item","type":"string","schema":{},"meta":{"hidden":true}}
J
call POST /fields/pages_blocks <<'J'
{"field":"collection","type":"string","schema":{},"meta":{"hidden":true}}
J
call POST /fields/pages_blocks <<'J'
{"field":"sort","type":"integer","schema":{},"meta":{"hidden":true}}
J
call POST /fields/pages <<'J'
{"field":"blocks","type":"alias","meta":{"interface":"list-m2a","special":["m2a"]}}
J
call POST /relations <<'J'
{"collection":"pages_blocks","field":"item","related_collection":null,"meta":{"one_allowed_collections":["block_hero","block_text"],"one_collection_field":"collection","junction_field":"pages_id"},"schema":null}
J
call POST /relations <<'J'
{"collection":"pages_blocks","field":"pages_id","related_collection":"pages","meta":{"one_field":"blocks","junction_field":"item","sort_field":"sort","one_deselect_action":"nullify"},"schema":{"on_delete":"SET NULL"}}
J

# --- subscribers: only ever created by the front end -------------------------
call POST /collections <<J
{"collection":"subscribers","meta":{"icon":"mail","group":"content"},"schema":{},
 "fields":[$pk_id,{"field":"email","type":"string","meta":{"interface":"input"},"schema":{}}]}
J

# --- items ---------------------------------------------------------------------
call POST /items/authors <<'J'
{"name":"Ada","email":"ada@example.com"}
J
call POST /items/tags <<'J'
{"name":"news"}
J
call POST /items/languages <<'J'
{"code":"de","name":"Deutsch"}
J
call POST /items/articles <<'J'
{"title":"Hello","status":"published","body":"B","views":5,"subtitle":"S","author":1,
 "topics":[{"tags_id":1}],"translations":[{"languages_code":"de","title":"Hallo"}]}
J
call POST /items/block_hero <<'J'
{"headline":"Big"}
J
call POST /items/block_text <<'J'
{"text":"Lorem"}
J
call POST /items/pages <<'J'
{"path":"/","blocks":[{"collection":"block_hero","item":"1","sort":1},{"collection":"block_text","item":"1","sort":2}]}
J
call PATCH /items/settings <<'J'
{"site_name":"Fixture"}
J
dd_log "usage model built"
