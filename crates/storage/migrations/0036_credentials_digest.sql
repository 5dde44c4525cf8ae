-- What names the credentials a site last took from its hub (issue 14):
-- the hub says on its last page of a pull what it would send now, and the
-- site asks for them only when that differs, so a round with nothing to
-- do is one request. Null: ask (never taken, or some could not be filed).
ALTER TABLE hub_link ADD COLUMN credentials_digest TEXT;
