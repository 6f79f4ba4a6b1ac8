-- The second database (the first, integration, is POSTGRES_DB). Both services create their tables on start.
CREATE DATABASE workflows OWNER prometei;
