'use strict';
/*
 * What Directus does: load two snapshots (js-yaml or JSON.parse) and diff
 * them entity by entity with deep-diff, the way @directus/api's
 * getSnapshotDiff() does for POST /schema/diff (collections by name,
 * fields and relations by collection + field, systemFields likewise).
 *
 * One difference: Directus matches entities with Array.prototype.find(),
 * which is quadratic in the number of fields; here they are matched through
 * a Map so the comparison measures the libraries, not that algorithm.
 * Run with --find to use Directus's own matching instead.
 *
 * usage: node diff.js yaml|json OLD NEW [--find]
 * prints: {"entities_changed": N, "diff_records": M}
 */
const fs = require('fs');
const yaml = require('js-yaml');
const deepDiff = require('deep-diff');

function load(fmt, path) {
	const text = fs.readFileSync(path, 'utf8');
	let d = fmt === 'yaml' ? yaml.load(text) : JSON.parse(text);
	if (d && d.data && !d.collections)
		d = d.data;
	return d;
}

function diffList(cur, aft, key, useFind) {
	const out = [];
	cur = cur || [];
	aft = aft || [];
	let find;
	if (useFind) {
		find = (x) => aft.find((a) => key(a) === key(x));
	} else {
		const m = new Map();
		for (const a of aft)
			m.set(key(a), a);
		find = (x) => m.get(key(x));
	}
	const seen = new Set();
	for (const c of cur) {
		const a = find(c);
		seen.add(key(c));
		const d = deepDiff.diff(c, a);
		if (Array.isArray(d))
			out.push({ key: key(c), diff: d });
	}
	for (const a of aft) {
		if (seen.has(key(a)))
			continue;
		const d = deepDiff.diff(undefined, a);
		if (Array.isArray(d))
			out.push({ key: key(a), diff: d });
	}
	return out;
}

function main() {
	const [fmt, oldPath, newPath, flag] = process.argv.slice(2);
	if (!newPath || (fmt !== 'yaml' && fmt !== 'json')) {
		process.stderr.write('usage: node diff.js yaml|json OLD NEW [--find]\n');
		process.exit(2);
	}
	const useFind = flag === '--find';
	const a = load(fmt, oldPath);
	const b = load(fmt, newPath);
	const ck = (x) => x.collection;
	const fk = (x) => x.collection + '\u0000' + x.field;
	const res = {
		collections: diffList(a.collections, b.collections, ck, useFind),
		fields: diffList(a.fields, b.fields, fk, useFind),
		systemFields: diffList(a.systemFields, b.systemFields, fk, useFind),
		relations: diffList(a.relations, b.relations, fk, useFind),
	};
	let ent = 0, rec = 0;
	for (const k of Object.keys(res)) {
		ent += res[k].length;
		for (const e of res[k])
			rec += e.diff.length;
	}
	process.stdout.write(JSON.stringify({ entities_changed: ent,
	    diff_records: rec }) + '\n');
}

main();
