-- docker-entrypoint-initdb.d: runs once, when the PostgreSQL volume is created.
-- The compose file's POSTGRES_USER/POSTGRES_DB already create the role and database the app
-- uses; this script only makes the owner explicit and keeps the public schema to that role.
ALTER DATABASE notifyorleans OWNER TO notifyorleans;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO notifyorleans;
