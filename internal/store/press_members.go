package store

import (
	"context"
	"database/sql"

	"github.com/bureau-asso/bureau/internal/contact"
)

// ListPressMembers returns every member of the press list called name, in
// name order, those who may not be written to included and marked: it is
// what the press screen shows, where PressListMembers is what a mailing
// uses.
func (db *DB) ListPressMembers(ctx context.Context, name string) ([]contact.PressMember, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, mapError(err)
	}
	defer tx.Rollback()
	id, err := pressListID(ctx, tx, name)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name,
		coalesce((SELECT email FROM contact_email WHERE contact_id = c.id ORDER BY preferred DESC, id LIMIT 1), ''),
		coalesce((SELECT group_concat(o.org_name, ', ' ORDER BY o.org_kind <> 'press', o.sort_name)
			FROM membership ms JOIN contact o ON o.id = ms.organisation_id
			WHERE ms.person_id = c.id AND o.erased_at IS NULL), ''),
		coalesce(j.topics, ''), coalesce(j.opt_out, 0)
		FROM press_list_member m JOIN contact c ON c.id = m.contact_id
		LEFT JOIN journalist j ON j.person_id = c.id
		WHERE m.list_id = ? AND c.erased_at IS NULL ORDER BY c.sort_name, c.id`, id)
	if err != nil {
		return nil, mapError(err)
	}
	var out []contact.PressMember
	for rows.Next() {
		var m contact.PressMember
		var c contact.Contact
		if err := rows.Scan(&m.ID, &c.Kind, &c.FirstName, &c.LastName, &c.OrgName, &m.Email, &m.Outlets,
			&m.Topics, &m.OptOut); err != nil {
			rows.Close()
			return nil, err
		}
		m.Kind, m.Name = c.Kind, c.DisplayName() // SQLite's upper() knows only ASCII
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	allowed, err := pressRecipients(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	ok := make(map[int64]bool, len(allowed))
	for _, a := range allowed {
		ok[a] = true
	}
	for i := range out {
		out[i].Excluded = !ok[out[i].ID]
	}
	return out, nil
}
