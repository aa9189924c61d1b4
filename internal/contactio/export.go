package contactio

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

// ExportStore is the persistence an export needs; *store.DB implements
// it.
type ExportStore interface {
	// ExportContacts streams contacts with their details; nil ids means
	// all of them.
	ExportContacts(ctx context.Context, ids []int64, fn func(c contact.Contact, orgs []contact.OrgRole) error) error
	// PressListMembers returns the members of a press list who may be
	// written to, or an apperr.ErrNotFound error for an unknown list.
	PressListMembers(ctx context.Context, name string) ([]int64, error)
}

// Export formats.
const (
	FormatCSV   = "csv"
	FormatVCard = "vcard"
)

// ExportOptions choose what an export writes.
type ExportOptions struct {
	Format       string // FormatCSV or FormatVCard
	VCardVersion string // "3.0" (default) or "4.0"
	// List, when set, exports only the members of that press list
	// (those who may be written to).
	List string
}

// Export writes the chosen contacts to w and returns how many it wrote.
func Export(ctx context.Context, st ExportStore, w io.Writer, o ExportOptions) (int, error) {
	var write func(contact.Contact, []contact.OrgRole) error
	var flush func() error
	var count func() int
	switch strings.ToLower(o.Format) {
	case FormatCSV:
		cw := NewCSVWriter(w)
		write, flush, count = cw.Write, cw.Flush, cw.Count
	case FormatVCard, "vcf":
		v := o.VCardVersion
		if v == "" {
			v = "3.0"
		}
		vw, err := NewVCardWriter(w, v)
		if err != nil {
			return 0, err
		}
		write, flush, count = vw.Write, func() error { return nil }, vw.Count
	default:
		return 0, apperr.Invalid("export.format", fmt.Sprintf(
			"Le format « %s » n'est pas pris en charge. Choisissez csv (tableur) ou vcard (carnet d'adresses).", o.Format))
	}
	var ids []int64
	if o.List != "" {
		members, err := st.PressListMembers(ctx, o.List)
		if err != nil {
			return 0, err
		}
		ids = append([]int64{}, members...) // not nil: an empty list exports nobody
	}
	if err := st.ExportContacts(ctx, ids, write); err != nil {
		return count(), err
	}
	return count(), flush()
}
