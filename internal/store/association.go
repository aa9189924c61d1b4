package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/bureau-asso/bureau/internal/association"
)

// Association returns the association's profile; an empty profile when it
// was never filled in.
func (db *DB) Association(ctx context.Context) (association.Profile, error) {
	var p association.Profile
	var dates string
	err := db.r.QueryRowContext(ctx, `SELECT name, siren, rna, street, postcode, city, country, object,
		category, category_precision, category_dates, signer_name, signer_role,
		signature, signature_mime, logo, logo_mime FROM association WHERE id = 1`).Scan(
		&p.Name, &p.SIREN, &p.RNA, &p.Street, &p.Postcode, &p.City, &p.Country, &p.Object,
		&p.Category, &p.CategoryPrecision, &dates, &p.SignerName, &p.SignerRole,
		&p.Signature.Data, &p.Signature.MIME, &p.Logo.Data, &p.Logo.MIME)
	if errors.Is(err, sql.ErrNoRows) {
		return association.Profile{}, nil
	}
	if err != nil {
		return p, mapError(err)
	}
	if err := json.Unmarshal([]byte(dates), &p.Dates); err != nil {
		return p, err
	}
	return p, nil
}

// SaveAssociation stores the profile and logs which fields changed.
func (db *DB) SaveAssociation(ctx context.Context, p association.Profile) error {
	dates, err := json.Marshal(p.Dates)
	if err != nil {
		return err
	}
	if p.Dates == nil {
		dates = []byte("{}")
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO association (id, name, siren, rna, street, postcode, city,
			country, object, category, category_precision, category_dates, signer_name, signer_role,
			signature, signature_mime, logo, logo_mime, updated_at)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, siren = excluded.siren, rna = excluded.rna,
			street = excluded.street, postcode = excluded.postcode, city = excluded.city,
			country = excluded.country, object = excluded.object, category = excluded.category,
			category_precision = excluded.category_precision, category_dates = excluded.category_dates,
			signer_name = excluded.signer_name, signer_role = excluded.signer_role,
			signature = excluded.signature, signature_mime = excluded.signature_mime,
			logo = excluded.logo, logo_mime = excluded.logo_mime, updated_at = excluded.updated_at`,
			p.Name, p.SIREN, p.RNA, p.Street, p.Postcode, p.City, p.Country, p.Object,
			p.Category, p.CategoryPrecision, string(dates), p.SignerName, p.SignerRole,
			p.Signature.Data, p.Signature.MIME, p.Logo.Data, p.Logo.MIME, db.now())
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "association", 1, map[string]any{
			"name": p.Name, "siren": p.SIREN, "rna": p.RNA, "category": p.Category,
			"signature_bytes": len(p.Signature.Data), "logo_bytes": len(p.Logo.Data),
		})
	})
}
