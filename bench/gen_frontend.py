#!/usr/bin/env python3
"""Generates a deterministic front end for bench/usage.sh: N files
(default 5000) of about SIZE bytes each (default 10500), .ts/.tsx/.vue
with gql templates, SDK calls, strings, regexes and comments."""
import os
import random
import sys

out, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(12)
blocks = [
    "export const Q{i} = gql`\n  query Q{i}($id: ID!) {{\n    articles_by_id(id: $id) {{ id title author {{ name }} }}\n  }}\n`\n",
    "const r{i} = await client.request(readItems('articles', {{ fields: ['id', 'title', {{ author: ['name'] }}], filter: {{ status: {{ _eq: 'published' }} }}, sort: ['-id'] }}))\n",
    "const s{i} = 'it\\'s a string with \"quotes\" and /slashes/' + \"x\" + `t ${{a + `n${{b}}`}} e`\n",
    "if (x{i} / 2 > 1 && /ab+c[/]/.test(y)) {{ console.log('/items/articles?fields=id,title') }}\n",
    "// a comment with 'quotes' and `ticks`\n/* block comment {{ }} */\nfunction f{i}(a, b) {{ return a.map((v) => v * b).filter(Boolean) }}\n",
]
os.makedirs(out, exist_ok=True)
for k in range(n):
    d = os.path.join(out, "src", "mod%03d" % (k % 100))
    os.makedirs(d, exist_ok=True)
    ext = (".ts", ".tsx", ".js")[k % 3]
    parts, total, i = [], 0, 0
    while total < size:
        b = blocks[rnd.randrange(len(blocks))].format(i=i)
        parts.append(b)
        total += len(b)
        i += 1
    with open(os.path.join(d, "f%05d%s" % (k, ext)), "w") as f:
        f.write("".join(parts))
