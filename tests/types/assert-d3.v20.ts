// SDK >= 20.3: m2a output is discriminated by "collection".
import { createDirectus, readItems, rest } from '@directus/sdk';
import type { Schema } from './gen/d3';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
declare function expectType<T extends true>(): void;

const client = createDirectus<Schema>('http://localhost:8055').with(rest());

export async function m2a() {
  const p = await client.request(
    readItems('pages', {
      fields: [
        'path',
        { blocks: ['collection', { item: { block_hero: ['headline'], block_text: ['text'] } }] },
      ],
    }),
  );
  for (const b of p[0]!.blocks ?? []) {
    if (typeof b !== 'object') continue;
    if (b.collection === 'block_hero') {
      expectType<Equal<typeof b.item, { headline: string | null }>>();
    } else if (b.collection === 'block_text') {
      expectType<Equal<typeof b.item, { text: string | null }>>();
    }
  }
}
