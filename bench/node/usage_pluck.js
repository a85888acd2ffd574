// bench/usage.sh's Node contender: @graphql-tools/graphql-tag-pluck (the
// GraphQL documents of each JS/TS file, as graphql-codegen and
// graphql-config find them) plus graphql-js parse() of each, over the same
// tree and the same files as usage_scan() (the JS family; node_modules,
// .git, dist, build and the like skipped).  NODE_PATH names the cached
// install (bench/usage.sh).  Prints "files N documents N definitions N
// errors N".
'use strict';
const fs = require('fs');
const path = require('path');
const { gqlPluckFromCodeStringSync } = require('@graphql-tools/graphql-tag-pluck');
const { parse } = require('graphql');

const skip = new Set(['node_modules', '.git', 'dist', 'build', '.nuxt',
	'.next', '.output', '.svelte-kit', 'coverage']);
const exts = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts',
	'.tsx', '.vue', '.svelte', '.astro']);
let files = 0, docs = 0, defs = 0, errors = 0;

function walk(dir) {
	for (const name of fs.readdirSync(dir).sort()) {
		const p = path.join(dir, name);
		const st = fs.statSync(p);
		if (st.isDirectory()) {
			if (!skip.has(name))
				walk(p);
		} else if (st.isFile() && exts.has(path.extname(name))) {
			scan(p);
		}
	}
}

function scan(p) {
	const code = fs.readFileSync(p, 'utf8');
	let sources;
	files++;
	try {
		sources = gqlPluckFromCodeStringSync(p, code);
	} catch (e) {
		errors++;
		return;
	}
	for (const s of sources) {
		try {
			defs += parse(s.body).definitions.length;
			docs++;
		} catch (e) {
			errors++;
		}
	}
}

for (const root of process.argv.slice(2))
	walk(root);
console.log(`files ${files} documents ${docs} definitions ${defs} errors ${errors}`);
