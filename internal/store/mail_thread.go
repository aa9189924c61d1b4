package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/mail"
)

// MailThreadInput returns what threading needs of every stored message,
// oldest first.
func (db *DB) MailThreadInput(ctx context.Context) ([]mail.StoredHeader, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, coalesce(thread_id, 0), message_id, in_reply_to, refs, subject, date
		FROM mail_message ORDER BY date, id`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []mail.StoredHeader
	for rows.Next() {
		var h mail.StoredHeader
		var refs, date string
		if err := rows.Scan(&h.ID, &h.ThreadID, &h.MessageID, &h.InReplyTo, &refs, &h.Subject, &date); err != nil {
			return nil, err
		}
		if refs != "" {
			h.References = strings.Fields(refs)
		}
		h.Date = parseMailTime(date)
		out = append(out, h)
	}
	return out, rows.Err()
}

// MailAddresses returns the From, To and Cc addresses of every message.
func (db *DB) MailAddresses(ctx context.Context) (map[int64][]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT message_id, address FROM mail_address`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var a string
		if err := rows.Scan(&id, &a); err != nil {
			return nil, err
		}
		out[id] = append(out[id], a)
	}
	return out, rows.Err()
}

// SaveMailThreads applies a threading result in one transaction: threads
// created or updated, messages moved, contacts linked, empty threads
// deleted. Threads are derived data, so no audit entry is written.
func (db *DB) SaveMailThreads(ctx context.Context, c mail.ThreadChanges) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		move, err := tx.PrepareContext(ctx, `UPDATE mail_message SET thread_id = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer move.Close()
		link, err := tx.PrepareContext(ctx, `INSERT INTO mail_thread_contact (thread_id, contact_id)
			SELECT ?, id FROM contact WHERE id = ?`)
		if err != nil {
			return err
		}
		defer link.Close()
		for _, u := range c.Threads {
			id := u.ID
			if id == 0 {
				r, err := tx.ExecContext(ctx, `INSERT INTO mail_thread (subject, first_date, last_date, message_count)
					VALUES (?, ?, ?, ?)`, u.Subject, mailTime(u.FirstDate), mailTime(u.LastDate), u.Count)
				if err != nil {
					return err
				}
				if id, err = r.LastInsertId(); err != nil {
					return err
				}
			} else if _, err := tx.ExecContext(ctx, `UPDATE mail_thread SET subject = ?, first_date = ?, last_date = ?,
				message_count = ? WHERE id = ?`, u.Subject, mailTime(u.FirstDate), mailTime(u.LastDate), u.Count, id); err != nil {
				return err
			}
			for _, m := range u.Move {
				if _, err := move.ExecContext(ctx, id, m); err != nil {
					return err
				}
			}
			if u.SetContacts {
				if _, err := tx.ExecContext(ctx, `DELETE FROM mail_thread_contact WHERE thread_id = ?`, id); err != nil {
					return err
				}
				for _, cid := range u.Contacts {
					if _, err := link.ExecContext(ctx, id, cid); err != nil {
						return err
					}
				}
			}
		}
		for _, id := range c.Deleted {
			if _, err := tx.ExecContext(ctx, `DELETE FROM mail_thread WHERE id = ?`, id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM mail_thread WHERE NOT EXISTS
			(SELECT 1 FROM mail_message m WHERE m.thread_id = mail_thread.id)`)
		return err
	})
}

// ListMailThreads returns threads, newest first: all of them, those of a
// contact (its timeline), or those whose messages match a full-text
// query, with the matching text as snippet.
func (db *DB) ListMailThreads(ctx context.Context, f mail.ThreadFilter) ([]mail.Thread, error) {
	var where []string
	var args []any
	snippets := map[int64]string{}
	if strings.TrimSpace(f.Query) != "" {
		q := ftsQuery(f.Query)
		if q == "" {
			return nil, nil
		}
		ids, err := db.searchMail(ctx, q, snippets)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, nil
		}
		where = append(where, `t.id IN (SELECT value FROM json_each(?))`)
		args = append(args, "["+joinIDs(ids)+"]")
	}
	if f.ContactID != 0 {
		where = append(where, `t.id IN (SELECT thread_id FROM mail_thread_contact WHERE contact_id = ?)`)
		args = append(args, f.ContactID)
	}
	if !f.BeforeDate.IsZero() {
		where = append(where, `(t.last_date < ? OR t.last_date = ? AND t.id < ?)`)
		d := mailTime(f.BeforeDate)
		args = append(args, d, d, f.BeforeID)
	}
	q := `SELECT t.id, t.subject, t.first_date, t.last_date, t.message_count FROM mail_thread t`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY t.last_date DESC, t.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []mail.Thread
	for rows.Next() {
		var t mail.Thread
		var first, last string
		if err := rows.Scan(&t.ID, &t.Subject, &first, &last, &t.Count); err != nil {
			return nil, err
		}
		t.FirstDate, t.LastDate = parseMailTime(first), parseMailTime(last)
		t.Snippet = snippets[t.ID]
		out = append(out, t)
	}
	return out, rows.Err()
}

