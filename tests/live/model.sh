#!/usr/bin/env bash
# model.sh [DIR]
# Build a realistic content model through the Directus API, with the JSON
# shapes the Data Studio sends, as the admin (DD_ADMIN_TOKEN).  DIR is an
# instance dir from directus-up.sh (default: $DD_DIR from a sourced env.sh).
# Exits non-zero, printing the method, path, status and body, at the first
# failed call.
#
# The model (all collections inside the folder `content`, except the
# system-ish junctions which are hidden, as the Data Studio makes them):
#   content           folder (collection without a table)
#   authors           id, name (required), email (string, nullable)
#   articles          id, status (dropdown, default draft, not null),
#                     title (string(255), required, not null), body (text),
#                     views (integer, default 0), price (decimal(10,2)),
#                     published_at (timestamp), tags (json),
#                     author (m2o -> authors, ON DELETE SET NULL),
#                     image (m2o -> directus_files, ON DELETE SET NULL),
#                     user_created / date_created (Directus specials),
#                     comments (o2m alias <- comments.article),
#                     topics (m2m alias -> tags via articles_tags),
#                     translations (translations alias via
#                     articles_translations -> languages)
#   comments          id, article (m2o -> articles, CASCADE), body (text)
#   tags              id, name (string, unique)
#   articles_tags     junction: id, articles_id, tags_id
#   languages         code (string pk), name, direction
#   articles_translations  id, articles_id, languages_code, title, body
#   settings          singleton: id, site_name, maintenance (boolean)
# The tables are left empty.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [[ $# -ge 1 ]]; then dd_load_env "$1"; fi
[[ -n ${DIRECTUS_URL:-} ]] || dd_die "usage: $0 DIR (or source DIR/env.sh first)"
unset DD_TOKEN DD_TOKEN_FILE DD_NO_TOKEN

t0=$(dd_now_ms)
calls=0
# call METHOD PATH: JSON body on stdin.
call() {
	calls=$((calls + 1))
	dd_api_quiet "$1" "$2" -
}

# An integer auto-increment primary key, as the Data Studio creates it.
pk_id='{"field":"id","type":"integer","meta":{"hidden":true,"interface":"input","readonly":true},"schema":{"is_primary_key":true,"has_auto_increment":true}}'

# --- folder ---------------------------------------------------------------------
call POST /collections <<'EOF'
{"collection":"content","meta":{"icon":"folder","note":"Editorial content","collapse":"open","sort":1},"schema":null}
EOF

# --- authors ---------------------------------------------------------------------
call POST /collections <<EOF
{"collection":"authors","meta":{"icon":"person","group":"content","sort":1,"singleton":false,"display_template":"{{name}}"},"schema":{},
 "fields":[$pk_id,
  {"field":"name","type":"string","meta":{"interface":"input","required":true,"width":"half"},"schema":{"is_nullable":false}},
  {"field":"email","type":"string","meta":{"interface":"input","width":"half","note":"Contact address"},"schema":{}}]}
EOF

# --- articles --------------------------------------------------------------------
call POST /collections <<EOF
{"collection":"articles","meta":{"icon":"article","group":"content","sort":2,"singleton":false,"archive_field":"status","archive_value":"archived","unarchive_value":"draft","display_template":"{{title}}"},"schema":{},
 "fields":[$pk_id,
  {"field":"status","type":"string","meta":{"width":"full","interface":"select-dropdown","display":"labels",
    "options":{"choices":[{"text":"Published","value":"published"},{"text":"Draft","value":"draft"},{"text":"Archived","value":"archived"}]},
    "display_options":{"showAsDot":true,"choices":[{"text":"Published","value":"published","foreground":"#FFFFFF","background":"#00C897"},{"text":"Draft","value":"draft","foreground":"#18222F","background":"#D3DAE4"},{"text":"Archived","value":"archived","foreground":"#FFFFFF","background":"#F7971C"}]}},
   "schema":{"default_value":"draft","is_nullable":false}},
  {"field":"user_created","type":"uuid","meta":{"special":["user-created"],"interface":"select-dropdown-m2o","options":{"template":"{{avatar}} {{first_name}} {{last_name}}"},"display":"user","readonly":true,"hidden":true,"width":"half"},"schema":{}},
  {"field":"date_created","type":"timestamp","meta":{"special":["date-created"],"interface":"datetime","readonly":true,"hidden":true,"width":"half","display":"datetime","display_options":{"relative":true}},"schema":{}}]}
