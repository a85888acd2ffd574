import { gql } from '@apollo/client'
const a = gql`query A { articles { title author { name } } }`
const b = graphql(`{ authors { name ${x ? `id` : ''} } }`)
const c = /* GraphQL */ '{ articles { id } }'
await client.query(`query { articles { id } }`, {}, 'system')
const r = /a\/b[/]/g, d = x / 2
export default () => <p>Don't {`${a}`}</p>
