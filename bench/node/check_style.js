'use strict';
/*
 * Checks that a generated YAML file is byte-identical to what js-yaml's
 * dump() writes for the same data (what `directus schema snapshot` does).
 * usage: node check_style.js FILE.yaml   (exit 0 identical, 1 different)
 */
const fs = require('fs');
const yaml = require('js-yaml');
const text = fs.readFileSync(process.argv[2], 'utf8');
const again = yaml.dump(yaml.load(text));
if (again === text) {
	process.stdout.write('check_style: identical to js-yaml dump\n');
	process.exit(0);
}
const a = text.split('\n'), b = again.split('\n');
for (let i = 0; i < Math.max(a.length, b.length); i++) {
	if (a[i] !== b[i]) {
		process.stdout.write(`check_style: line ${i + 1} differs\n  file:   ${a[i]}\n  js-yaml: ${b[i]}\n`);
		break;
	}
}
process.exit(1);