EOF
call POST /relations <<'EOF'
{"collection":"articles","field":"user_created","related_collection":"directus_users","schema":{}}
EOF

call POST /fields/articles <<'EOF'
{"field":"title","type":"string","meta":{"interface":"input","required":true,"width":"full","options":{"trim":true}},"schema":{"max_length":255,"is_nullable":false}}
EOF
call POST /fields/articles <<'EOF'
{"field":"body","type":"text","meta":{"interface":"input-rich-text-md","width":"full"},"schema":{}}
EOF
call POST /fields/articles <<'EOF'
{"field":"views","type":"integer","meta":{"interface":"input","width":"half","readonly":true},"schema":{"default_value":0}}
EOF
call POST /fields/articles <<'EOF'
{"field":"price","type":"decimal","meta":{"interface":"input","width":"half"},"schema":{"numeric_precision":10,"numeric_scale":2}}
EOF
call POST /fields/articles <<'EOF'
{"field":"published_at","type":"timestamp","meta":{"interface":"datetime","width":"half"},"schema":{}}
EOF
call POST /fields/articles <<'EOF'
{"field":"tags","type":"json","meta":{"interface":"tags","special":["cast-json"],"width":"half","options":{"alphabetize":true}},"schema":{}}
EOF

# m2o articles.author -> authors, ON DELETE SET NULL
call POST /fields/articles <<'EOF'
{"field":"author","type":"integer","meta":{"interface":"select-dropdown-m2o","special":["m2o"],"width":"half","options":{"template":"{{name}}"},"display":"related-values","display_options":{"template":"{{name}}"}},"schema":{}}
EOF
call POST /relations <<'EOF'
{"collection":"articles","field":"author","related_collection":"authors","meta":{"sort_field":null},"schema":{"on_delete":"SET NULL"}}
EOF

# files field: articles.image -> directus_files
call POST /fields/articles <<'EOF'
{"field":"image","type":"uuid","meta":{"interface":"file-image","special":["file"],"width":"half","display":"image"},"schema":{}}
EOF
call POST /relations <<'EOF'
{"collection":"articles","field":"image","related_collection":"directus_files","meta":{"sort_field":null},"schema":{"on_delete":"SET NULL"}}
EOF

# --- comments + o2m articles.comments ---------------------------------------------
call POST /collections <<EOF
{"collection":"comments","meta":{"icon":"chat","group":"content","sort":3,"singleton":false},"schema":{},
 "fields":[$pk_id,
  {"field":"body","type":"text","meta":{"interface":"input-multiline","required":true},"schema":{}}]}
EOF
call POST /fields/comments <<'EOF'
{"field":"article","type":"integer","meta":{"interface":"select-dropdown-m2o","special":["m2o"],"hidden":false},"schema":{}}
EOF
call POST /fields/articles <<'EOF'
{"field":"comments","type":"alias","meta":{"interface":"list-o2m","special":["o2m"],"options":{"template":"{{body}}"}}}
EOF
call POST /relations <<'EOF'
{"collection":"comments","field":"article","related_collection":"articles","meta":{"one_field":"comments","sort_field":null,"one_deselect_action":"delete"},"schema":{"on_delete":"CASCADE"}}
EOF

# --- tags + m2m articles.topics through articles_tags ------------------------------
call POST /collections <<EOF
{"collection":"tags","meta":{"icon":"sell","group":"content","sort":4,"singleton":false,"display_template":"{{name}}"},"schema":{},
 "fields":[$pk_id,
  {"field":"name","type":"string","meta":{"interface":"input","required":true},"schema":{"is_unique":true,"is_nullable":false}}]}
EOF
call POST /collections <<'EOF'
{"collection":"articles_tags","meta":{"hidden":true,"icon":"import_export","group":"content","sort":5},"schema":{},
 "fields":[{"field":"id","type":"integer","schema":{"has_auto_increment":true},"meta":{"hidden":true}}]}
