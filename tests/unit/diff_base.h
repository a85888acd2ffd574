/*
 * diff_base.h: the base snapshot the rule tests edit (Directus 11.1.2 on
 * postgres, sanitized format).  Single quotes stand for double quotes (jq).
 */
#ifndef DRIFT_TEST_DIFF_BASE_H
#define DRIFT_TEST_DIFF_BASE_H

#define BASE_SNAPSHOT \
	"{'version': 1, 'directus': '11.1.2', 'vendor': 'postgres'," \
	" 'collections': [" \
	"  {'collection': 'articles', 'meta': {'accountability': 'all'," \
	"    'collection': 'articles', 'icon': 'article', 'note': null," \
	"    'singleton': false, 'sort': 1, 'hidden': false, 'versioning': " \
	"false," \
	"    'preview_url': null}, 'schema': {'name': 'articles'}}," \
	"  {'collection': 'authors', 'meta': {'accountability': 'all'," \
	"    'collection': 'authors', 'icon': 'person', 'singleton': false}," \
	"    'schema': {'name': 'authors'}}," \
	"  {'collection': 'blocks', 'meta': {'collection': 'blocks'," \
	"    'icon': 'folder'}}," \
	"  {'collection': 'articles_blocks', 'meta': {'collection':" \
	"    'articles_blocks', 'hidden': true}, 'schema': {'name':" \
	"    'articles_blocks'}}" \
	" ]," \
	" 'fields': [" \
	"  {'collection': 'articles', 'field': 'id', 'type': 'integer'," \
	"   'meta': {'id': 1, 'collection': 'articles', 'field': 'id'," \
	"    'hidden': true, 'readonly': true, 'required': false," \
	"    'special': null, 'interface': 'input'}," \
	"   'schema': {'name': 'id', 'table': 'articles', 'data_type': " \
	"'integer'," \
	"    'default_value': 'nextval(\\'articles_id_seq\\'::regclass)'," \
	"    'max_length': null, 'numeric_precision': 32, 'numeric_scale': 0," \
	"    'is_nullable': false, 'is_unique': true, 'is_indexed': false," \
	"    'is_primary_key': true, 'is_generated': false," \
	"    'generation_expression': null, 'has_auto_increment': true," \
	"    'foreign_key_table': null, 'foreign_key_column': null}}," \
	"  {'collection': 'articles', 'field': 'title', 'type': 'string'," \
	"   'meta': {'id': 2, 'collection': 'articles', 'field': 'title'," \
	"    'interface': 'input', 'note': null, 'required': false," \
	"    'readonly': false, 'hidden': false, 'width': 'full'," \
	"    'validation': null, 'validation_message': null, 'conditions': " \
	"null," \
	"    'special': null, 'options': {'trim': true}}," \
	"   'schema': {'name': 'title', 'table': 'articles'," \
	"    'data_type': 'character varying', 'default_value': null," \
	"    'max_length': 255, 'numeric_precision': null," \
	"    'numeric_scale': null, 'is_nullable': true, 'is_unique': false," \
	"    'is_indexed': false, 'is_primary_key': false, 'is_generated': " \
	"false," \
	"    'generation_expression': null, 'has_auto_increment': false," \
	"    'foreign_key_table': null, 'foreign_key_column': null}}," \
	"  {'collection': 'articles', 'field': 'status', 'type': 'string'," \
	"   'meta': {'id': 3, 'collection': 'articles', 'field': 'status'," \
	"    'interface': 'select-dropdown', 'required': false," \
	"    'options': {'choices': [{'text': 'Draft', 'value': 'draft'}," \
	"     {'text': 'Live', 'value': 'live'}], 'placeholder': 'pick'}," \
	"    'special': null}," \
	"   'schema': {'name': 'status', 'table': 'articles'," \
	"    'data_type': 'character varying', 'default_value': 'draft'," \
	"    'max_length': 255, 'numeric_precision': null," \
	"    'numeric_scale': null, 'is_nullable': false, 'is_unique': false," \
	"    'is_indexed': false, 'is_primary_key': false, 'is_generated': " \
	"false," \
	"    'generation_expression': null, 'has_auto_increment': false," \
	"    'foreign_key_table': null, 'foreign_key_column': null}}," \
	"  {'collection': 'articles', 'field': 'price', 'type': 'decimal'," \
	"   'meta': {'id': 4, 'collection': 'articles', 'field': 'price'," \
	"    'required': false, 'special': null}," \
	"   'schema': {'name': 'price', 'table': 'articles'," \
	"    'data_type': 'numeric', 'default_value': null, 'max_length': " \
	"null," \
	"    'numeric_precision': 10, 'numeric_scale': 2, 'is_nullable': " \
	"true," \
	"    'is_unique': false, 'is_indexed': false, 'is_primary_key': " \
	"false," \
	"    'is_generated': false, 'generation_expression': null," \
	"    'has_auto_increment': false, 'foreign_key_table': null," \
	"    'foreign_key_column': null}}," \
	"  {'collection': 'articles', 'field': 'published', 'type': " \
	"'boolean'," \
	"   'meta': {'id': 5, 'collection': 'articles', 'field': 'published'," \
	"    'special': ['cast-boolean'], 'required': false}," \
	"   'schema': {'name': 'published', 'table': 'articles'," \
	"    'data_type': 'boolean', 'default_value': false, 'max_length': " \
	"null," \
	"    'numeric_precision': null, 'numeric_scale': null," \
	"    'is_nullable': true, 'is_unique': false, 'is_indexed': false," \
	"    'is_primary_key': false, 'is_generated': false," \
	"    'generation_expression': null, 'has_auto_increment': false," \
	"    'foreign_key_table': null, 'foreign_key_column': null}}," \
	"  {'collection': 'articles', 'field': 'author', 'type': 'integer'," \
	"   'meta': {'id': 6, 'collection': 'articles', 'field': 'author'," \
	"    'special': ['m2o'], 'interface': 'select-dropdown-m2o'}," \
	"   'schema': {'name': 'author', 'table': 'articles'," \
	"    'data_type': 'integer', 'default_value': null, 'max_length': " \
	"null," \
	"    'numeric_precision': 32, 'numeric_scale': 0, 'is_nullable': " \
	"true," \
	"    'is_unique': false, 'is_indexed': false, 'is_primary_key': " \
	"false," \
	"    'is_generated': false, 'generation_expression': null," \
	"    'has_auto_increment': false, 'foreign_key_table': 'authors'," \
	"    'foreign_key_column': 'id'}}," \
	"  {'collection': 'articles', 'field': 'divider', 'type': 'alias'," \
	"   'meta': {'id': 7, 'collection': 'articles', 'field': 'divider'," \
	"    'special': ['alias', 'no-data'], 'interface': " \
	"'presentation-divider'}}," \
	"  {'collection': 'articles', 'field': 'blocks', 'type': 'alias'," \
	"   'meta': {'id': 8, 'collection': 'articles', 'field': 'blocks'," \
	"    'special': ['m2a'], 'interface': 'list-m2a'}}," \
	"  {'collection': 'authors', 'field': 'id', 'type': 'integer'," \
	"   'meta': {'id': 9, 'collection': 'authors', 'field': 'id'}," \
	"   'schema': {'name': 'id', 'table': 'authors', 'data_type': " \
	"'integer'," \
	"    'default_value': 'nextval(\\'authors_id_seq\\'::regclass)'," \
	"    'is_nullable': false, 'is_unique': true, 'is_primary_key': true," \
	"    'has_auto_increment': true}}," \
	"  {'collection': 'authors', 'field': 'name', 'type': 'string'," \
	"   'meta': {'id': 10, 'collection': 'authors', 'field': 'name'}," \
	"   'schema': {'name': 'name', 'table': 'authors'," \
	"    'data_type': 'character varying', 'max_length': 255," \
	"    'is_nullable': true}}," \
	"  {'collection': 'authors', 'field': 'articles', 'type': 'alias'," \
	"   'meta': {'id': 11, 'collection': 'authors', 'field': 'articles'," \
	"    'special': ['o2m']}}," \
	"  {'collection': 'articles_blocks', 'field': 'id', 'type': " \
	"'integer'," \
	"   'meta': {'id': 12, 'collection': 'articles_blocks', 'field': " \
	"'id'}," \
	"   'schema': {'name': 'id', 'table': 'articles_blocks'," \
	"    'data_type': 'integer', 'is_nullable': false, 'is_unique': true," \
	"    'is_primary_key': true, 'has_auto_increment': true}}," \
	"  {'collection': 'articles_blocks', 'field': 'item', 'type': " \
	"'string'," \
	"   'meta': {'id': 13, 'collection': 'articles_blocks', 'field': " \
	"'item'}," \
	"   'schema': {'name': 'item', 'table': 'articles_blocks'," \
	"    'data_type': 'character varying', 'max_length': 255," \
	"    'is_nullable': true}}," \
	"  {'collection': 'articles_blocks', 'field': 'collection'," \
	"   'type': 'string', 'meta': {'id': 14, 'collection': " \
	"'articles_blocks'," \
	"    'field': 'collection'}, 'schema': {'name': 'collection', " \
	"'table':" \
	"    'articles_blocks', 'data_type': 'character varying'," \
	"    'max_length': 255, 'is_nullable': true}}" \
	" ]," \
	" 'relations': [" \
	"  {'collection': 'articles', 'field': 'author'," \
	"   'related_collection': 'authors', 'meta': {'id': 1," \
	"    'junction_field': null, 'many_collection': 'articles'," \
	"    'many_field': 'author', 'one_allowed_collections': null," \
	"    'one_collection': 'authors', 'one_collection_field': null," \
	"    'one_deselect_action': 'nullify', 'one_field': 'articles'," \
	"    'sort_field': null}," \
	"   'schema': {'table': 'articles', 'column': 'author'," \
	"    'foreign_key_table': 'authors', 'foreign_key_column': 'id'," \
	"    'constraint_name': 'articles_author_foreign'," \
	"    'on_update': 'NO ACTION', 'on_delete': 'SET NULL'}}," \
	"  {'collection': 'articles_blocks', 'field': 'item'," \
	"   'related_collection': null, 'meta': {'id': 2," \
	"    'junction_field': 'articles_id', 'many_collection':" \
	"    'articles_blocks', 'many_field': 'item'," \
	"    'one_allowed_collections': ['hero', 'gallery'], " \
	"'one_collection':" \
	"    null, 'one_collection_field': 'collection'," \
	"    'one_deselect_action': 'nullify', 'one_field': null," \
	"    'sort_field': null}}" \
	" ]}"

#endif