// searchMail returns the threads of the messages matching an FTS5 query,
// best match first, and fills one snippet per thread.
func (db *DB) searchMail(ctx context.Context, q string, snippets map[int64]string) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT m.thread_id, snippet(mail_fts, -1, '[', ']', '…', 12)
		FROM mail_fts JOIN mail_message m ON m.id = mail_fts.rowid
		WHERE mail_fts MATCH ? AND m.thread_id IS NOT NULL ORDER BY rank LIMIT 5000`, q)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var snip string
		if err := rows.Scan(&id, &snip); err != nil {
			return nil, err
		}
		if _, seen := snippets[id]; !seen {
			snippets[id] = strings.Join(strings.Fields(snip), " ")
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	return b.String()
}

// GetMailThread returns a thread, the contacts taking part and its
// messages (oldest first) with their addresses and attachments, without
// attachment contents.
func (db *DB) GetMailThread(ctx context.Context, id int64) (mail.ThreadDetail, error) {
	var d mail.ThreadDetail
	var first, last string
	err := db.r.QueryRowContext(ctx, `SELECT id, subject, first_date, last_date, message_count FROM mail_thread WHERE id = ?`, id).
		Scan(&d.ID, &d.Subject, &first, &last, &d.Count)
	if err != nil {
		return d, mapError(err)
	}
	d.FirstDate, d.LastDate = parseMailTime(first), parseMailTime(last)

	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT c.id, c.kind, c.first_name, c.last_name, c.org_name
		FROM mail_thread_contact tc JOIN contact c ON c.id = tc.contact_id
		WHERE tc.thread_id = ? AND c.erased_at IS NULL ORDER BY c.kind = 'person', c.sort_name`, id)
	if err != nil {
		return d, mapError(err)
	}
	for rows.Next() {
		var c contact.Contact
		if err := rows.Scan(&c.ID, &c.Kind, &c.FirstName, &c.LastName, &c.OrgName); err != nil {
			rows.Close()
			return d, err
		}
		d.Parties = append(d.Parties, mail.Party{ContactID: c.ID, Name: c.DisplayName(), IsOrg: c.Kind == contact.Organisation})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	rows, err = db.r.QueryContext(ctx, `SELECT id, key, message_id, in_reply_to, refs, subject, date, from_name, from_addr,
		body, body_is_html, size FROM mail_message WHERE thread_id = ? ORDER BY date, id`, id)
	if err != nil {
		return d, mapError(err)
	}
	index := map[int64]int{}
	for rows.Next() {
		var m mail.Message
		var refs, date string
		var html int
		if err := rows.Scan(&m.ID, &m.Key, &m.MessageID, &m.InReplyTo, &refs, &m.Subject, &date, &m.From.Name, &m.From.Addr,
			&m.Text, &html, &m.Size); err != nil {
			rows.Close()
			return d, err
		}
		m.References = strings.Fields(refs)
		m.Date = parseMailTime(date)
		m.FromHTML = html == 1
		m.ThreadID = id
		index[m.ID] = len(d.Messages)
		d.Messages = append(d.Messages, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	rows, err = db.r.QueryContext(ctx, `SELECT a.message_id, a.role, a.address, a.name FROM mail_address a
		JOIN mail_message m ON m.id = a.message_id WHERE m.thread_id = ? AND a.role <> 'from'
		ORDER BY a.message_id, a.role, a.position`, id)
	if err != nil {
		return d, mapError(err)
	}
	for rows.Next() {
		var mid int64
		var role string
		var a mail.Address
		if err := rows.Scan(&mid, &role, &a.Addr, &a.Name); err != nil {
			rows.Close()
			return d, err
		}
		m := &d.Messages[index[mid]]
		if role == "to" {
			m.To = append(m.To, a)
		} else {
			m.Cc = append(m.Cc, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	rows, err = db.r.QueryContext(ctx, `SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.inline,
		a.content IS NOT NULL FROM mail_attachment a JOIN mail_message m ON m.id = a.message_id
		WHERE m.thread_id = ? ORDER BY a.message_id, a.position`, id)
	if err != nil {
		return d, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var a mail.Attachment
		var mid int64
		var inline, stored int
		if err := rows.Scan(&a.ID, &mid, &a.Name, &a.ContentType, &a.Size, &inline, &stored); err != nil {
			return d, err
		}
		a.Inline, a.Stored = inline == 1, stored == 1
		m := &d.Messages[index[mid]]
		m.Attachments = append(m.Attachments, a)
	}
	return d, rows.Err()
}

// MailDirectory returns the contacts that mail addresses may link to:
// every contact not erased, with its addresses, its website and, for a
// person, the organisations it belongs to.
func (db *DB) MailDirectory(ctx context.Context) ([]mail.Contact, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, kind, first_name, last_name, org_name, website
		FROM contact WHERE erased_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, mapError(err)
	}
	var out []mail.Contact
	index := map[int64]int{}
	for rows.Next() {
		var c contact.Contact
		if err := rows.Scan(&c.ID, &c.Kind, &c.FirstName, &c.LastName, &c.OrgName, &c.Website); err != nil {
			rows.Close()
			return nil, err
		}
		index[c.ID] = len(out)
		out = append(out, mail.Contact{ID: c.ID, Name: c.DisplayName(), IsOrg: c.Kind == contact.Organisation, Website: c.Website})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.r.QueryContext(ctx, `SELECT contact_id, email FROM contact_email ORDER BY contact_id, id`)
	if err != nil {
		return nil, mapError(err)
	}
	for rows.Next() {
		var id int64
		var e string
		if err := rows.Scan(&id, &e); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Emails = append(out[i].Emails, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.r.QueryContext(ctx, `SELECT DISTINCT person_id, organisation_id FROM membership ORDER BY person_id, organisation_id`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, o int64
		if err := rows.Scan(&p, &o); err != nil {
			return nil, err
		}
		if i, ok := index[p]; ok {
			if _, live := index[o]; live {
				out[i].OrgIDs = append(out[i].OrgIDs, o)
			}
		}
	}
	return out, rows.Err()
}

// MailDirectoryStamp changes when contacts, their addresses or their
// memberships change, so that a sync knows to link threads again.
func (db *DB) MailDirectoryStamp(ctx context.Context) (string, error) {
	var s string
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' || coalesce(sum(id), 0) FROM contact WHERE erased_at IS NULL)
		|| '|' || (SELECT count(*) || ':' || coalesce(sum(id), 0) FROM contact_email)
		|| '|' || (SELECT count(*) || ':' || coalesce(sum(person_id * 7 + organisation_id), 0) FROM membership)`).Scan(&s)
	return s, mapError(err)
}

// ListUnknownSenders returns the senders to review, most frequent first;
// dismissed ones are left out.
func (db *DB) ListUnknownSenders(ctx context.Context, limit int) ([]mail.UnknownSender, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT address, name, message_count, last_date, last_subject
		FROM mail_unknown_sender WHERE dismissed = 0 ORDER BY message_count DESC, last_date DESC, address LIMIT ?`, limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []mail.UnknownSender
	for rows.Next() {
		var u mail.UnknownSender
		var last string
		if err := rows.Scan(&u.Addr, &u.Name, &u.MessageCount, &last, &u.LastSubject); err != nil {
			return nil, err
		}
		u.LastDate = parseMailTime(last)
		out = append(out, u)
	}
	return out, rows.Err()
}

// DismissUnknownSender hides an address from the senders to review.
func (db *DB) DismissUnknownSender(ctx context.Context, addr string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE mail_unknown_sender SET dismissed = 1 WHERE address = ?`, addr)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return sql.ErrNoRows
		}
		return db.audit(ctx, tx, "dismiss", "mail_unknown_sender", 0, map[string]string{"address": addr})
	})
}

// ForgetUnknownSenders removes addresses that now match a contact. The
// list is derived from mail, so no audit entry is written.
func (db *DB) ForgetUnknownSenders(ctx context.Context, addrs []string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, a := range addrs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM mail_unknown_sender WHERE address = ?`, a); err != nil {
				return err
			}
		}
		return nil
	})
}
