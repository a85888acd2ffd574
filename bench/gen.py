#!/usr/bin/env python3
"""Deterministic generator of realistic Directus schema snapshot pairs.

Writes, for each size N (number of fields), into OUTDIR:

    snap-N-old.yaml  snap-N-new.yaml    js-yaml dump style (directus schema
                                        snapshot, the default YAML output)
    snap-N-old.json  snap-N-new.json    JSON.stringify(data, null, 2) style
    snap-N-manifest.json                the changes made to the "new" twin

The shape and key mix follow the real files in ../shared/corpus (Directus
11.17.4 on postgres): collections with 20 meta keys and schema {name},
folders (meta only, no schema), fields with 19 meta keys and 16 schema keys,
alias fields (o2m, m2m, translations, presentation, groups) without schema,
m2o / o2m / m2m / translations relations with meta and schema, collection
translations, select choices, display templates, a few systemFields.

The "new" twin changes about 1% of the entities (collections + fields +
relations) with a fixed mix of kinds; the manifest lists every change.

Python 3 standard library only; the output depends only on N and --seed.

usage: gen.py [--seed S] [--out DIR] [--drift PCT] N [N ...]
"""

import argparse
import json
import os
import random
import re
import sys

# --------------------------------------------------------------------------
# js-yaml style emitter (js-yaml 4 dump defaults: indent 2, lineWidth 80,
# sequences inside mappings indented, single quotes only when needed).

_PLAIN_AMBIGUOUS = re.compile(
    r"""^(?:
        ~|null|Null|NULL|
        true|True|TRUE|false|False|FALSE|
        y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|
        [-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|
            [0-9][0-9_]*(?::[0-5]?[0-9])+|
            (?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][-+]?[0-9]+)?)|
        [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|
        [0-9]{4}-[0-9]{2}-[0-9]{2}.*|
        <<
    )$""", re.X)

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_LINE_WIDTH = 80


def _needs_quotes(s):
    if s == "":
        return True
    if _PLAIN_AMBIGUOUS.match(s):
        return True
    if s[0] in _INDICATORS or s[0] == " " or s[-1] == " ":
        # "-x", "?x", ":x" are plain in YAML when followed by a non-space
        # character, but js-yaml quotes every leading indicator.
        return True
    if ": " in s or " #" in s or s.endswith(":"):
        return True
    for ch in s:
        if ch < " " or ch == "\x7f":
            return True
    return False


def _fold(s, indent):
    """Greedy fold at single spaces, as js-yaml's '>-' does."""
    width = max(_LINE_WIDTH - indent, 40)
    words = s.split(" ")
    lines = []
    cur = words[0]
    for w in words[1:]:
        if len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cur + " " + w
    lines.append(cur)
    return lines


def _scalar(v, indent):
    """Return the scalar as a list of lines: [inline] or [header, body...]."""
    if v is None:
        return ["null"]
    if v is True:
        return ["true"]
    if v is False:
        return ["false"]
    if isinstance(v, int):
        return [str(v)]
    s = v
    pad = " " * indent
    if "\n" in s:
        return ["|-"] + [pad + ln if ln else "" for ln in s.split("\n")]
    if (len(s) > _LINE_WIDTH - indent and " " in s and "  " not in s
            and s[0] != " " and s[-1] != " " and not _needs_quotes(s)):
        return [">-"] + [pad + ln for ln in _fold(s, indent)]
    if _needs_quotes(s):
        return ["'" + s.replace("'", "''") + "'"]
    return [s]


def _emit(v, indent, out):
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and x:
                out.append(pad + k + ":")
                _emit(x, indent + 2, out)
            elif isinstance(x, list) and x:
                out.append(pad + k + ":")
                _emit(x, indent + 2, out)
            elif isinstance(x, dict):
                out.append(pad + k + ": {}")
            elif isinstance(x, list):
                out.append(pad + k + ": []")
            else:
                sc = _scalar(x, indent + 2)
                out.append(pad + k + ": " + sc[0])
                out.extend(sc[1:])
    else:
        for x in v:
            if isinstance(x, dict) and x:
                start = len(out)
                _emit(x, indent + 2, out)
                out[start] = pad + "- " + out[start][indent + 2:]
            elif isinstance(x, list) and x:
                start = len(out)
                _emit(x, indent + 2, out)
                out[start] = pad + "- " + out[start][indent + 2:]
            elif isinstance(x, dict):
                out.append(pad + "- {}")
            elif isinstance(x, list):
                out.append(pad + "- []")
            else:
                sc = _scalar(x, indent + 2)
                out.append(pad + "- " + sc[0])
                out.extend(sc[1:])


