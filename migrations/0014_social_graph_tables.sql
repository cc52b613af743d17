-- Custom SQL migration file, put your code below! --
-- The social-graph views become tables that the refresh job builds next to the live ones and
-- swaps in by name (src/graph/refresh.ts, queries in src/graph/definitions.ts). At 10M
-- messages REFRESH MATERIALIZED VIEW CONCURRENTLY spent most of its time comparing the new
-- rows with the old ones; a plain refresh would lock readers out for the whole build
-- (docs/social-graph.md#refresh). Same names, columns and rows as before.
--
-- The materialized views are dropped; the refresh job builds the tables at the first start on
-- this version (it builds views that hold no data at start), so /influence is back after that
-- first build.
DROP MATERIALIZED VIEW IF EXISTS "top_influencers";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "message_social_graph";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "channel_influence_network";
