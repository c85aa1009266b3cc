/**
 * Prints the database as code for the CloudBase console: each collection to create, its indexes,
 * and its security rule (client access denied: every read and write goes through cloud functions).
 */
import { clientAccessDenied, collections } from '../database/collections'

for (const collection of collections) {
  console.log(`\n## ${collection.name} — ${collection.description}`)
  console.log(`安全规则（自定义）: ${JSON.stringify(clientAccessDenied)}`)
  for (const index of collection.indexes) {
    const fields = Object.entries(index.fields).map(([field, order]) => `${field} ${order === 1 ? '升序' : '降序'}`)
    console.log(`索引 ${index.name}${index.unique ? '（唯一）' : ''}: ${fields.join(', ')}`)
  }
}
