// Type-level assertions over fixtures/types/edge.yaml (every SDK
// version): colliding names, quoted keys, relations into system
// collections, an m2o to a singleton, geometry.
import { createDirectus, readItems, readSingleton, rest } from '@directus/sdk';
import type {
  GeoJSONGeometry,
  GeoJSONMultiPolygon,
  NewsItem,
  NewsItem2,
  Schema,
  Schema2,
} from './gen/edge';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
declare function expectType<T extends true>(): void;

const client = createDirectus<Schema>('http://localhost:8055').with(rest());

export async function edge() {
  expectType<Equal<NewsItem['id'], string>>();
  expectType<Equal<NewsItem2['id'], number>>();
  expectType<Equal<Schema2['default'], string | null>>();
  const n = await client.request(
    readItems('news-item', {
      fields: ['a-b', "it's", 'level', 'big', { author: ['email'] }, { files: ['filename_download'] }],
    }),
  );
  const x = n[0]!;
  expectType<Equal<typeof x['a-b'], string | null>>();
  expectType<Equal<typeof x["it's"], "it's" | 'say "hi"'>>();
  expectType<Equal<typeof x.level, 1 | 2 | null>>();
  expectType<Equal<typeof x.big, string>>();
  if (x.author !== null && typeof x.author === 'object') {
    expectType<Equal<typeof x.author.email, string | null>>();
  }
  const p = await client.request(readItems('places', { fields: ['any', 'mpoly'] }));
  expectType<Equal<(typeof p)[number]['any'], GeoJSONGeometry | null>>();
  expectType<Equal<(typeof p)[number]['mpoly'], GeoJSONMultiPolygon>>();
  const s = await client.request(readSingleton('settings', { fields: ['title'] }));
  expectType<Equal<typeof s.title, string | null>>();
  // @ts-expect-error a collection without fields is not in the schema
  await client.request(readItems('empty'));
  // @ts-expect-error folders are not collections
  await client.request(readItems('group'));
}
