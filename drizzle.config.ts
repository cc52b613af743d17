import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/db/schema and committed; the app applies them at start
// on both PostgreSQL and embedded PGlite, so no credentials are needed to generate them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
});
