-- Indexes that let the start screen and the dashboard answer from indexes
-- alone on large registers (100,000 contacts, 250,000 gifts):
--   * a year's totals, month totals and top donors, and the gifts waiting
--     for a receipt under the rule "received" (receipts.date_rule), read
--     gift_date_donor;
--   * the gifts waiting for a receipt under the default rule (the date
--     cashed, else received) read gift_receipt_date, an index on that
--     expression, which SQLite (3.41 and later) reads as a covering index;
--   * the contact counts read a small partial index.
-- Each gift index costs about 12 MB at 250,000 gifts.

CREATE INDEX gift_date_donor ON gift (date_received, donor_id, amount_cents, kind, nature, counterpart_cents);
CREATE INDEX gift_receipt_date ON gift (coalesce(date_cashed, date_received), kind, nature, counterpart_cents, amount_cents);
DROP INDEX gift_date;
CREATE INDEX contact_live_kind ON contact (kind) WHERE erased_at IS NULL;