def dump_yaml(data, path):
    out = []
    _emit(data, 0, out)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
        f.write("\n")


def dump_json(data, path):
    # JSON.stringify(data, null, 2): no trailing newline, UTF-8 as is.
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=2, ensure_ascii=False))


# --------------------------------------------------------------------------
# Snapshot builder

WORDS = ("article author page post product order customer invoice event "
         "ticket venue speaker session category tag comment review media "
         "gallery project task team member plan billing contract lead deal "
         "company contact address region store stock shipment payment "
         "coupon menu recipe course lesson quiz badge note report").split()
ADJ = ("main public draft legacy extra archive global local private shared "
       "featured internal external").split()
ICONS = ("article person description shopping_cart event label image "
         "folder settings attach_money inventory_2 forum star public "
         "calendar_month").split()
COLORS = ("#FFA439", "#6644FF", "#2ECDA7", "#E35169", "#18222F", "#3399FF",
          "#D064AC", None, None, None)
NOTES = ("Shown on the website", "Used by the mobile app",
         "Internal use only", "Visible to editors", "Required for SEO",
         "Headline of the item", "Displayed in listings",
         "Leave empty to use the default value", "Set by the import job",
         "Links to the external system: do not change")


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.collections = []
        self.fields = []
        self.relations = []
        self.nfields = 0
        self.ncoll = 0

    # -- entity builders ---------------------------------------------------

    def coll_meta(self, name, group, hidden=False, singleton=False,
                  note=None, icon=None, color=None, template=None,
                  translations=None, sort=None, archive=False,
                  collapse="open", sort_field=None):
        return {
            "accountability": "all",
            "archive_app_filter": True,
            "archive_field": "status" if archive else None,
            "archive_value": "archived" if archive else None,
            "collapse": collapse,
            "collection": name,
            "color": color,
            "display_template": template,
            "group": group,
            "hidden": hidden,
            "icon": icon,
            "item_duplication_fields": None,
            "note": note,
            "preview_url": None,
            "singleton": singleton,
            "sort": sort,
            "sort_field": sort_field,
            "translations": translations,
            "unarchive_value": "draft" if archive else None,
            "versioning": False,
        }

    def add_collection(self, name, group, folder=False, **kw):
        c = {"collection": name, "meta": self.coll_meta(name, group, **kw)}
        if not folder:
            c["schema"] = {"name": name}
        self.collections.append(c)
        self.ncoll += 1
        return c

    def field_meta(self, coll, name, sort, interface=None, special=None,
                   options=None, display=None, display_options=None,
                   hidden=False, readonly=False, required=False,
                   width="full", note=None, group=None, conditions=None,
                   validation=None):
        return {
            "collection": coll,
            "conditions": conditions,
            "display": display,
            "display_options": display_options,
            "field": name,
            "group": group,
            "hidden": hidden,
            "interface": interface,
            "note": note,
            "options": options,
            "readonly": readonly,
            "required": required,
            "searchable": True,
            "sort": sort,
            "special": special,
            "translations": None,
            "validation": validation,
            "validation_message": None,
            "width": width,
        }

    def field_schema(self, coll, name, data_type, default=None,
                     max_length=None, precision=None, scale=None,
                     nullable=True, unique=False, indexed=False, pk=False,
                     auto=False, fk_table=None, fk_column=None):
        return {
            "name": name,
            "table": coll,
            "data_type": data_type,
            "default_value": default,
            "max_length": max_length,
            "numeric_precision": precision,
            "numeric_scale": scale,
            "is_nullable": nullable,
            "is_unique": unique,
            "is_indexed": indexed,
            "is_primary_key": pk,
            "is_generated": False,
            "generation_expression": None,
            "has_auto_increment": auto,
            "foreign_key_table": fk_table,
            "foreign_key_column": fk_column,
        }

    def add_field(self, coll, name, ftype, meta_kw, schema_kw=None):
        f = {"collection": coll, "field": name, "type": ftype,
             "meta": self.field_meta(coll, name, **meta_kw)}
        if schema_kw is not None:
            f["schema"] = self.field_schema(coll, name, **schema_kw)
        self.fields.append(f)
        self.nfields += 1
        return f

    def add_relation(self, coll, field, related, one_field=None,
                     junction=None, on_delete="SET NULL", sort_field=None):
        rel = {
            "collection": coll,
            "field": field,
            "related_collection": related,
            "meta": {
                "junction_field": junction,
                "many_collection": coll,
                "many_field": field,
                "one_allowed_collections": None,
                "one_collection": related,
                "one_collection_field": None,
                "one_deselect_action": "nullify",
                "one_field": one_field,
                "sort_field": sort_field,
            },
            "schema": {
                "table": coll,
                "column": field,
                "foreign_key_table": related,
                "foreign_key_column": "id",
                "constraint_name": coll + "_" + field + "_foreign",
                "on_update": "NO ACTION",
                "on_delete": on_delete,
            },
        }
        self.relations.append(rel)
        return rel

    # -- typical field sets ------------------------------------------------

    def std_fields(self, coll, sort):
        """id, status, sort, user/date created/updated: 7 fields."""
        r = self.r
        self.add_field(coll, "id", "integer",
                       dict(sort=sort, interface="input", hidden=True,
                            readonly=True),
                       dict(data_type="integer",
                            default="nextval('%s_id_seq'::regclass)" % coll,
                            precision=32, scale=0, nullable=False, pk=True,
                            auto=True))
        self.add_field(coll, "status", "string",
                       dict(sort=sort + 1, interface="select-dropdown",
                            display="labels", width="half",
                            options={"choices": [
                                {"text": "$t:published", "value": "published"},
                                {"text": "$t:draft", "value": "draft"},
                                {"text": "$t:archived", "value": "archived"}]},
                            display_options={"showAsDot": True, "choices": [
                                {"text": "$t:published", "value": "published",
                                 "foreground": "#FFFFFF",
                                 "background": "#6644FF"},
                                {"text": "$t:draft", "value": "draft",
                                 "foreground": "#18222F",
                                 "background": "#D3DAE4"}]}),
                       dict(data_type="character varying", default="draft",
                            max_length=255, nullable=False))
        self.add_field(coll, "sort", "integer",
                       dict(sort=sort + 2, interface="input", hidden=True),
                       dict(data_type="integer", precision=32, scale=0))
        for i, (nm, spec) in enumerate((("user_created", "user-created"),
                                        ("user_updated", "user-updated"))):
            self.add_field(coll, nm, "uuid",
                           dict(sort=sort + 3 + 2 * i,
                                interface="select-dropdown-m2o",
                                special=[spec], display="user",
                                readonly=True, hidden=True, width="half",
                                options={"template":
                                         "{{avatar.$thumbnail}} "
                                         "{{first_name}} {{last_name}}"}),
                           dict(data_type="uuid", fk_table="directus_users",
                                fk_column="id"))
            self.add_relation(coll, nm, "directus_users",
                              on_delete="NO ACTION")
            dnm = "date_created" if i == 0 else "date_updated"
            self.add_field(coll, dnm, "timestamp",
                           dict(sort=sort + 4 + 2 * i, interface="datetime",
                                special=["date-created" if i == 0
                                         else "date-updated"],
                                display="datetime",
                                display_options={"relative": True},
                                readonly=True, hidden=True, width="half"),
                           dict(data_type="timestamp with time zone"))
        return sort + 7

    def plain_field(self, coll, name, sort):
        r = self.r
        kind = r.randrange(10)
        note = r.choice(NOTES) if r.random() < 0.3 else None
        width = r.choice(("full", "half", "half", "fill"))
        req = r.random() < 0.2
        if kind <= 2:
            ml = r.choice((255, 255, 255, 100, 64, 32))
            self.add_field(coll, name, "string",
                           dict(sort=sort, interface="input", note=note,
                                width=width, required=req,
                                options={"placeholder": "Enter a " +
                                         name.replace("_", " ")}
                                if r.random() < 0.3 else None),
                           dict(data_type="character varying",
                                max_length=ml, nullable=not req,
                                unique=r.random() < 0.05,
                                indexed=r.random() < 0.1))
        elif kind == 3:
            self.add_field(coll, name, "text",
                           dict(sort=sort, interface="input-rich-text-html",
                                note=note, display="formatted-value",
                                options={"toolbar": [
                                    "bold", "italic", "h2", "h3",
                                    "numlist", "bullist", "link", "code"]}),
                           dict(data_type="text"))
        elif kind == 4:
            self.add_field(coll, name, "integer",
                           dict(sort=sort, interface="input", note=note,
                                width="half", required=req),
                           dict(data_type="integer", precision=32, scale=0,
                                nullable=not req,
                                default=0 if r.random() < 0.5 else None))
        elif kind == 5:
            self.add_field(coll, name, "boolean",
                           dict(sort=sort, interface="boolean",
                                special=["cast-boolean"], width="half",
                                display="boolean",
                                options={"label": "Enabled"}),
                           dict(data_type="boolean", default=False,
                                nullable=False))
        elif kind == 6:
            self.add_field(coll, name, "decimal",
                           dict(sort=sort, interface="input", width="half",
                                note=note),
                           dict(data_type="numeric", precision=10, scale=2))
        elif kind == 7:
            self.add_field(coll, name, "json",
                           dict(sort=sort, interface="tags",
                                special=["cast-json"], display="labels"),
                           dict(data_type="json"))
        elif kind == 8:
            self.add_field(coll, name, "dateTime",
                           dict(sort=sort, interface="datetime",
                                width="half", display="datetime",
                                display_options={"format": "short"}),
                           dict(data_type="timestamp without time zone"))
        else:
            self.add_field(coll, name, "uuid",
                           dict(sort=sort, interface="file-image",
                                special=["file"], display="image",
                                width="half"),
                           dict(data_type="uuid", fk_table="directus_files",
                                fk_column="id"))
            self.add_relation(coll, name, "directus_files")

    # -- modules -----------------------------------------------------------

    def module(self, idx, folder):
        """One content module: a main collection with m2o, o2m, m2m and
        translations, a junction, a translations collection, a child
        collection and a standalone log collection."""
        r = self.r
        base = "%s_%s_%d" % (r.choice(ADJ), r.choice(WORDS), idx)
        main, child = base, base + "_items"
        junc, tr = base + "_tags", base + "_translations"
        tags, logs = "tags_%d" % idx, base + "_log"
        self.add_collection(main, folder, archive=True, icon=r.choice(ICONS),
                            color=r.choice(COLORS),
                            template="{{title}}" if r.random() < 0.7
                            else "{{title}} ({{status}})",
                            note=r.choice(NOTES) if r.random() < 0.3
                            else None,
                            translations=[{"language": "en-US",
                                           "translation": base.title(),
                                           "singular": base.title(),
                                           "plural": base.title() + "s"}]
                            if r.random() < 0.3 else None,
                            sort=idx % 50 + 1, sort_field="sort")
        s = self.std_fields(main, 1)
        self.add_field(main, "title", "string",
                       dict(sort=s, interface="input", required=True,
                            note="Headline"),
                       dict(data_type="character varying", max_length=255,
                            nullable=False))
        self.add_field(main, "slug", "string",
                       dict(sort=s + 1, interface="input", width="half",
                            options={"slug": True, "trim": True},
                            validation={"_and": [{"slug": {
                                "_regex": "^[a-z0-9-]+$"}}]}),
                       dict(data_type="character varying", max_length=255,
                            unique=True, indexed=True))
        s += 2
        # The meta group: a group-detail alias holding the extra fields.
        self.add_field(main, "meta_group", "alias",
                       dict(sort=s, interface="group-detail",
                            special=["alias", "no-data", "group"],
                            options={"start": "closed"}))
        s += 1
        n_extra = r.randint(4, 14)
        for i in range(n_extra):
            self.plain_field(main, "%s_%d" % (r.choice(WORDS), i), s)
            s += 1
        # m2o to tags-like shared collection + o2m back
        self.add_field(main, "owner", "integer",
                       dict(sort=s, interface="select-dropdown-m2o",
                            special=["m2o"], display="related-values",
                            display_options={"template": "{{name}}"},
                            options={"template": "{{name}}"}),
                       dict(data_type="integer", precision=32, scale=0,
                            fk_table=tags, fk_column="id"))
        self.add_relation(main, "owner", tags, one_field="owned")
        s += 1
        self.add_field(main, "items", "alias",
                       dict(sort=s, interface="list-o2m", special=["o2m"],
                            display="related-values",
                            options={"template": "{{title}}"}))
        s += 1
        self.add_field(main, "tags", "alias",
                       dict(sort=s, interface="list-m2m", special=["m2m"],
                            options={"template": "{{tags_id.name}}"}))
        s += 1
        self.add_field(main, "translations", "alias",
                       dict(sort=s, interface="translations",
                            special=["translations"],
                            options={"languageField": "name",
                                     "defaultLanguage": "no",
                                     "userLanguage": True}))
        s += 1
        self.add_field(main, "divider", "alias",
                       dict(sort=s, interface="presentation-divider",
                            special=["alias", "no-data"],
                            options={"title": "Relations",
                                     "icon": "link"}))
        # child collection (o2m target)
        self.add_collection(child, folder, hidden=False, icon="list",
                            template="{{title}}", sort_field="sort")
        s = self.std_fields(child, 1)
        self.add_field(child, "title", "string",
                       dict(sort=s, interface="input"),
                       dict(data_type="character varying", max_length=255))
        self.add_field(child, "parent", "integer",
                       dict(sort=s + 1, interface="select-dropdown-m2o",
                            special=["m2o"], hidden=True),
                       dict(data_type="integer", precision=32, scale=0,
                            fk_table=main, fk_column="id"))
        self.add_relation(child, "parent", main, one_field="items",
                          sort_field="sort", on_delete="CASCADE")
        for i in range(r.randint(1, 6)):
            self.plain_field(child, "%s_%d" % (r.choice(WORDS), i), s + 2 + i)
        # tags collection (m2m other side) with o2m alias back
        self.add_collection(tags, folder, icon="label", template="{{name}}")
        self.add_field(tags, "id", "integer",
                       dict(sort=1, interface="input", hidden=True,
                            readonly=True),
                       dict(data_type="integer", precision=32, scale=0,
                            nullable=False, pk=True, auto=True,
                            default="nextval('%s_id_seq'::regclass)" % tags))
        self.add_field(tags, "name", "string",
                       dict(sort=2, interface="input", required=True),
                       dict(data_type="character varying", max_length=64,
                            nullable=False, unique=True))
        self.add_field(tags, "owned", "alias",
                       dict(sort=3, interface="list-o2m", special=["o2m"]))
        # junction
        self.add_collection(junc, folder, hidden=True, icon="import_export")
        self.add_field(junc, "id", "integer",
                       dict(sort=1, hidden=True),
                       dict(data_type="integer", precision=32, scale=0,
                            nullable=False, pk=True, auto=True))
        for a, b, other in (("%s_id" % "item", "tags_id", main),
                            ("tags_id", "item_id", tags)):
            self.add_field(junc, a, "integer",
                           dict(sort=2 if other == main else 3, hidden=True),
                           dict(data_type="integer", precision=32, scale=0,
                                fk_table=other, fk_column="id"))
            self.add_relation(junc, a, other,
                              one_field="tags" if other == main else None,
                              junction=b)
        # translations collection
        self.add_collection(tr, folder, hidden=True, icon="import_export")
        self.add_field(tr, "id", "integer",
                       dict(sort=1, hidden=True),
                       dict(data_type="integer", precision=32, scale=0,
                            nullable=False, pk=True, auto=True))
        self.add_field(tr, base + "_id", "integer",
                       dict(sort=2, hidden=True),
                       dict(data_type="integer", precision=32, scale=0,
                            fk_table=main, fk_column="id"))
        self.add_relation(tr, base + "_id", main, one_field="translations",
                          junction="languages_code")
        self.add_field(tr, "languages_code", "string",
                       dict(sort=3, hidden=True),
                       dict(data_type="character varying", max_length=255,
                            fk_table="languages", fk_column="code"))
        self.add_relation(tr, "languages_code", "languages",
                          junction=base + "_id")
        self.add_field(tr, "title", "string",
                       dict(sort=4, interface="input"),
                       dict(data_type="character varying", max_length=255))
        self.add_field(tr, "body", "text",
                       dict(sort=5, interface="input-rich-text-md"),
                       dict(data_type="text"))
        # standalone log collection (removable without dangling relations)
        self.add_collection(logs, folder, hidden=True, icon="history",
                            note="Import log")
        self.add_field(logs, "id", "uuid",
                       dict(sort=1, hidden=True, readonly=True,
                            special=["uuid"]),
                       dict(data_type="uuid", nullable=False, pk=True))
        for i in range(r.randint(2, 5)):
            self.plain_field(logs, "%s_%d" % (r.choice(WORDS), i), 2 + i)

    def build(self, n):
        self.add_collection("languages", None, icon="translate",
                            template="{{name}}")
        self.add_field("languages", "code", "string",
                       dict(sort=1, interface="input"),
                       dict(data_type="character varying", max_length=255,
                            nullable=False, pk=True))
        self.add_field("languages", "name", "string",
                       dict(sort=2, interface="input"),
                       dict(data_type="character varying", max_length=255))
        self.add_field("directus_users", "nickname", "string",
                       dict(sort=20, interface="input"),
                       dict(data_type="character varying", max_length=255))
        idx = 0
        folder = None
        while self.nfields < n:
            if idx % 8 == 0:
                folder = "folder_%d" % (idx // 8)
                self.add_collection(folder, None, folder=True, icon="folder",
                                    collapse="closed", sort=idx // 8 + 1,
                                    color=self.r.choice(COLORS))
            self.module(idx, folder)
            idx += 1
        # Trim the last modules' surplus so the count is exactly n: drop
        # plain fields from the end (never primary keys, foreign keys or
        # aliases that relations point to).
        i = len(self.fields) - 1
        while self.nfields > n and i >= 0:
            s = self.fields[i].get("schema")
            if (s is not None and not s["is_primary_key"]
                    and s["foreign_key_table"] is None):
                del self.fields[i]
                self.nfields -= 1
            i -= 1
        return {
            "version": 1,
            "directus": "11.17.4",
            "vendor": "postgres",
            "collections": self.collections,
            "fields": self.fields,
            "systemFields": [
                {"collection": "directus_activity", "field": "timestamp",
                 "schema": {"is_indexed": True}},
                {"collection": "directus_revisions", "field": "activity",
                 "schema": {"is_indexed": True}},
            ],
            "relations": self.relations,
        }


# --------------------------------------------------------------------------
# Drift

def drift(data, seed, pct):
    """Mutate data in place; return the manifest of changes."""
    r = random.Random(seed * 7919 + 1)
    colls = data["collections"]
    fields = data["fields"]
    rels = data["relations"]
    n_ent = len(colls) + len(fields) + len(rels)
    target = max(10, int(round(n_ent * pct / 100.0)))
    # Mix (fractions of target): field-level changes dominate, like real
    # drift between a committed file and a live instance.
    mix = [("field_removed", 0.15), ("field_added", 0.15),
           ("field_type_changed", 0.10), ("max_length_narrowed", 0.10),
           ("note_changed", 0.25), ("relation_on_delete_changed", 0.15),
           ("collection_removed", 0.05), ("collection_added", 0.05)]
    counts = {k: max(1, int(round(target * f))) for k, f in mix}
    changes = []
    touched = set()

    def pick_field(pred):
        for _ in range(100000):
            f = fields[r.randrange(len(fields))]
            key = (f["collection"], f["field"])
            if key in touched or not pred(f):
                continue
            touched.add(key)
            return f
        raise SystemExit("gen.py: cannot find a field to change")

    def plain(f):
        s = f.get("schema")
        return (s is not None and not s["is_primary_key"]
                and s["foreign_key_table"] is None
                and not f["collection"].endswith("_log"))

    # collections removed: whole standalone log collections with fields
    log_colls = [c["collection"] for c in colls
                 if c["collection"].endswith("_log")]
    r.shuffle(log_colls)
    removed = set(log_colls[:counts["collection_removed"]])
    for name in sorted(removed):
        nf = sum(1 for f in fields if f["collection"] == name)
        changes.append({"kind": "collection_removed", "collection": name,
                        "field": None, "fields_removed_with_it": nf})
    data["collections"] = colls = [c for c in colls
                                   if c["collection"] not in removed]
    data["fields"] = fields = [f for f in fields
                               if f["collection"] not in removed]

    gone = set()
    for _ in range(counts["field_removed"]):
        f = pick_field(plain)
        gone.add(id(f))
        changes.append({"kind": "field_removed",
                        "collection": f["collection"], "field": f["field"]})
    data["fields"] = fields = [f for f in fields if id(f) not in gone]
    for _ in range(counts["field_type_changed"]):
        f = pick_field(lambda f: plain(f) and f["type"] in
                       ("string", "integer"))
        if f["type"] == "string":
            f["type"] = "text"
            f["schema"]["data_type"] = "text"
            f["schema"]["max_length"] = None
        else:
            f["type"] = "bigInteger"
            f["schema"]["data_type"] = "bigint"
            f["schema"]["numeric_precision"] = 64
        changes.append({"kind": "field_type_changed",
                        "collection": f["collection"], "field": f["field"],
                        "new_type": f["type"]})
    for _ in range(counts["max_length_narrowed"]):
        f = pick_field(lambda f: plain(f) and f["type"] == "string"
                       and (f["schema"]["max_length"] or 0) > 32)
        old = f["schema"]["max_length"]
        f["schema"]["max_length"] = old // 2
        changes.append({"kind": "max_length_narrowed",
                        "collection": f["collection"], "field": f["field"],
                        "old": old, "new": old // 2})
    for _ in range(counts["note_changed"]):
        f = pick_field(lambda f: f.get("meta") is not None
                       and not f["collection"].endswith("_log"))
        old = f["meta"]["note"]
        f["meta"]["note"] = (old + " (revised)") if old else "Added note"
        changes.append({"kind": "note_changed",
                        "collection": f["collection"], "field": f["field"]})
    cand = [x for x in rels if x["schema"]["on_delete"] == "SET NULL"
            and x["collection"] not in removed]
    r.shuffle(cand)
    for x in cand[:counts["relation_on_delete_changed"]]:
        x["schema"]["on_delete"] = "CASCADE"
        changes.append({"kind": "relation_on_delete_changed",
                        "collection": x["collection"], "field": x["field"],
                        "old": "SET NULL", "new": "CASCADE"})
    # fields added: appended at the end of an existing collection's fields
    by_coll = {}
    for i, f in enumerate(fields):
        by_coll[f["collection"]] = i
    targets = [c for c in by_coll if not c.endswith("_log")
               and c != "directus_users"]
    g = Gen(seed)
    for k in range(counts["field_added"]):
        c = targets[r.randrange(len(targets))]
        name = "added_field_%d" % k
        g.fields = []
        g.plain_field(c, name, 100 + k)
        fields.insert(by_coll[c] + 1, g.fields[0])
        for kk in by_coll:
            if by_coll[kk] > by_coll[c]:
                by_coll[kk] += 1
        changes.append({"kind": "field_added", "collection": c,
                        "field": name})
    # collections added: new standalone collections at the end
    for k in range(counts["collection_added"]):
        name = "added_collection_%d" % k
        g.collections, g.fields = [], []
        g.add_collection(name, None, icon="new_releases")
        g.add_field(name, "id", "integer", dict(sort=1, hidden=True),
                    dict(data_type="integer", precision=32, scale=0,
                         nullable=False, pk=True, auto=True))
        g.plain_field(name, "label", 2)
        colls.extend(g.collections)
        fields.extend(g.fields)
        changes.append({"kind": "collection_added", "collection": name,
                        "field": None, "fields_added_with_it": 2})
    summary = {}
    for c in changes:
        summary[c["kind"]] = summary.get(c["kind"], 0) + 1
    return {"entities_old": n_ent, "drift_percent": pct,
            "changes_total": len(changes), "by_kind": summary,
            "changes": changes}


def generate(n, seed, outdir, pct):
    g = Gen(seed * 1000003 + n)
    data = g.build(n)
    stem = os.path.join(outdir, "snap-%d" % n)
    dump_yaml(data, stem + "-old.yaml")
    dump_json(data, stem + "-old.json")
    nf_old = len(data["fields"])
    man = drift(data, seed * 1000003 + n, pct)
    man.update({"size": n, "seed": seed, "fields_old": nf_old,
                "fields_new": len(data["fields"]),
                "collections_new": len(data["collections"]),
                "relations": len(data["relations"])})
    dump_yaml(data, stem + "-new.yaml")
    dump_json(data, stem + "-new.json")
    with open(stem + "-manifest.json", "w", encoding="utf-8") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    return man


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--drift", type=float, default=1.0,
                    help="percent of entities changed (default 1)")
    ap.add_argument("sizes", nargs="*", type=int,
                    default=[1000, 10000, 50000, 200000])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for n in a.sizes:
        m = generate(n, a.seed, a.out, a.drift)
        print("gen: %d fields (%d after drift), %d changes: %s" %
              (m["fields_old"], m["fields_new"], m["changes_total"],
               ", ".join("%s %d" % kv for kv in sorted(m["by_kind"].items()))),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
