// Run as a child process by tests/integration/postgres-closed-socket.test.ts: a crash here must not take the test runner down.
// A reserved connection whose backend is terminated, then a small query on it (porsager/postgres#1208).
import postgres from 'postgres';
const url = process.argv[2];
const sql = postgres(url, { max: 2, onnotice: () => {} });
const reserved = await sql.reserve();
const [{ pid }] = await reserved`select pg_backend_pid() as pid`;
await sql`select pg_terminate_backend(${pid})`;
await new Promise((r) => setTimeout(r, 200));
try {
  await reserved`select 1`;
  console.log('query succeeded');
} catch (error) {
  console.log(`query failed: ${error.code ?? error.message}`);
}
reserved.release();
await sql.end({ timeout: 1 });
console.log('survived');
