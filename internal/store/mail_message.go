package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/mail"
)

// mailTime formats an instant of a message for storage: UTC RFC 3339,
// which sorts as text.
func mailTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseMailTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// SaveMailBatch stores one step of a folder's sync in one transaction:
// new messages with their addresses, attachments and search entry (a
// message already stored under the same key is only linked), links of
// known messages to the folder, unknown senders, and the folder's new
// state. A sync stopped at any point resumes after the last batch.
func (db *DB) SaveMailBatch(ctx context.Context, b mail.Batch) (mail.BatchResult, error) {
	var res mail.BatchResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		res = mail.BatchResult{}
		s, err := prepareMailStatements(ctx, tx)
		if err != nil {
			return err
		}
		defer s.close()
		now := db.now()
		for _, in := range b.Messages {
			id, added, err := s.insertMessage(ctx, in.Message, now)
			if err != nil {
				return fmt.Errorf("store message %s: %w", in.Message.Key, err)
			}
			if added {
				res.Added++
			}
			if _, err := s.link.ExecContext(ctx, b.FolderID, in.UID, id); err != nil {
				return err
			}
		}
		for _, l := range b.Links {
			var id int64
			if err := s.byKey.QueryRowContext(ctx, l.Key).Scan(&id); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					continue // vanished meanwhile: the next rescan fetches it
				}
				return err
			}
			r, err := s.link.ExecContext(ctx, b.FolderID, l.UID, id)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				res.Linked++
			}
		}
		for _, u := range b.Senders {
			if _, err := s.sender.ExecContext(ctx, strings.ToLower(u.Addr), u.Name, mailTime(u.Date), u.Subject); err != nil {
				return err
			}
		}
		synced := sql.NullString{String: now, Valid: b.Done}
		if _, err := tx.ExecContext(ctx, `UPDATE mail_folder SET uidvalidity = ?, last_uid = max(last_uid, ?),
			highest_modseq = CASE WHEN ? > 0 THEN ? ELSE highest_modseq END, synced_at = coalesce(?, synced_at)
			WHERE id = ?`, b.UIDValidity, b.LastUID, b.HighestModSeq, b.HighestModSeq, synced, b.FolderID); err != nil {
			return err
		}
		if res.Added+res.Linked == 0 {
			return nil
		}
		return db.audit(ctx, tx, "sync", "mail_folder", b.FolderID, map[string]any{
			"added": res.Added, "linked": res.Linked, "last_uid": b.LastUID})
	})
	return res, err
}

// mailStatements are the statements a batch repeats.
type mailStatements struct {
	msg, byKey, link, addr, att, fts, sender *sql.Stmt
}

func prepareMailStatements(ctx context.Context, tx *sql.Tx) (*mailStatements, error) {
	s := &mailStatements{}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&s.msg, `INSERT INTO mail_message (key, message_id, in_reply_to, refs, subject, date, from_name, from_addr,
			body, body_is_html, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO NOTHING`},
		{&s.byKey, `SELECT id FROM mail_message WHERE key = ?`},
		{&s.link, `INSERT INTO mail_message_folder (folder_id, uid, message_id) VALUES (?, ?, ?)
			ON CONFLICT (folder_id, uid) DO NOTHING`},
		{&s.addr, `INSERT INTO mail_address (message_id, role, position, address, name) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`},
		{&s.att, `INSERT INTO mail_attachment (message_id, position, filename, content_type, size, inline, content)
			VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&s.fts, `INSERT INTO mail_fts (rowid, subject, body) VALUES (?, ?, ?)`},
		{&s.sender, `INSERT INTO mail_unknown_sender (address, name, message_count, last_date, last_subject)
			VALUES (?, ?, 1, ?, ?)
			ON CONFLICT (address) DO UPDATE SET message_count = message_count + 1,
				name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END,
				last_subject = CASE WHEN excluded.last_date >= last_date THEN excluded.last_subject ELSE last_subject END,
				last_date = max(last_date, excluded.last_date)`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			s.close()
			return nil, err
		}
		*p.dst = st
	}
	return s, nil
}

func (s *mailStatements) close() {
	for _, st := range []*sql.Stmt{s.msg, s.byKey, s.link, s.addr, s.att, s.fts, s.sender} {
		if st != nil {
			st.Close()
		}
	}
}

// insertMessage stores m unless its key is already there, and returns
// its id either way.
func (s *mailStatements) insertMessage(ctx context.Context, m mail.Message, now string) (int64, bool, error) {
	html := 0
	if m.FromHTML {
		html = 1
	}
	r, err := s.msg.ExecContext(ctx, m.Key, m.MessageID, m.InReplyTo, strings.Join(m.References, " "), m.Subject,
		mailTime(m.Date), m.From.Name, m.From.Addr, m.Text, html, m.Size, now)
	if err != nil {
		return 0, false, err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		var id int64
		err := s.byKey.QueryRowContext(ctx, m.Key).Scan(&id)
		return id, false, err
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, false, err
	}
	roles := []struct {
		role  string
		addrs []mail.Address
	}{{"from", []mail.Address{m.From}}, {"to", m.To}, {"cc", m.Cc}}
	for _, ro := range roles {
		for i, a := range ro.addrs {
			if a.Addr == "" {
				continue
			}
			if _, err := s.addr.ExecContext(ctx, id, ro.role, i, a.Addr, a.Name); err != nil {
				return 0, false, err
			}
		}
	}
	for i, a := range m.Attachments {
		var content any
		if a.Stored {
			content = a.Data
			if a.Data == nil {
				content = []byte{}
			}
		}
		inline := 0
		if a.Inline {
			inline = 1
		}
		if _, err := s.att.ExecContext(ctx, id, i, a.Name, a.ContentType, a.Size, inline, content); err != nil {
			return 0, false, err
		}
	}
	if _, err := s.fts.ExecContext(ctx, id, m.Subject, m.Text); err != nil {
		return 0, false, err
	}
	return id, true, nil
}

// KnownMailKeys returns which of keys are already stored.
func (db *DB) KnownMailKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), 500)
		chunk := keys[:n]
		keys = keys[n:]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := db.r.QueryContext(ctx, `SELECT key FROM mail_message WHERE key IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MailFolderUIDs returns the UIDs linked in a folder.
func (db *DB) MailFolderUIDs(ctx context.Context, folderID int64) (map[uint32]bool, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT uid FROM mail_message_folder WHERE folder_id = ?`, folderID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[uint32]bool{}
	for rows.Next() {
		var uid uint32
		if err := rows.Scan(&uid); err != nil {
			return nil, err
		}
		out[uid] = true
	}
	return out, rows.Err()
}

// GetMailAttachment returns an attachment with its content (nil when it
// was over the size cap).
func (db *DB) GetMailAttachment(ctx context.Context, id int64) (mail.Attachment, error) {
	var a mail.Attachment
	var inline, stored int
	var content []byte
	err := db.r.QueryRowContext(ctx, `SELECT id, filename, content_type, size, inline, content IS NOT NULL, content
		FROM mail_attachment WHERE id = ?`, id).Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &inline, &stored, &content)
	if err != nil {
		return a, mapError(err)
	}
	a.Inline = inline == 1
	a.Stored = stored == 1
	if a.Stored {
		a.Data = append([]byte{}, content...)
	}
	return a, nil
}
