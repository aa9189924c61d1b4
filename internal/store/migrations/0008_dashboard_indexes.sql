-- Indexes that let the start screen answer from indexes alone on large
-- registers (100,000 contacts, 250,000 gifts): a year's gift totals and
-- month totals read (date_received, amount_cents) without touching the
-- table, and the contact counts read a small partial index.

CREATE INDEX gift_date_amount ON gift (date_received, amount_cents);
DROP INDEX gift_date;
CREATE INDEX contact_live_kind ON contact (kind) WHERE erased_at IS NULL;
