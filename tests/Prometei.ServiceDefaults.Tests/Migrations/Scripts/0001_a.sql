-- No IF NOT EXISTS: running this script twice fails.
CREATE TABLE items (
    id int PRIMARY KEY,
    name text NOT NULL
);
