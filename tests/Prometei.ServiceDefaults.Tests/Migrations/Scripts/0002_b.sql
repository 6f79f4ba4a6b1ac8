-- Depends on 0001_a, and has semicolons inside dollar quotes, which must not split the script.
INSERT INTO items (id, name) VALUES (1, 'first');

CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM items;
$$;

DO $$
BEGIN
    INSERT INTO items (id, name) VALUES (2, 'second; from a DO block');
END
$$;
