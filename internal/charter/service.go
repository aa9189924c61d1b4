package charter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	// CountCharters returns the number of charters.
	CountCharters(ctx context.Context) (int, error)
	// InstallCharters saves each template as version 1 of a new charter,
	// with note, in one transaction, unless some charter already exists.
	// It returns how many it installed.
	InstallCharters(ctx context.Context, ts []Template, note string) (int, error)
	// ListCharters returns every charter with its latest version, by name.
	ListCharters(ctx context.Context) ([]Charter, error)
	GetCharter(ctx context.Context, name string) (Charter, error)
	// CharterVersion returns one version of a charter; 0 is the latest.
	CharterVersion(ctx context.Context, name string, version int) (Version, error)
	// ListCharterVersions returns every version of a charter, newest
	// first, with its body.
	ListCharterVersions(ctx context.Context, name string) ([]Version, error)
	// SaveCharterVersion saves v.Body as the next version of charter
	// v.Name, creating the charter when it does not exist, and sets
	// v.CharterID, v.Version and v.CreatedAt. A body equal to the latest
	// version's is refused with UnchangedError, in the same transaction.
	SaveCharterVersion(ctx context.Context, v *Version) error
	// SetCharterAudience sets the tag of the contacts who must sign.
	SetCharterAudience(ctx context.Context, name, tag string) error
	// RecordCharterIssues saves the documents issued, in one transaction.
	RecordCharterIssues(ctx context.Context, is []Issue) error
	// LastCharterIssue returns the latest document issued to a contact
	// from a version, or apperr.ErrNotFound.
	LastCharterIssue(ctx context.Context, charterID int64, version int, contactID int64) (Issue, error)
	// RecordCharterSignature saves a signature; a second signature of the
	// same version by the same contact is an apperr.ErrConflict.
	RecordCharterSignature(ctx context.Context, s *Signature) error
	// ListCharterSignatures returns the signatures of a charter by live
	// contacts, newest version first, then by name.
	ListCharterSignatures(ctx context.Context, charterID int64) ([]Signature, error)
	// TaggedContacts returns the live contacts carrying tag, compared
	// without case or accents.
	TaggedContacts(ctx context.Context, tag string) ([]Person, error)

	Association(ctx context.Context) (association.Profile, error)
	GetContact(ctx context.Context, id int64) (contact.Contact, error)
	ListMemberships(ctx context.Context, id int64) ([]contact.Membership, error)
	ListSponsorCases(ctx context.Context, f sponsor.Filter) ([]sponsor.Case, error)
}

// Document is a charter filled for one signer, ready to draw.
type Document struct {
	Name  string
	Title string
	// Version is the version the text comes from; 0 for a preview of a
	// text not saved yet.
	Version int
	// VersionOn is the day the version was saved, YYYY-MM-DD.
	VersionOn string
	// Date is the date of the document, YYYY-MM-DD: the {{date}} field and
	// the date of the PDF, so that the same input gives the same bytes.
	Date   string
	Blocks []Block
	// Association is the association's profile: name, address, logo and
	// representative.
	Association association.Profile
	// SignerName and SignerRole are who signs for the other party;
	// Partner is the organisation they sign for, or "".
	SignerName, SignerRole, Partner string
}

// Renderer draws documents one after the other in one PDF, each from a
// new page with its own page numbers. The same documents must give the
// same bytes.
type Renderer func(docs []Document) ([]byte, error)

