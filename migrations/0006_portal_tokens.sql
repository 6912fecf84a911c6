-- Every issued invoice gets an unguessable portal token (128 random bits), the key of its
-- customer-facing page and of the link in messages.
ALTER TABLE invoices ADD COLUMN portal_token text;
CREATE UNIQUE INDEX invoices_portal_token ON invoices (portal_token) WHERE portal_token IS NOT NULL;
