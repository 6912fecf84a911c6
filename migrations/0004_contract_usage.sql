-- Usage pricing per contract: the usage product, the included quantity, price tiers (graduated or
-- volume) and an optional threshold for a supplemental draft mid-period. NULL: no usage pricing.
ALTER TABLE contracts ADD COLUMN usage jsonb;
