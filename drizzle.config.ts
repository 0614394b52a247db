import { defineConfig } from 'drizzle-kit';

// Migrations are generated (`npx drizzle-kit generate`) and committed; `npm start` applies them.
export default defineConfig({
  dialect: 'turso',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'file:data/hoc-lieu-so.db' },
});
