// gql_compare.mjs A.graphql B.graphql: compares two SDL files with graphql-js
// (the oracle of issue 13): buildSchema on both, findBreakingChanges and
// findDangerousChanges empty both ways, printSchema(lexicographicSortSchema())
// equal.  Exit 0 equal, 1 different (what differs on stderr), 2 usage.
// GRAPHQL_JS names the graphql package directory to import.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [, , fa, fb] = process.argv;
if (!fa || !fb) {
	console.error('usage: gql_compare.mjs A.graphql B.graphql');
	process.exit(2);
}
const require = createRequire(import.meta.url);
const g = require(process.env.GRAPHQL_JS || 'graphql');
const a = g.buildSchema(readFileSync(fa, 'utf8'));
const b = g.buildSchema(readFileSync(fb, 'utf8'));
let bad = 0;
for (const [x, y, nx, ny] of [[a, b, fa, fb], [b, a, fb, fa]]) {
	for (const c of [...g.findBreakingChanges(x, y), ...g.findDangerousChanges(x, y)]) {
		if (bad++ < 40) console.error(`${nx} -> ${ny}: ${c.type}: ${c.description}`);
	}
}
const pa = g.printSchema(g.lexicographicSortSchema(a));
const pb = g.printSchema(g.lexicographicSortSchema(b));
if (pa !== pb) {
	const la = pa.split('\n'), lb = pb.split('\n');
	let shown = 0;
	for (let i = 0; i < Math.max(la.length, lb.length) && shown < 20; i++) {
		if (la[i] !== lb[i]) {
			console.error(`line ${i + 1}:\n  ${fa}: ${la[i]}\n  ${fb}: ${lb[i]}`);
			shown++;
		}
	}
	bad++;
}
if (bad) {
	console.error(`gql_compare: ${fa} and ${fb} differ`);
	process.exit(1);
}
console.log(`gql_compare: equal (${Object.keys(a.getTypeMap()).length} types)`);