EOF
call POST /fields/articles_tags <<'EOF'
{"field":"articles_id","type":"integer","schema":{},"meta":{"hidden":true}}
EOF
call POST /fields/articles_tags <<'EOF'
{"field":"tags_id","type":"integer","schema":{},"meta":{"hidden":true}}
EOF
call POST /fields/articles <<'EOF'
{"field":"topics","type":"alias","meta":{"interface":"list-m2m","special":["m2m"],"options":{"template":"{{tags_id.name}}"}}}
EOF
call POST /relations <<'EOF'
{"collection":"articles_tags","field":"tags_id","related_collection":"tags","meta":{"one_field":null,"sort_field":null,"one_deselect_action":"nullify","junction_field":"articles_id"},"schema":{"on_delete":"SET NULL"}}
EOF
call POST /relations <<'EOF'
{"collection":"articles_tags","field":"articles_id","related_collection":"articles","meta":{"one_field":"topics","sort_field":null,"one_deselect_action":"nullify","junction_field":"tags_id"},"schema":{"on_delete":"SET NULL"}}
EOF

# --- translations: languages + articles_translations + articles.translations -----
call POST /collections <<'EOF'
{"collection":"languages","meta":{"icon":"translate","group":"content","sort":6},"schema":{"name":"languages"},
 "fields":[{"field":"code","type":"string","schema":{"is_primary_key":true},"meta":{}},
  {"field":"name","type":"string","schema":{},"meta":{}},
  {"field":"direction","type":"string","schema":{"default_value":"ltr"},
   "meta":{"interface":"select-dropdown","options":{"choices":[{"text":"$t:left_to_right","value":"ltr"},{"text":"$t:right_to_left","value":"rtl"}]},
    "display":"labels","display_options":{"choices":[{"text":"$t:left_to_right","value":"ltr"},{"text":"$t:right_to_left","value":"rtl"}],"format":false}}}]}
EOF
call POST /collections <<'EOF'
{"collection":"articles_translations","meta":{"hidden":true,"icon":"import_export","group":"content","sort":7},"schema":{"name":"articles_translations"},
 "fields":[{"field":"id","type":"integer","schema":{"has_auto_increment":true},"meta":{"hidden":true}}]}
EOF
call POST /fields/articles_translations <<'EOF'
{"field":"articles_id","type":"integer","schema":{},"meta":{"hidden":true}}
EOF
call POST /fields/articles_translations <<'EOF'
{"field":"languages_code","type":"string","schema":{},"meta":{"hidden":true}}
EOF
call POST /fields/articles_translations <<'EOF'
{"field":"title","type":"string","meta":{"interface":"input"},"schema":{}}
EOF
call POST /fields/articles_translations <<'EOF'
{"field":"body","type":"text","meta":{"interface":"input-rich-text-md"},"schema":{}}
EOF
call POST /fields/articles <<'EOF'
{"field":"translations","type":"alias","meta":{"interface":"translations","special":["translations"],"options":{"languageField":"name"}}}
EOF
call POST /relations <<'EOF'
{"collection":"articles_translations","field":"languages_code","related_collection":"languages","meta":{"one_field":null,"sort_field":null,"one_deselect_action":"nullify","junction_field":"articles_id"},"schema":{"on_delete":"SET NULL"}}
EOF
call POST /relations <<'EOF'
{"collection":"articles_translations","field":"articles_id","related_collection":"articles","meta":{"one_field":"translations","sort_field":null,"one_deselect_action":"nullify","junction_field":"languages_code"},"schema":{"on_delete":"SET NULL"}}
EOF

# --- settings singleton ----------------------------------------------------------
call POST /collections <<EOF
{"collection":"settings","meta":{"icon":"settings","singleton":true,"sort":2,"note":"Site-wide settings"},"schema":{},
 "fields":[$pk_id,
  {"field":"site_name","type":"string","meta":{"interface":"input","width":"half"},"schema":{"default_value":"My site"}},
  {"field":"maintenance","type":"boolean","meta":{"interface":"boolean","special":["cast-boolean"],"width":"half"},"schema":{"default_value":false,"is_nullable":false}}]}
EOF

dd_log "model built: $calls API calls in $(dd_elapsed "$t0")"