// Params are what NewService needs.
type Params struct {
	Store  Store
	Render Renderer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is the charters' business API used by the GUI and the CLI.
type Service struct {
	store  Store
	render Renderer
	now    func() time.Time

	mu        sync.Mutex
	installed bool
}

// NewService returns a Service on p.Store drawing with p.Render.
func NewService(p Params) *Service {
	if p.Store == nil || p.Render == nil {
		panic("charter.NewService: nil store or renderer")
	}
	s := &Service{store: p.Store, render: p.Render, now: p.Now}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// install puts the shipped templates in an empty database, once: the
// first time charters are used, not when the database is created, so
// that a database restored or migrated keeps exactly what it held.
func (s *Service) install(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.installed {
		return nil
	}
	n, err := s.store.CountCharters(ctx)
	if err != nil {
		return fmt.Errorf("count charters: %w", err)
	}
	if n == 0 {
		ts, err := Shipped()
		if err != nil {
			return fmt.Errorf("read shipped charters: %w", err)
		}
		if _, err := s.store.InstallCharters(ctx, ts, ShippedNote); err != nil {
			return fmt.Errorf("install shipped charters: %w", err)
		}
	}
	s.installed = true
	return nil
}

// List returns every charter with its latest version, by name.
func (s *Service) List(ctx context.Context) ([]Charter, error) {
	if err := s.install(ctx); err != nil {
		return nil, err
	}
	return s.store.ListCharters(ctx)
}

// Get returns version of charter name; version 0 is the latest.
func (s *Service) Get(ctx context.Context, name string, version int) (Version, error) {
	if err := s.install(ctx); err != nil {
		return Version{}, err
	}
	v, err := s.store.CharterVersion(ctx, name, version)
	return v, s.notFound(ctx, name, version, err)
}

// Versions returns every version of charter name, newest first.
func (s *Service) Versions(ctx context.Context, name string) ([]Version, error) {
	if err := s.install(ctx); err != nil {
		return nil, err
	}
	vs, err := s.store.ListCharterVersions(ctx, name)
	if err == nil && len(vs) == 0 {
		err = notFound(name)
	}
	return vs, err
}

// SaveNewVersion saves body as the next version of charter name, or as
// version 1 of a new charter. It refuses a text that does not pass
// Validate, and one identical to the latest version (after Normalize):
// an unchanged text makes no new version. The title is the text's "# "
// line.
func (s *Service) SaveNewVersion(ctx context.Context, name, body, note string) (Version, error) {
	if err := ValidName(name); err != nil {
		return Version{}, err
	}
	body = Normalize(body)
	if err := Validate(body); err != nil {
		return Version{}, err
	}
	if err := s.install(ctx); err != nil {
		return Version{}, err
	}
	v := Version{Name: name, Title: TitleOf(body), Body: body, Note: oneLine(note)}
	if err := s.store.SaveCharterVersion(ctx, &v); err != nil {
		return Version{}, err
	}
	return v, nil
}

// UnchangedError refuses a new version identical to the latest one.
func UnchangedError(name string, latest int) *apperr.Error {
	return apperr.Conflict("charter.unchanged", fmt.Sprintf(
		"Le texte est identique à la version %d de la charte « %s » : aucune nouvelle version n'a été créée. Modifiez le texte avant de l'enregistrer.", latest, name))
}

// SetAudience sets the tag of the contacts who must sign charter name
// (« bénévole »); "" leaves only its previous signers.
func (s *Service) SetAudience(ctx context.Context, name, tag string) error {
	if err := s.install(ctx); err != nil {
		return err
	}
	return s.notFound(ctx, name, 0, s.store.SetCharterAudience(ctx, name, oneLine(tag)))
}

// Output is a drawn charter document.
type Output struct {
	PDF    []byte
	SHA256 string // of PDF
	// Version is the version drawn, 0 for a preview.
	Version int
	// Missing lists, per contact, the fields left blank to fill by hand.
	Missing []Missing
}

// Missing is a contact whose document has blank fields.
type Missing struct {
	ContactID int64
	Name      string
	Fields    []string
}

// Render draws version of charter name for one contact (version 0: the
// latest) dated date (YYYY-MM-DD, "" for today), and records the
// document issued with its SHA-256.
func (s *Service) Render(ctx context.Context, name string, version int, contactID int64, date string) (Output, error) {
	return s.RenderBatch(ctx, name, version, []int64{contactID}, date)
}

// RenderBatch draws version of charter name for each contact, in one PDF
// where each document starts on a new page with its own page numbers,
// and records one issued document per contact, all with the SHA-256 of
// that PDF.
func (s *Service) RenderBatch(ctx context.Context, name string, version int, contactIDs []int64, date string) (Output, error) {
	if len(contactIDs) == 0 {
		return Output{}, apperr.Invalid("charter.no_signer", "Choisissez au moins un contact pour qui établir la charte.")
	}
	v, err := s.Get(ctx, name, version)
	if err != nil {
		return Output{}, err
	}
	if date, err = s.date(date); err != nil {
		return Output{}, err
	}
	out, err := s.draw(ctx, v, contactIDs, date)
	if err != nil {
		return Output{}, err
	}
	issues := make([]Issue, len(contactIDs))
	for i, id := range contactIDs {
		issues[i] = Issue{CharterID: v.CharterID, Version: v.Version, ContactID: id, IssuedOn: date, SHA256: out.SHA256}
	}
	if err := s.store.RecordCharterIssues(ctx, issues); err != nil {
		return Output{}, fmt.Errorf("record charter %s issued: %w", name, err)
	}
	return out, nil
}

// Preview draws body, a text being edited, for contactID (0: with the
// fields' examples) dated date ("" for today). It saves and records
// nothing, and draws a text that does not validate yet as well as it can.
func (s *Service) Preview(ctx context.Context, body string, contactID int64, date string) (Output, error) {
	date, err := s.date(date)
	if err != nil {
		return Output{}, err
	}
	v := Version{Name: "apercu", Title: TitleOf(body), Body: body}
	if contactID == 0 {
		profile, err := s.store.Association(ctx)
		if err != nil {
			return Output{}, fmt.Errorf("read association: %w", err)
		}
		// The association and the date are known; the rest shows the
		// fields' examples.
		values := Examples()
		for k, val := range (Parties{Association: profile, Date: date}).Values() {
			if val != "" && (k == "date" || strings.HasPrefix(k, "association.")) {
				values[k] = val
			}
		}
		doc, _ := fill(v, profile, Parties{Date: date}, values)
		b, err := s.render([]Document{doc})
		if err != nil {
			return Output{}, err
		}
		return Output{PDF: b, SHA256: hashHex(b)}, nil
	}
	return s.draw(ctx, v, []int64{contactID}, date)
}

// draw fills v for each contact and draws the documents.
func (s *Service) draw(ctx context.Context, v Version, contactIDs []int64, date string) (Output, error) {
	profile, err := s.store.Association(ctx)
	if err != nil {
		return Output{}, fmt.Errorf("read association: %w", err)
	}
	out := Output{Version: v.Version}
	docs := make([]Document, 0, len(contactIDs))
	for _, id := range contactIDs {
		p, err := s.parties(ctx, id, date)
		if err != nil {
			return Output{}, err
		}
		p.Association = profile
		doc, missing := fill(v, profile, p, p.Values())
		if len(missing) > 0 {
			out.Missing = append(out.Missing, Missing{ContactID: id, Name: PersonName(p.Signer), Fields: missing})
		}
		docs = append(docs, doc)
	}
	b, err := s.render(docs)
	if err != nil {
		return Output{}, err
	}
	out.PDF, out.SHA256 = b, hashHex(b)
	return out, nil
}

// fill fills v with values for the parties p, and returns the fields left
// blank.
func fill(v Version, profile association.Profile, p Parties, values Values) (Document, []string) {
	parsed, _ := Parse(v.Body)
	blocks, missing := Fill(parsed, values)
	d := Document{
		Name: v.Name, Title: v.Title, Version: v.Version, Date: p.Date, Blocks: blocks, Association: profile,
		SignerName: values["signataire.nom"], SignerRole: values["signataire.role"],
	}
	if !v.CreatedAt.IsZero() {
		d.VersionOn = v.CreatedAt.Format(time.DateOnly)
	}
	if p.Partner != nil && p.Partner.Kind == contact.Organisation {
		d.Partner = p.Partner.OrgName
	}
	if p.Signer.Kind == contact.Organisation {
		d.Partner = p.Signer.OrgName
	}
	return d, missing
}

// parties loads who a document for contact id, dated date, is for: the
// contact, the organisation it belongs to or its representative, and the
// partner's sponsorship case of the year of date (or its latest before).
func (s *Service) parties(ctx context.Context, id int64, date string) (Parties, error) {
	c, err := s.store.GetContact(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return Parties{}, contact.NotFoundError(id)
	}
	if err != nil {
		return Parties{}, fmt.Errorf("read contact %d: %w", id, err)
	}
	p := Parties{Signer: c, Date: date}
	ms, err := s.store.ListMemberships(ctx, id)
	if err != nil {
		return Parties{}, fmt.Errorf("read memberships of contact %d: %w", id, err)
	}
	org := id
	if c.Kind == contact.Organisation {
		if len(ms) > 0 {
			// The first person with a role signs for the organisation,
			// named « Prénom Nom » rather than as lists file them.
			m := ms[0]
			for _, x := range ms {
				if x.Role != "" {
					m = x
					break
				}
			}
			if person, err := s.store.GetContact(ctx, m.PersonID); err == nil {
				m.Person = PersonName(person)
			}
			p.Representative = &m
		}
	} else if len(ms) > 0 {
		org = ms[0].OrganisationID
		p.Role = ms[0].Role
		partner, err := s.store.GetContact(ctx, org)
		if err != nil {
			return Parties{}, fmt.Errorf("read organisation %d: %w", org, err)
		}
		p.Partner = &partner
	}
	if c.Kind == contact.Organisation || p.Partner != nil {
		cases, err := s.store.ListSponsorCases(ctx, sponsor.Filter{OrgID: org})
		if err != nil {
			return Parties{}, fmt.Errorf("read sponsorship cases of %d: %w", org, err)
		}
		p.Case = caseFor(cases, date)
	}
	return p, nil
}

// caseFor picks the case of the year of date, else the latest before it.
func caseFor(cases []sponsor.Case, date string) *sponsor.Case {
	year, _ := strconv.Atoi(date[:min(4, len(date))])
	var best *sponsor.Case
	for i := range cases {
		c := &cases[i]
		if c.Year <= year && (best == nil || c.Year > best.Year) {
			best = c
		}
	}
	return best
}

// date checks a date given by the user, or returns today's.
func (s *Service) date(d string) (string, error) {
	if d == "" {
		return s.now().Format(time.DateOnly), nil
	}
	if t, err := time.Parse(time.DateOnly, d); err != nil || t.Format(time.DateOnly) != d {
		return "", apperr.InvalidField("date", "charter.date_invalid", fmt.Sprintf(
			"La date « %s » n'est pas valide. Écrivez-la AAAA-MM-JJ, par exemple 2026-11-21.", d))
	}
	return d, nil
}

// RecordSignature records that contactID signed version of charter name
// (0: the latest) on signedOn ("" for today). document is the signed
// document, scanned, or nil: its SHA-256 is kept, or else that of the
// document last issued to the contact for this version.
func (s *Service) RecordSignature(ctx context.Context, name string, version int, contactID int64, signedOn string, document []byte) (Signature, error) {
	v, err := s.Get(ctx, name, version)
	if err != nil {
		return Signature{}, err
	}
	if signedOn, err = s.date(signedOn); err != nil {
		return Signature{}, err
	}
	sig := Signature{CharterID: v.CharterID, Version: v.Version, ContactID: contactID, SignedOn: signedOn}
	switch {
	case len(document) > 0:
		sig.SHA256 = hashHex(document)
	default:
		is, err := s.store.LastCharterIssue(ctx, v.CharterID, v.Version, contactID)
		switch {
		case err == nil:
			sig.SHA256 = is.SHA256
		case !errors.Is(err, apperr.ErrNotFound):
			return Signature{}, err
		}
	}
	if err := s.store.RecordCharterSignature(ctx, &sig); err != nil {
		return Signature{}, err
	}
	return sig, nil
}

// Register is the signatures register of a charter.
type Register struct {
	Charter Charter
	// Signatures are every signature, newest version first, then by name.
	Signatures []Signature
	// Pending are who still has to sign the latest version: see
	// PendingSigners.
	Pending []Pending
}

// Signatures returns the register of charter name: who signed which
// version and when, and who still has to sign the latest version, that
// is every contact carrying the charter's audience tag (the volunteers,
// for the charter of volunteering) and every previous signer.
func (s *Service) Signatures(ctx context.Context, name string) (Register, error) {
	if err := s.install(ctx); err != nil {
		return Register{}, err
	}
	c, err := s.store.GetCharter(ctx, name)
	if err != nil {
		return Register{}, s.notFound(ctx, name, 0, err)
	}
	sigs, err := s.store.ListCharterSignatures(ctx, c.ID)
	if err != nil {
		return Register{}, err
	}
	var audience []Person
	if c.AudienceTag != "" {
		if audience, err = s.store.TaggedContacts(ctx, c.AudienceTag); err != nil {
			return Register{}, err
		}
	}
	return Register{Charter: c, Signatures: sigs, Pending: PendingSigners(c.Latest, sigs, audience)}, nil
}

// notFound words a missing charter or version.
func (s *Service) notFound(ctx context.Context, name string, version int, err error) error {
	if !errors.Is(err, apperr.ErrNotFound) || apperr.Is(err) {
		return err
	}
	if version > 0 {
		if c, cerr := s.store.GetCharter(ctx, name); cerr == nil {
			return apperr.NotFound("charter.version_not_found", fmt.Sprintf(
				"La charte « %s » n'a pas de version %d : ses versions vont de 1 à %d.", name, version, c.Latest))
		}
	}
	return notFound(name)
}

func notFound(name string) error {
	return apperr.NotFound("charter.not_found", fmt.Sprintf(
		"Aucune charte ne s'appelle « %s ». La liste des chartes s'affiche avec « bureau charter list ».", name))
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
